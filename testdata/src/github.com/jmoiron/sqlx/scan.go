package sqlx

// rowsi is the interface StructScan reads.
type rowsi interface {
	Close() error
	Columns() ([]string, error)
	Err() error
	Next() bool
	Scan(...interface{}) error
}

// StructScan reads all rows into dest. It does not close them.
func StructScan(rows rowsi, dest interface{}) error { return nil }

// Unsafe returns a version of the statement that ignores missing fields; it
// shares the underlying statement.
func (n *NamedStmt) Unsafe() *NamedStmt { return n }

// Unsafe returns a version of the statement that ignores missing fields; it
// shares the underlying statement.
func (s *Stmt) Unsafe() *Stmt { return s }
