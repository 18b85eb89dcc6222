// Package dsninject defines an Analyzer that reports connection strings
// (DSNs) assembled from values with fmt.Sprintf, +, strings.Join or a
// strings.Builder instead of a structured builder.
//
// # Analyzer dsninject
//
// dsninject: report DSNs assembled from values by fmt.Sprintf, concatenation or builders, where a value can rewrite the connection parameters
//
// A connection string is syntax. fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass,
// host, db) pastes every value into that syntax unescaped: a password with an
// @ or a / breaks the DSN, and a value from a request, a tenant name, a
// config file or an environment variable can add parameters of its own
// (?allowAllFiles=true lets a rogue server read the client's files,
// tls=false or sslmode=disable turns encryption off, host=evil sends the
// password elsewhere). A DSN cannot represent such characters safely; the
// drivers' maintainers recommend their structured builders.
//
// The analyzer reports the DSN argument of a pool opener or a driver's
// parser (sql.Open, sqlx.Open/Connect/MustConnect/MustOpen/ConnectContext,
// pgx.Connect/ParseConfig, pgxpool.New/ParseConfig, pgconn.Connect/ParseConfig,
// mysql.ParseDSN, pq.NewConnector, gorm's mysql.Open and postgres.Open, the
// sinks of -dsninject.sinks, and same-package functions that pass a
// parameter on to one of those) when the value was assembled, in the
// function or in a same-package helper whose body it reads, by
// fmt.Sprintf/Sprint/Sprintln, + or +=, strings.Join, writes to a
// strings.Builder or bytes.Buffer (fmt.Fprintf into one included), with at
// least one operand that is not a constant. It follows local variables,
// reassignments and every branch that reaches the call (go/cfg), parameters
// of helpers back to their call, url.Parse of an assembled string, and
// variables captured by closures. The report sits on the argument, its
// related information on the assembly, naming the operands; the message says
// what can be injected and which builder the driver offers: mysql.NewConfig
// and FormatDSN for MySQL, url.URL with url.UserPassword for postgres and
// sqlserver URLs, the driver's config struct or quoting for key=value DSNs.
// The dialect comes from the sink (pgx is postgres), the constant driver
// name (sql.Open("mysql", ...)), or the shape of the template.
//
// Not reported: operands that are all constants; numbers and booleans
// (%d with a port); the whole DSN from one value (os.Getenv("DATABASE_URL"),
// a config field, fmt.Sprintf("%s", dsn)), with constant options appended
// after ? & ; or a space; the output of structured builders
// ((*mysql.Config).FormatDSN, url.URL's String, url.Values.Encode, pgx's
// ConnString); operands escaped by url.QueryEscape, url.PathEscape or a
// function whose name says it escapes or quotes; a value built by a function
// of another package (it cannot be seen: the precision rule); the DSN of a
// file database (driver sqlite3, sqlite, sqlcipher, duckdb, ql), which is a
// path. url.URL's String is no builder when the URL was parsed from an
// assembled string (url.Parse), or when its RawQuery or Opaque, which it
// writes unescaped, was assembled.
//
// A fmt.Sprintf whose constant format is shaped like a DSN (@tcp(, @unix(,
// postgres://, mysql://, sqlserver://, key=value forms such as host=%s
// password=%s) and formats a value into it is reported too, in the category
// dsn-format, even when the DSN goes out of sight (stored in a struct,
// returned to another package). When the same Sprintf reaches a sink in
// sight, only the sink finding (category dsn-assembled) is reported.
//
// Bad:
//
//	dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s", cfg.User, cfg.Password, cfg.Host, tenant)
//	db, err := sql.Open("mysql", dsn) // tenant "x?allowAllFiles=true" rewrites the DSN
//
// Good:
//
//	c := mysql.NewConfig()
//	c.User, c.Passwd, c.Net, c.Addr, c.DBName = cfg.User, cfg.Password, "tcp", cfg.Host, tenant
//	db, err := sql.Open("mysql", c.FormatDSN())
//
//	u := url.URL{Scheme: "postgres", User: url.UserPassword(user, pass), Host: host, Path: db}
//	pool, err := pgxpool.New(ctx, u.String())
//
// For the classic fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, addr, db)
// (and @unix) in a file that imports github.com/go-sql-driver/mysql, a fix
// rewrites the Sprintf into mysql.NewConfig, field assignments and FormatDSN.
// NewConfig, not a mysql.Config{...} literal: the driver's parser starts from
// NewConfig's defaults and FormatDSN writes the fields that differ from
// them, so a literal would add allowNativePasswords=false and
// checkConnLiveness=false. The rewrite yields the same Config for every value
// free of DSN syntax (an empty user with a non-empty password is the one
// difference: FormatDSN writes a password only after a user).
//
// Test files (_test.go) are silent unless -dsninject.tests is set: fixtures
// build throwaway DSNs for local containers. With -dsninject.insecure-options
// the analyzer also reports constant DSN options that turn transport security
// off or widen the attack surface (sslmode=disable, tls=false,
// tls=skip-verify, allowAllFiles=true, allowCleartextPasswords=true,
// multiStatements=true, SQL Server's encrypt=disable), category
// dsn-insecure-option, in constants that reach a sink or a DSN-shaped
// format and in string literals shaped like a DSN.
package dsninject
