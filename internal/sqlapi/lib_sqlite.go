package sqlapi

// This file is what the suite knows of SQLite's Go drivers: the packages
// whose import registers one with database/sql (or opens one through
// gorm), the names they register, and what each reads from the query of a
// connection string (the rows of the other drivers are in lib_drivers.go). The facts come from reading each driver's DSN parser:
//
//   - github.com/mattn/go-sqlite3 v1.14.x (sqlite3.go, (*SQLiteDriver).Open):
//     reads the query after the first ? of any DSN; keys _busy_timeout
//     (_timeout), _journal_mode (_journal), _foreign_keys (_fk),
//     _synchronous (_sync), _txlock, _auto_vacuum (_vacuum), _locking_mode
//     (_locking), ... and no _pragma; sets busy_timeout 5000 unless the DSN
//     sets one.
//   - modernc.org/sqlite v1.54.0 and v1.63.0 (sqlite.go, applyQueryParams):
//     reads the query after the first ? of any DSN: _pragma (each run as
//     PRAGMA <value>, busy_timeout first), _txlock, _time_format, vfs, ...;
//     from v1.55.0 (CHANGELOG) also mattn's keys above; sets no busy timeout.
//   - github.com/glebarez/go-sqlite v1.23.0 (sqlite.go), a fork of modernc
//     that github.com/glebarez/sqlite (gorm) opens: _pragma, _txlock,
//     _time_format, vfs; no busy timeout.
//   - github.com/ncruces/go-sqlite3 v0.22.0 to v0.37.0 and v0.38.0
//     (driver/driver.go newConnector, conn.go openDB): reads the query only
//     of a DSN that starts with file:: _pragma, _txlock, _timefmt; no
//     mattn key. Before v0.38.0 the driver sets a 1-minute busy timeout only
//     when the DSN has no _pragma; from v0.38.0 on every connection, before
//     the _pragma list runs.

// Package paths of the SQLite drivers and of gorm's SQLite dialectors.
const (
	Mattn          = "github.com/mattn/go-sqlite3"
	Modernc        = "modernc.org/sqlite"
	GlebarezDriver = "github.com/glebarez/go-sqlite"
	GlebarezGorm   = "github.com/glebarez/sqlite"
	Ncruces        = "github.com/ncruces/go-sqlite3/driver"
	NcrucesGorm    = "github.com/ncruces/go-sqlite3/gormlite"
	GormSQLite     = "gorm.io/driver/sqlite"
	Libsql         = "github.com/tursodatabase/go-libsql"
)

// SQLiteDSN is what a SQLite driver reads from the query of a DSN (the text
// after its first ?).
type SQLiteDSN struct {
	// Keys is set when the driver reads mattn's keys (_busy_timeout,
	// _journal_mode, ...), from version KeysSince of Module on when that is
	// set (before it they are ignored).
	Keys      bool
	KeysSince string
	// Pragma is set when the driver reads _pragma=NAME(VALUE). A driver
	// that reads neither syntax (or whose parser is not recorded here) is
	// known to be SQLite, and nothing is said of its DSN.
	Pragma bool
	// FileOnly is set when the driver reads the query only of a DSN that
	// starts with "file:"; any other DSN is a file name, ? and all.
	FileOnly bool
	// Busy is the busy timeout the driver sets when the DSN sets none, in
	// words ("5 s"), or "". BusyUnlessPragmaBefore, when set, is the version
	// of Module before which the driver sets it only when the DSN has no
	// _pragma at all.
	Busy                   string
	BusyUnlessPragmaBefore string
}

var (
	mattnDSN    = &SQLiteDSN{Keys: true, Busy: "5 s"}
	moderncDSN  = &SQLiteDSN{Keys: true, KeysSince: "v1.55.0", Pragma: true}
	glebarezDSN = &SQLiteDSN{Pragma: true}
	ncrucesDSN  = &SQLiteDSN{Pragma: true, FileOnly: true, Busy: "1 min", BusyUnlessPragmaBefore: "v0.38.0"}
)

// sqliteDrivers are SQLite's drivers and gorm dialectors. Two register
// "sqlite3" (mattn, ncruces) and two "sqlite" (modernc, glebarez): the
// imports of the module tell which.
var sqliteDrivers = []DriverRow{
	{Pkg: Mattn, Module: Mattn, Title: "mattn/go-sqlite3", Names: []string{"sqlite3"}, SQLite: mattnDSN},
	{Pkg: GormSQLite, Module: Mattn, Title: "mattn/go-sqlite3", Names: []string{"sqlite3"}, SQLite: mattnDSN, Dialector: true},
	{Pkg: Modernc, Module: Modernc, Title: "modernc.org/sqlite", Names: []string{"sqlite"}, SQLite: moderncDSN},
	{Pkg: GlebarezDriver, Module: GlebarezDriver, Title: "glebarez/go-sqlite", Names: []string{"sqlite"}, SQLite: glebarezDSN},
	{Pkg: GlebarezGorm, Module: GlebarezDriver, Title: "glebarez/go-sqlite", Names: []string{"sqlite"}, SQLite: glebarezDSN, Dialector: true},
	{Pkg: Ncruces, Module: "github.com/ncruces/go-sqlite3", Title: "ncruces/go-sqlite3", Names: []string{"sqlite3"}, SQLite: ncrucesDSN, Opener: "Open"},
	{Pkg: NcrucesGorm, Module: "github.com/ncruces/go-sqlite3", Title: "ncruces/go-sqlite3", Names: []string{"sqlite3"}, SQLite: ncrucesDSN, Dialector: true},
	{Pkg: Libsql, Module: Libsql, Title: "go-libsql", Names: []string{"libsql"}, SQLite: &SQLiteDSN{}},
}

// sqliteKeys are mattn's DSN keys that set a pragma, with their aliases.
var sqliteKeys = []struct {
	Keys   []string
	Pragma string
}{
	{[]string{"_busy_timeout", "_timeout"}, "busy_timeout"},
	{[]string{"_journal_mode", "_journal"}, "journal_mode"},
	{[]string{"_foreign_keys", "_fk"}, "foreign_keys"},
	{[]string{"_synchronous", "_sync"}, "synchronous"},
	{[]string{"_auto_vacuum", "_vacuum"}, "auto_vacuum"},
	{[]string{"_locking_mode", "_locking"}, "locking_mode"},
	{[]string{"_recursive_triggers", "_rt"}, "recursive_triggers"},
	{[]string{"_case_sensitive_like", "_cslike"}, "case_sensitive_like"},
	{[]string{"_defer_foreign_keys", "_defer_fk"}, "defer_foreign_keys"},
	{[]string{"_ignore_check_constraints"}, "ignore_check_constraints"},
	{[]string{"_query_only"}, "query_only"},
	{[]string{"_secure_delete"}, "secure_delete"},
	{[]string{"_writable_schema"}, "writable_schema"},
	{[]string{"_cache_size"}, "cache_size"},
}

// pragmaLoss says, for the pragmas whose loss matters most, what a DSN
// that believes it set the pragma gets instead.
var pragmaLoss = map[string]string{
	"busy_timeout": "a locked database fails writes at once",
	"journal_mode": "the journal mode stays the default",
	"foreign_keys": "foreign keys are not enforced",
	"synchronous":  "the synchronous level stays the default",
}
