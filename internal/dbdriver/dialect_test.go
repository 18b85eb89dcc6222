package dbdriver

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"golang.org/x/tools/go/ast/inspector"
)

// The markers are read only in literals that hold an SQL statement, as
// words, whatever their case; markers of two dialects settle nothing.
func TestTheDialectOfAPackagesSQL(t *testing.T) {
	for _, c := range []struct {
		src  string
		want dialect
	}{
		{"`CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT)`", sqliteSQL},
		{`"insert or ignore into t (id) values (?)"`, sqliteSQL},
		{`"PRAGMA journal_mode = WAL"`, sqliteSQL},
		{`"SELECT name FROM sqlite_master WHERE type = 'table'"`, sqliteSQL},
		{`"CREATE TABLE kv (k TEXT PRIMARY KEY) WITHOUT ROWID"`, sqliteSQL},
		{`"SELECT id FROM t WHERE id = $1::bigint"`, postgresSQL},
		{`"select id from t where name ilike $1"`, postgresSQL},
		{`"CREATE TABLE t (id BIGSERIAL PRIMARY KEY, doc JSONB, at TIMESTAMPTZ, b BYTEA)"`, postgresSQL},
		{`"DELETE FROM t WHERE id = ANY($1)"`, postgresSQL},
		{`"SELECT relname FROM pg_class"`, postgresSQL},
		// MySQL's markers keep a SQLite or PostgreSQL package unsettled.
		{`"CREATE TABLE t (id INT AUTO_INCREMENT) ENGINE=InnoDB"`, anyDialect},
		{`"INSERT INTO t (id) VALUES (?) ON DUPLICATE KEY UPDATE id = id"`, anyDialect},
		// Two dialects, or none.
		{`"CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT)", "CREATE TABLE b (id SERIAL)"`, anyDialect},
		{`"SELECT id FROM t WHERE id = $1"`, anyDialect},
		// Not SQL: messages, DSNs, addresses.
		{`"pragma: the serial number is wrong"`, anyDialect},
		{`"file:x.db?_pragma=journal_mode(WAL)"`, anyDialect},
		{`"listening on [::1]:8080"`, anyDialect},
		// AUTO_INCREMENT is not AUTOINCREMENT; a column named serial_no is no SERIAL.
		{`"CREATE TABLE t (serial_no TEXT, autoincrement_x INT)"`, anyDialect},
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "a.go", "package a\nvar _ = []string{"+c.src+"}\n", 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := dialectOf(fset, inspector.New([]*ast.File{f})); got != c.want {
			t.Errorf("%s: got %d, want %d", c.src, got, c.want)
		}
	}
}

// A test file's SQL does not count: the package's code decides.
func TestTheDialectIgnoresTestFiles(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "a_test.go", "package a\nconst q = `PRAGMA foreign_keys = ON`\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := dialectOf(fset, inspector.New([]*ast.File{f})); got != anyDialect {
		t.Errorf("got %d, want %d", got, anyDialect)
	}
}
