// Package pq is a minimal stub of github.com/lib/pq.
package pq

import (
	"context"
	"database/sql/driver"
)

type Connector struct{}

type Driver struct{}

func NewConnector(dsn string) (*Connector, error)                     { return nil, nil }
func (c *Connector) Connect(ctx context.Context) (driver.Conn, error) { return nil, nil }
func (c *Connector) Driver() driver.Driver                            { return &Driver{} }
func (d *Driver) Open(name string) (driver.Conn, error)               { return nil, nil }
func QuoteIdentifier(name string) string                              { return name }
func QuoteLiteral(literal string) string                              { return literal }

// CopyIn returns the statement that starts a COPY FROM STDIN; Exec with
// values buffers a row, Exec without values flushes the buffer.
func CopyIn(table string, columns ...string) string { return "" }

// CopyInSchema is CopyIn for a table of a schema.
func CopyInSchema(schema, table string, columns ...string) string { return "" }
