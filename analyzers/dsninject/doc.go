// Package dsninject defines an Analyzer that reports connection strings
// (DSNs) assembled from values with fmt.Sprintf, +, strings.Join or a
// strings.Builder instead of a structured builder.
//
// # Analyzer dsninject
//
// dsninject: report DSNs assembled from values by fmt.Sprintf, concatenation or builders, where a value can rewrite the connection parameters
//
// A connection string is syntax. fmt.Sprintf("host=%s password=%s", host,
// pass) pastes every value into that syntax unescaped: the day the operator
// rotates the password to one with a space, a quote or a backslash (a URL:
// an @, /, ?, # or %), the service no longer connects; and a value from a
// request can add parameters of its own (?allowAllFiles=true lets a rogue
// server read the client's files, tls=false or sslmode=disable turns
// encryption off, host=evil sends the password elsewhere). A DSN cannot
// represent such characters safely; the drivers' maintainers recommend their
// structured builders.
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
// variables captured by closures. A parameter of an unexported function of
// the package that is only ever called (never used as a value or a method
// expression, and, for a method, no interface of the package has its name)
// is followed back to every call, through up to three such functions: when
// every call passes a constant (dataSourceName(dbName) called with "testdb",
// and through openConn(dbName) with "testdb_template"), the parameter holds
// one of those constants, and the DSN is not reported. The report sits on the argument, its
// related information on the assembly, naming the operands; the message says
// what can be injected and which builder the driver offers: mysql.NewConfig
// and FormatDSN for MySQL, url.URL with url.UserPassword for postgres and
// sqlserver URLs, the driver's config struct or quoting for key=value DSNs.
// The dialect comes from the sink (pgx is postgres), the constant driver
// name (sql.Open("mysql", ...)), or the shape of the template.
//
// The message says what the values can do, by where they come from. A value
// of a request (the assembly or the sink is in a request scope: an HTTP,
// gin, echo or fiber handler, a gRPC method, a routed function; or the value
// is read, directly or through local variables, from an *http.Request or a
// gin, echo or fiber context) can inject: "@ / ? & in a value can add
// allowAllFiles=true". Any other value is the operator's configuration (the
// environment, a config struct or file, a flag), where nobody injects and
// the realistic harm is a rotated password breaking the string: "a password
// with a space, quote or backslash breaks it; use url.URL with
// url.UserPassword" (key=value; with pgx: set the fields of ParseConfig's
// result), "a password with @ / ? # or % breaks it" (URL). A go-sql-driver
// DSN (user:password@tcp(address)/dbname?options) of the operator's
// configuration is judged by its parser, mysql.ParseDSN: it takes the last
// / as the start of the database name, the last @ before it as the end of
// the userinfo and the first : as the end of the user name, so a password
// with any character parses, and so does an address; a user name with a :
// or a database name with / ? or % would break it, but those are names the
// operator picks once, not values that rotate. Such a DSN is reported only
// when a value sits among its options: "an option with & or / breaks it"
// (loc=Europe/Paris moves the start of the database name). Options that a
// function returns as whole options, its own & included
// (?charset=utf8%s with "" or "&tls=custom"), count as constants when
// every return of a same-package function is a constant, and are trusted
// when the function is another package's outside the standard library (out
// of sight: the precision rule); such a function's result as a free-text
// option's value (loc=%s) is still reported, and so is a value passed
// through a standard library function. The operator's value of a mode
// option, whose legal values are fixed words, does not count: tls= of
// go-sql-driver (true, false, skip-verify, preferred or a registered
// name), sslmode=, gssencmode=, sslcertmode=, sslnegotiation=,
// channel_binding=, target_session_attrs=, load_balance_hosts= of libpq
// and pgx, encrypt= of SQL Server, when the value is the option's whole
// value (tls=%s at the end or before & ; or a blank). A value with & / or
// a space is no legal mode, so the connection fails with it whether the
// DSN is assembled or built; a DSN whose only values among the options
// are modes is not reported. A request's value there still is, and so is
// a free-text value (loc=, application_name=, a whole params string)
// beside a mode. For the
// operator's configuration, code that escapes the password on the way into
// a URL is the fix, not the bug, and is not
// reported: an operand escaped by url.QueryEscape or url.PathEscape, a
// userinfo written by url.UserPassword(...).String(), a url.URL parsed from
// the assembled string (or given it as its query) whose User is set by
// url.UserPassword or url.User; the operator's URL split and joined again
// around its escaped password. A key=value or go-sql-driver DSN does not
// take URL escapes, so escaping there does not count.
//
// Not reported: operands that are all constants; numbers and booleans
// (%d with a port); the whole DSN from one value (os.Getenv("DATABASE_URL"),
// a config field, fmt.Sprintf("%s", dsn)), with constant options appended
// after ? & ; or a space (the separator possibly added on another path:
// dsn += "&" or "?", then dsn += "parseTime=true"); the output of structured builders
// ((*mysql.Config).FormatDSN, url.URL's String, url.Values.Encode, pgx's
// ConnString); operands escaped by url.QueryEscape, url.PathEscape or a
// function whose name says it escapes or quotes; operands passed through the
// Replace of a strings.Replacer made by strings.NewReplacer from constant
// pairs that write a backslash before every backslash, single quote and
// space, strings.NewReplacer(" ", "\\ ", "'", "\\'", "\\", "\\\\"), in a
// package variable or a local one: libpq and lib/pq read a backslash in a
// key=value value as escaping the next character, so such a value cannot
// end its pair (a replacer that leaves the backslash alone is still
// reported; the rule does not look at the DSN's form, so such a value is
// trusted in a URL too); a value built by a function
// of another package (it cannot be seen: the precision rule); the DSN of a
// file database (driver sqlite3, sqlite, sqlcipher, duckdb, ql, or a name
// a known SQLite driver registers), which is a path, also when the driver
// name is a variable whose every value is such a constant; a DSN made of
// file system paths (path.Join, filepath.Join, filepath.Clean, os.TempDir,
// t.TempDir...), numbers and constants, unless every driver name that can
// reach the opener is a known network driver's: it names a file; an SQLite
// URI ("file:" + path + "?" + options, whatever the driver name) whose
// values all sit in its path, where @ / & = and spaces are literal. url.URL's String is no builder when the URL was parsed from an
// assembled string (url.Parse), or when its RawQuery or Opaque, which it
// writes unescaped, was assembled.
//
// A fmt.Sprintf whose constant format is shaped like a DSN (@tcp(, @unix(,
// postgres://, mysql://, sqlserver://, key=value forms such as host=%s
// password=%s) and formats a value into it is reported too, in the category
// dsn-format, even when the DSN goes out of sight (stored in a struct,
// returned to another package). When the same Sprintf reaches a sink in
// sight, only the sink finding (category dsn-assembled) is reported. A
// Sprintf whose result only feeds url.Parse, a function that redacts or
// masks it, an error's text (fmt.Errorf, errors.New), a print or a log line
// (a copy of the DSN with the password masked, for messages) connects to
// nothing and is not reported. Nor is a display string: a Sprintf that is
// the result of a String() string or Error() string method (a
// fmt.Stringer's or an error's text), or one whose every value is
// formatted by %q (host=%q user=%q: Go-quoted for a reader, a space or a
// quote cannot split the pairs, and no driver reads Go's escapes). A
// Sprintf that appends options to a DSN another DSN-shaped Sprintf built
// (fmt.Sprintf("%s sslmode=%s", connString, mode)) is the same DSN: its
// finding is at that builder. A Sprintf whose format starts with jdbc: (a
// JDBC URL, jdbc:postgresql://%s:%d/%s?user=%s, built for a Java consumer)
// is no Go driver's DSN and is not reported; if it does reach a sink in
// sight, that sink's dsn-assembled finding stands. A Sprintf shaped like a
// DSN of a database that no driver of the program opens is not reported: a postgres DSN
// (key=value or URL) in a module whose non-test files, scanned whole,
// import no package that opens a PostgreSQL connection from a DSN (lib/pq,
// pgx and its stdlib, pgxpool, pgconn, gorm.io/driver/postgres, gorm v1's
// dialects/postgres, bun's pgdriver, go-pg), and whose package imports none
// directly or transitively (a library that links lib/pq in counts), nor
// gives sql.Open a PostgreSQL driver's name; the same for mysql and SQL
// Server DSNs. When the module cannot be scanned (no go.mod, too many
// files), the driver is assumed present. The message names a driver only
// by a key of its own: database= is pgx's name for dbname= as well as SQL Server's
// key, so host=%s user=%s database=%s is a postgres DSN; a key only SQL
// Server has (server=, user id=, pwd=, ...), or database= with ; between
// the pairs, makes a SQL Server one.
//
// Bad:
//
//	dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s", cfg.User, cfg.Password, cfg.Host, r.FormValue("tenant"))
//	db, err := sql.Open("mysql", dsn) // tenant "x?allowAllFiles=true" rewrites the DSN
//
//	dsn := fmt.Sprintf("host=%s user=%s password=%s", cfg.Host, cfg.User, cfg.Password)
//	db, err := sql.Open("postgres", dsn) // the password "a b'c" breaks it
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
// (and @unix) in a file that imports github.com/go-sql-driver/mysql, when it
// is reported (a value of a request), a fix rewrites the Sprintf into
// mysql.NewConfig, field assignments and FormatDSN.
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
