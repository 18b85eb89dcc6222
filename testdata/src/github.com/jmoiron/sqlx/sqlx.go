// Package sqlx is a minimal stub of github.com/jmoiron/sqlx v1.4: types and
// signatures only, for analysistest cases.
package sqlx

import (
	"context"
	"database/sql"
)

type DB struct {
	*sql.DB
	driverName string
}

type Tx struct {
	*sql.Tx
	driverName string
}

type Stmt struct {
	*sql.Stmt
}

type Conn struct {
	*sql.Conn
}

type Rows struct {
	*sql.Rows
}

// Row does not embed *sql.Row: it wraps *sql.Rows, as the real type does.
type Row struct {
	err  error
	rows *sql.Rows
}

type NamedStmt struct {
	Params      []string
	QueryString string
	Stmt        *Stmt
}

type Queryer interface {
	Query(query string, args ...interface{}) (*sql.Rows, error)
	Queryx(query string, args ...interface{}) (*Rows, error)
	QueryRowx(query string, args ...interface{}) *Row
}

type QueryerContext interface {
	QueryContext(ctx context.Context, query string, args ...interface{}) (*sql.Rows, error)
	QueryxContext(ctx context.Context, query string, args ...interface{}) (*Rows, error)
	QueryRowxContext(ctx context.Context, query string, args ...interface{}) *Row
}

type Execer interface {
	Exec(query string, args ...interface{}) (sql.Result, error)
}

type ExecerContext interface {
	ExecContext(ctx context.Context, query string, args ...interface{}) (sql.Result, error)
}

type Preparer interface {
	Prepare(query string) (*sql.Stmt, error)
}

type PreparerContext interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

type Ext interface {
	Queryer
	Execer
}

type ExtContext interface {
	QueryerContext
	ExecerContext
}

func NewDb(db *sql.DB, driverName string) *DB                { return &DB{DB: db, driverName: driverName} }
func Open(driverName, dataSourceName string) (*DB, error)    { return nil, nil }
func MustOpen(driverName, dataSourceName string) *DB         { return nil }
func Connect(driverName, dataSourceName string) (*DB, error) { return nil, nil }
func MustConnect(driverName, dataSourceName string) *DB      { return nil }
func ConnectContext(ctx context.Context, driverName, dataSourceName string) (*DB, error) {
	return nil, nil
}

func Select(q Queryer, dest interface{}, query string, args ...interface{}) error { return nil }
func Get(q Queryer, dest interface{}, query string, args ...interface{}) error    { return nil }
func MustExec(e Execer, query string, args ...interface{}) sql.Result             { return nil }
func Preparex(p Preparer, query string) (*Stmt, error)                            { return nil, nil }
func NamedQuery(e Ext, query string, arg interface{}) (*Rows, error)              { return nil, nil }
func NamedExec(e Ext, query string, arg interface{}) (sql.Result, error)          { return nil, nil }
func SelectContext(ctx context.Context, q QueryerContext, dest interface{}, query string, args ...interface{}) error {
	return nil
}
func GetContext(ctx context.Context, q QueryerContext, dest interface{}, query string, args ...interface{}) error {
	return nil
}
func MustExecContext(ctx context.Context, e ExecerContext, query string, args ...interface{}) sql.Result {
	return nil
}
func PreparexContext(ctx context.Context, p PreparerContext, query string) (*Stmt, error) {
	return nil, nil
}
func NamedQueryContext(ctx context.Context, e ExtContext, query string, arg interface{}) (*Rows, error) {
	return nil, nil
}
func NamedExecContext(ctx context.Context, e ExtContext, query string, arg interface{}) (sql.Result, error) {
	return nil, nil
}
func In(query string, args ...interface{}) (string, []interface{}, error) { return query, args, nil }

func (db *DB) DriverName() string                                               { return db.driverName }
func (db *DB) Rebind(query string) string                                       { return query }
func (db *DB) NamedQuery(query string, arg interface{}) (*Rows, error)          { return nil, nil }
func (db *DB) NamedExec(query string, arg interface{}) (sql.Result, error)      { return nil, nil }
func (db *DB) Select(dest interface{}, query string, args ...interface{}) error { return nil }
func (db *DB) Get(dest interface{}, query string, args ...interface{}) error    { return nil }
func (db *DB) MustBegin() *Tx                                                   { return nil }
func (db *DB) Beginx() (*Tx, error)                                             { return nil, nil }
func (db *DB) Queryx(query string, args ...interface{}) (*Rows, error)          { return nil, nil }
func (db *DB) QueryRowx(query string, args ...interface{}) *Row                 { return nil }
func (db *DB) MustExec(query string, args ...interface{}) sql.Result            { return nil }
func (db *DB) Preparex(query string) (*Stmt, error)                             { return nil, nil }
func (db *DB) PrepareNamed(query string) (*NamedStmt, error)                    { return nil, nil }
func (db *DB) PrepareNamedContext(ctx context.Context, query string) (*NamedStmt, error) {
	return nil, nil
}
func (db *DB) NamedQueryContext(ctx context.Context, query string, arg interface{}) (*Rows, error) {
	return nil, nil
}
func (db *DB) NamedExecContext(ctx context.Context, query string, arg interface{}) (sql.Result, error) {
	return nil, nil
}
func (db *DB) SelectContext(ctx context.Context, dest interface{}, query string, args ...interface{}) error {
	return nil
}
func (db *DB) GetContext(ctx context.Context, dest interface{}, query string, args ...interface{}) error {
	return nil
}
func (db *DB) PreparexContext(ctx context.Context, query string) (*Stmt, error) { return nil, nil }
func (db *DB) QueryxContext(ctx context.Context, query string, args ...interface{}) (*Rows, error) {
	return nil, nil
}
func (db *DB) QueryRowxContext(ctx context.Context, query string, args ...interface{}) *Row {
	return nil
}
func (db *DB) MustBeginTx(ctx context.Context, opts *sql.TxOptions) *Tx { return nil }
func (db *DB) MustExecContext(ctx context.Context, query string, args ...interface{}) sql.Result {
	return nil
}
func (db *DB) BeginTxx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) { return nil, nil }
func (db *DB) Connx(ctx context.Context) (*Conn, error)                       { return nil, nil }

func (c *Conn) BeginTxx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) { return nil, nil }
func (c *Conn) SelectContext(ctx context.Context, dest interface{}, query string, args ...interface{}) error {
	return nil
}
func (c *Conn) GetContext(ctx context.Context, dest interface{}, query string, args ...interface{}) error {
	return nil
}
func (c *Conn) PreparexContext(ctx context.Context, query string) (*Stmt, error) { return nil, nil }
func (c *Conn) QueryxContext(ctx context.Context, query string, args ...interface{}) (*Rows, error) {
	return nil, nil
}
func (c *Conn) QueryRowxContext(ctx context.Context, query string, args ...interface{}) *Row {
	return nil
}

func (tx *Tx) DriverName() string                                               { return tx.driverName }
func (tx *Tx) Rebind(query string) string                                       { return query }
func (tx *Tx) NamedQuery(query string, arg interface{}) (*Rows, error)          { return nil, nil }
func (tx *Tx) NamedExec(query string, arg interface{}) (sql.Result, error)      { return nil, nil }
func (tx *Tx) Select(dest interface{}, query string, args ...interface{}) error { return nil }
func (tx *Tx) Queryx(query string, args ...interface{}) (*Rows, error)          { return nil, nil }
func (tx *Tx) QueryRowx(query string, args ...interface{}) *Row                 { return nil }
func (tx *Tx) Get(dest interface{}, query string, args ...interface{}) error    { return nil }
func (tx *Tx) MustExec(query string, args ...interface{}) sql.Result            { return nil }
func (tx *Tx) Preparex(query string) (*Stmt, error)                             { return nil, nil }
func (tx *Tx) Stmtx(stmt interface{}) *Stmt                                     { return nil }
func (tx *Tx) NamedStmt(stmt *NamedStmt) *NamedStmt                             { return nil }
func (tx *Tx) PrepareNamed(query string) (*NamedStmt, error)                    { return nil, nil }
func (tx *Tx) StmtxContext(ctx context.Context, stmt interface{}) *Stmt         { return nil }
func (tx *Tx) NamedStmtContext(ctx context.Context, stmt *NamedStmt) *NamedStmt {
	return nil
}
func (tx *Tx) PreparexContext(ctx context.Context, query string) (*Stmt, error) { return nil, nil }
func (tx *Tx) PrepareNamedContext(ctx context.Context, query string) (*NamedStmt, error) {
	return nil, nil
}
func (tx *Tx) MustExecContext(ctx context.Context, query string, args ...interface{}) sql.Result {
	return nil
}
func (tx *Tx) QueryxContext(ctx context.Context, query string, args ...interface{}) (*Rows, error) {
	return nil, nil
}
func (tx *Tx) SelectContext(ctx context.Context, dest interface{}, query string, args ...interface{}) error {
	return nil
}
func (tx *Tx) GetContext(ctx context.Context, dest interface{}, query string, args ...interface{}) error {
	return nil
}
func (tx *Tx) QueryRowxContext(ctx context.Context, query string, args ...interface{}) *Row {
	return nil
}
func (tx *Tx) NamedExecContext(ctx context.Context, query string, arg interface{}) (sql.Result, error) {
	return nil, nil
}

func (s *Stmt) Select(dest interface{}, args ...interface{}) error { return nil }
func (s *Stmt) Get(dest interface{}, args ...interface{}) error    { return nil }
func (s *Stmt) MustExec(args ...interface{}) sql.Result            { return nil }
func (s *Stmt) QueryRowx(args ...interface{}) *Row                 { return nil }
func (s *Stmt) Queryx(args ...interface{}) (*Rows, error)          { return nil, nil }
func (s *Stmt) SelectContext(ctx context.Context, dest interface{}, args ...interface{}) error {
	return nil
}
func (s *Stmt) GetContext(ctx context.Context, dest interface{}, args ...interface{}) error {
	return nil
}
func (s *Stmt) MustExecContext(ctx context.Context, args ...interface{}) sql.Result { return nil }
func (s *Stmt) QueryRowxContext(ctx context.Context, args ...interface{}) *Row      { return nil }
func (s *Stmt) QueryxContext(ctx context.Context, args ...interface{}) (*Rows, error) {
	return nil, nil
}

func (n *NamedStmt) Close() error                                   { return nil }
func (n *NamedStmt) Exec(arg interface{}) (sql.Result, error)       { return nil, nil }
func (n *NamedStmt) Query(arg interface{}) (*sql.Rows, error)       { return nil, nil }
func (n *NamedStmt) QueryRow(arg interface{}) *Row                  { return nil }
func (n *NamedStmt) MustExec(arg interface{}) sql.Result            { return nil }
func (n *NamedStmt) Queryx(arg interface{}) (*Rows, error)          { return nil, nil }
func (n *NamedStmt) QueryRowx(arg interface{}) *Row                 { return nil }
func (n *NamedStmt) Select(dest interface{}, arg interface{}) error { return nil }
func (n *NamedStmt) Get(dest interface{}, arg interface{}) error    { return nil }
func (n *NamedStmt) ExecContext(ctx context.Context, arg interface{}) (sql.Result, error) {
	return nil, nil
}
func (n *NamedStmt) QueryContext(ctx context.Context, arg interface{}) (*sql.Rows, error) {
	return nil, nil
}
func (n *NamedStmt) QueryRowContext(ctx context.Context, arg interface{}) *Row { return nil }
func (n *NamedStmt) MustExecContext(ctx context.Context, arg interface{}) sql.Result {
	return nil
}
func (n *NamedStmt) QueryxContext(ctx context.Context, arg interface{}) (*Rows, error) {
	return nil, nil
}
func (n *NamedStmt) QueryRowxContext(ctx context.Context, arg interface{}) *Row { return nil }
func (n *NamedStmt) SelectContext(ctx context.Context, dest interface{}, arg interface{}) error {
	return nil
}
func (n *NamedStmt) GetContext(ctx context.Context, dest interface{}, arg interface{}) error {
	return nil
}

func (r *Rows) SliceScan() ([]interface{}, error)         { return nil, nil }
func (r *Rows) MapScan(dest map[string]interface{}) error { return nil }
func (r *Rows) StructScan(dest interface{}) error         { return nil }
func (r *Row) Scan(dest ...interface{}) error             { return r.err }
func (r *Row) StructScan(dest interface{}) error          { return r.err }
func (r *Row) MapScan(dest map[string]interface{}) error  { return r.err }
func (r *Row) SliceScan() ([]interface{}, error)          { return nil, r.err }
func (r *Row) Columns() ([]string, error)                 { return nil, r.err }
func (r *Row) Err() error                                 { return r.err }
