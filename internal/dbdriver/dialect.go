package dbdriver

// This file reads the dialect of a package's SQL, to narrow a module's
// drivers of several databases to the one the package's statements are
// written for.

import (
	"go/ast"
	"go/token"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
)

// dialect is what a package's SQL says of its database.
type dialect int

const (
	anyDialect dialect = iota // no marker, or markers of several dialects
	sqliteSQL
	postgresSQL
)

// statement matches a literal that holds (a part of) an SQL statement;
// only those are read for markers, not the package's messages.
var statement = regexp.MustCompile(`(?is)\b(?:select\b.*\bfrom\b|insert\s+(?:or\s+\w+\s+)?into\b|update\b.*\bset\b|delete\s+from\b|(?:create|drop)\s+(?:unique\s+|temp\s+|temporary\s+|virtual\s+)?(?:table|index|view|trigger|sequence|type|extension)\b|alter\s+table\b|pragma\s+\w)`)

// The markers of syntax only one dialect has.
var (
	sqliteMarker   = regexp.MustCompile(`(?i)\bautoincrement\b|\binsert\s+or\s+(replace|ignore|abort|fail|rollback)\b|\bpragma\s+\w|\bsqlite_(master|sequence|schema|temp_master)\b|\bwithout\s+rowid\b`)
	postgresMarker = regexp.MustCompile(`(?i)[\w)\]'"]::[a-z_]|\bilike\b|\b(small|big)?serial\b|\bjsonb\b|\btimestamptz\b|\bbytea\b|=\s*any\s*\(|\bpg_[a-z_]+`)
	mysqlMarker    = regexp.MustCompile(`(?i)\bauto_increment\b|\bon\s+duplicate\s+key\b|\bengine\s*=`)
)

// narrow returns the module's drivers mod that the package's SQL is written
// for: its SQLite drivers when the SQL has SQLite-only syntax and no marker
// of another dialect, its PostgreSQL drivers likewise; mod itself when the
// module's drivers are of one database, or the SQL does not settle it.
func narrow(mod []*sqlapi.DriverRow, fset *token.FileSet, sc *scope.Package) []*sqlapi.DriverRow {
	var sqlite, postgres, other bool
	for _, d := range mod {
		switch {
		case d.IsSQLite():
			sqlite = true
		case d.Dialect == sqlapi.Postgres:
			postgres = true
		default:
			other = true
		}
	}
	kinds := 0
	for _, k := range []bool{sqlite, postgres, other} {
		if k {
			kinds++
		}
	}
	if kinds < 2 {
		return mod
	}
	var keep func(*sqlapi.DriverRow) bool
	switch dialectOf(fset, sc.Inspector()) {
	case sqliteSQL:
		keep = (*sqlapi.DriverRow).IsSQLite
	case postgresSQL:
		keep = func(d *sqlapi.DriverRow) bool { return d.Dialect == sqlapi.Postgres }
	default:
		return mod
	}
	var out []*sqlapi.DriverRow
	for _, d := range mod {
		if keep(d) {
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		return mod
	}
	return out
}

// dialectOf reads the string literals of the package's non-test files that
// hold an SQL statement.
func dialectOf(fset *token.FileSet, in *inspector.Inspector) dialect {
	var sqlite, postgres, mysql bool
	var file *token.File
	test := false
	for cur := range in.Root().Preorder((*ast.BasicLit)(nil)) {
		lit := cur.Node().(*ast.BasicLit)
		if lit.Kind != token.STRING {
			continue
		}
		if file == nil || int(lit.Pos()) < file.Base() || int(lit.Pos()) > file.Base()+file.Size() {
			if file = fset.File(lit.Pos()); file == nil {
				continue
			}
			test = strings.HasSuffix(file.Name(), "_test.go")
		}
		if test {
			continue
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil || !statement.MatchString(s) {
			continue
		}
		sqlite = sqlite || sqliteMarker.MatchString(s)
		postgres = postgres || postgresMarker.MatchString(s)
		mysql = mysql || mysqlMarker.MatchString(s)
	}
	switch {
	case sqlite && !postgres && !mysql:
		return sqliteSQL
	case postgres && !sqlite && !mysql:
		return postgresSQL
	}
	return anyDialect
}
