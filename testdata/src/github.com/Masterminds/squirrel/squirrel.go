// Package squirrel is a minimal stub of github.com/Masterminds/squirrel.
package squirrel

import "database/sql"

type BaseRunner interface {
	Exec(query string, args ...any) (sql.Result, error)
	Query(query string, args ...any) (*sql.Rows, error)
}

type SelectBuilder struct {
	runner BaseRunner
	sql    string
}

func Select(columns ...string) SelectBuilder { return SelectBuilder{} }

func (b SelectBuilder) From(from string) SelectBuilder            { return b }
func (b SelectBuilder) Where(pred any, args ...any) SelectBuilder { return b }
func (b SelectBuilder) RunWith(runner BaseRunner) SelectBuilder {
	b.runner = runner
	return b
}
func (b SelectBuilder) Query() (*sql.Rows, error) { return b.runner.Query(b.sql) }
