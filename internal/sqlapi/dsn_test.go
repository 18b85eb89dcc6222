package sqlapi_test

import (
	"go/ast"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

func TestShapeOfDSNRecognizesTheThreeSyntaxes(t *testing.T) {
	for _, tc := range []struct {
		text string
		want sqlapi.DSNShape
		ok   bool
	}{
		{"%s:%s@tcp(%s)/%s", sqlapi.DSNShape{Dialect: sqlapi.MySQL, Form: sqlapi.MySQLForm}, true},
		{"%s:%s@unix(%s)/%s?parseTime=true", sqlapi.DSNShape{Dialect: sqlapi.MySQL, Form: sqlapi.MySQLForm}, true},
		{"%s@TCP6([%s]:3306)/app", sqlapi.DSNShape{Dialect: sqlapi.MySQL, Form: sqlapi.MySQLForm}, true},
		{"tcp(%s:%d)/%s", sqlapi.DSNShape{Dialect: sqlapi.MySQL, Form: sqlapi.MySQLForm}, true},
		{"postgres://%s:%s@%s/%s", sqlapi.DSNShape{Dialect: sqlapi.Postgres, Form: sqlapi.URLForm}, true},
		{"postgresql://db/app?sslmode=%s", sqlapi.DSNShape{Dialect: sqlapi.Postgres, Form: sqlapi.URLForm}, true},
		{"mysql://%s:%s@tcp(%s)/%s", sqlapi.DSNShape{Dialect: sqlapi.MySQL, Form: sqlapi.URLForm}, true},
		{"sqlserver://%s:%s@%s?database=%s", sqlapi.DSNShape{Dialect: sqlapi.SQLServer, Form: sqlapi.URLForm}, true},
		{"host=%s port=%d user=%s", sqlapi.DSNShape{Dialect: sqlapi.Postgres, Form: sqlapi.KeywordForm}, true},
		{"password=%s", sqlapi.DSNShape{Dialect: sqlapi.Postgres, Form: sqlapi.KeywordForm}, true},
		{"host=localhost sslmode=disable", sqlapi.DSNShape{Dialect: sqlapi.Postgres, Form: sqlapi.KeywordForm}, true},
		{"server=%s;user id=%s;password=%s", sqlapi.DSNShape{Dialect: sqlapi.SQLServer, Form: sqlapi.KeywordForm}, true},
		{"Server=%s;Database=%s", sqlapi.DSNShape{Dialect: sqlapi.SQLServer, Form: sqlapi.KeywordForm}, true},
		{"host=%s user=%s database=%s", sqlapi.DSNShape{Dialect: sqlapi.Postgres, Form: sqlapi.KeywordForm}, true}, // pgx's name for dbname
		{"host=%s", sqlapi.DSNShape{}, false},                                                     // one key: a log field
		{"localhost=%s user=%s", sqlapi.DSNShape{}, false},                                        // "host=" inside a word
		{"connecting to %s as %s", sqlapi.DSNShape{}, false},                                      // prose
		{"https://%s/api?user=%s", sqlapi.DSNShape{}, false},                                      // not a database scheme
		{"%s@%s", sqlapi.DSNShape{}, false},                                                       // an e-mail address
		{"redis://%s:%d/0?password=x", sqlapi.DSNShape{}, false},                                  // not a database/sql DSN
		{"UPDATE %s SET password=%s,updated_at=%s WHERE username = %s", sqlapi.DSNShape{}, false}, // a statement
		{"select id from users where host=%s and port=%d", sqlapi.DSNShape{}, false},              // a statement
	} {
		got, ok := sqlapi.ShapeOfDSN(tc.text)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ShapeOfDSN(%q) = %v/%v, %v; want %v/%v, %v", tc.text, got.Dialect, got.Form, ok, tc.want.Dialect, tc.want.Form, tc.ok)
		}
	}
}

func TestInsecureDSNOptionsFindsOptionsThatWeakenTheConnection(t *testing.T) {
	for text, want := range map[string][]string{
		"postgres://db/app?sslmode=disable":                  {"sslmode=disable"},
		"host=db sslmode=disable user=app":                   {"sslmode=disable"},
		"root@tcp(db)/app?tls=skip-verify&allowAllFiles=1":   {"tls=skip-verify", "allowAllFiles=1"},
		"root@tcp(db)/app?TLS=false&multiStatements=true":    {"TLS=false", "multiStatements=true"},
		"root@tcp(db)/app?allowCleartextPasswords=true":      {"allowCleartextPasswords=true"},
		"server=db;encrypt=disable":                          {"encrypt=disable"},
		"host=db sslmode='disable' user=app":                 {"sslmode='disable'"},
		"postgres://db/app?sslmode=verify-full":              nil,
		"root@tcp(db)/app?tls=true&allowAllFiles=false":      nil,
		"root@tcp(db)/app?xtls=false&mysslmode=disable":      nil,
		"postgres://db/app?application_name=sslmode=disable": nil,
	} {
		var got []string
		for _, o := range sqlapi.InsecureDSNOptions(text) {
			got = append(got, o.Text)
			if text[o.Offset:o.Offset+len(o.Text)] != o.Text || o.Risk == "" {
				t.Errorf("InsecureDSNOptions(%q): bad option %+v", text, o)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("InsecureDSNOptions(%q) = %q, want %q", text, got, want)
		}
	}
}

// dsnProbe reports what sqlapi says of each call's result as a DSN part.
var dsnProbe = &analysis.Analyzer{
	Name: "dsnprobe",
	Doc:  "report sqlapi's answers about DSN parts",
	Run: func(pass *analysis.Pass) (any, error) {
		res := sqlapi.NewResolver(pass.TypesInfo, pass.Files)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				c, ok := res.Resolve(call)
				if !ok {
					return true
				}
				switch {
				case sqlapi.IsURLParse(c):
					pass.Reportf(call.Lparen, "url parse")
				default:
					pass.Reportf(call.Lparen, "%s", [...]string{"not safe", "built", "escaped", "number"}[sqlapi.SafeDSNPart(c)])
				}
				return true
			})
		}
		return nil, nil
	},
}

func TestSafeDSNPartsAreRecognizedByType(t *testing.T) {
	analysistest.Run(t, testroot.TestData(), dsnProbe, "sqlapi/dsn")
}

func TestFileDriversAreKnown(t *testing.T) {
	for name, want := range map[string]bool{"sqlite3": true, "sqlite": true, "duckdb": true, "mysql": false, "pgx": false, "": false} {
		if got := sqlapi.IsFileDriver(name); got != want {
			t.Errorf("IsFileDriver(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestIsDSNTellsADSNFromATextThatShowsOne(t *testing.T) {
	for text, want := range map[string]bool{
		"postgres://app@db/app?sslmode=disable":                                     true,
		"root:pw@tcp(db:3306)/app?tls=skip-verify":                                  true,
		"host=db user=app password='a b' sslmode=disable":                           true,
		"server=db;user id=sa;password=x;encrypt=disable":                           true,
		"  goose postgres \"user=postgres dbname=postgres sslmode=disable\" status": false,
		"usage:\n\tpostgres://user@host/db?sslmode=disable":                         false,
		"connect with postgres://user@host/db":                                      false,
		"host=db sslmode=disable and then some prose":                               false,
		"https://example.com/?sslmode=disable":                                      false,
	} {
		if got := sqlapi.IsDSN(text); got != want {
			t.Errorf("IsDSN(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestForeignDSNKnowsJDBCURLs(t *testing.T) {
	for text, want := range map[string]bool{
		"jdbc:postgresql://%s.%s/%s?user=%s&sslmode=require": true,
		"JDBC:mysql://%s:%d/%s":                              true,
		"jdbc:sqlserver://%s;databaseName=%s":                true,
		"postgres://%s:%s@%s/%s":                             false,
		"host=%s user=%s jdbc:x":                             false,
	} {
		if got := sqlapi.ForeignDSN(text); got != want {
			t.Errorf("ForeignDSN(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestModeOptionsAndDSNOpeners(t *testing.T) {
	for key, want := range map[string]bool{"tls": true, "SSLMode": true, "gssencmode": true, "loc": false, "application_name": false, "sslrootcert": false, "password": false} {
		if got := sqlapi.IsModeOption(key); got != want {
			t.Errorf("IsModeOption(%q) = %v, want %v", key, got, want)
		}
	}
	for path, want := range map[string]sqlapi.Dialect{
		sqlapi.PQ: sqlapi.Postgres, sqlapi.PgxPoolV5: sqlapi.Postgres, sqlapi.MySQLDriver: sqlapi.MySQL,
		"github.com/jinzhu/gorm/dialects/postgres": sqlapi.Postgres, "github.com/jinzhu/gorm/dialects/mysql": sqlapi.MySQL,
		"github.com/mattn/go-sqlite3": sqlapi.UnknownDialect, "github.com/jinzhu/gorm": sqlapi.UnknownDialect,
	} {
		got, ok := sqlapi.DSNDialectOfImport(path)
		if got != want || ok != (want != sqlapi.UnknownDialect) {
			t.Errorf("DSNDialectOfImport(%q) = %v, %v, want %v", path, got, ok, want)
		}
	}
}
