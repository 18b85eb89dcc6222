package a

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	gormmysql "gorm.io/driver/mysql"
)

type Config struct {
	User, Password, Host, Name string
	Port                       int
	DSN                        string
}

// --- Sinks of every kind, with the value assembled in place -----------------

// The operator's user, password, address and database in a go-sql-driver
// DSN: its parser takes any password and address, and the names are picked
// once: silent. An option's value can break it (loc=Europe/Paris).
func sprintfInPlace(user, pass, host, name, loc string) {
	sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s?parseTime=true", user, pass, host, name))
	sql.Open("mysql", fmt.Sprintf("%s:%s@tcp(%s)/%s?parseTime=true&loc=%s", user, pass, host, name, loc)) // want `^DSN for sql\.Open built from user, pass and 3 more: an option with & or / breaks it; use mysql\.Config\.FormatDSN$`
}

func sqlxSinks(ctx context.Context, c Config) {
	dsn := fmt.Sprintf("postgres://%s:%s@%s/%s", c.User, c.Password, c.Host, c.Name) // want `^DSN for sqlx\.Open built from c\.User, c\.Password and 2 more: a password with @ / \? # or % breaks it; use url\.URL with url\.UserPassword$`
	sqlx.Open("postgres", dsn)
	sqlx.Connect("postgres", dsn)
	sqlx.MustConnect("postgres", dsn)
	sqlx.MustOpen("postgres", dsn)
	sqlx.ConnectContext(ctx, "postgres", dsn)
}

func pgxSinks(ctx context.Context, c Config) {
	kv := fmt.Sprintf("host=%s port=%d user=%s password=%s dbname=%s", c.Host, c.Port, c.User, c.Password, c.Name) // want `^DSN for pgx\.Connect built from c\.Host, c\.User and 2 more: a password with a space, quote or backslash breaks it; set the fields of ParseConfig's result$`
	pgx.Connect(ctx, kv)
	pgx.ParseConfig(kv)
	pgxpool.New(ctx, kv)
	pgxpool.ParseConfig(kv)
	pgconn.Connect(ctx, kv)
	pq.NewConnector(kv)
	gorm.Open(postgres.Open(kv))
}

func mysqlParsers(c Config) {
	dsn := c.User + ":" + c.Password + "@tcp(" + c.Host + ")/app?loc=" + c.Name // want `^DSN for mysql\.ParseDSN built from c\.User, c\.Password and 2 more: an option with & or / breaks it; use mysql\.Config\.FormatDSN$`
	mysql.ParseDSN(dsn)
	gorm.Open(gormmysql.Open(dsn))
}

// --- The ways to assemble --------------------------------------------------

func plusAssign(c Config) {
	dsn := "host=" + c.Host
	dsn += " user=" + c.User
	dsn += " sslmode=require" // want `^DSN for sql\.Open built from c\.Host, c\.User: a space, quote or backslash in a value breaks it; use url\.URL with url\.UserPassword$`
	sql.Open("pgx", dsn)
}

func join(c Config) {
	parts := []string{"host=" + c.Host, "dbname=app"}
	parts = append(parts, "password="+c.Password)
	sql.Open("postgres", strings.Join(parts, " ")) // want `^DSN for sql\.Open built from c\.Host, c\.Password: a password with a space, quote or backslash breaks it; use url\.URL with url\.UserPassword$`
}

func joinLiteral(c Config) {
	sql.Open("postgres", strings.Join([]string{"host=db", "user=" + c.User}, " ")) // want `^DSN for sql\.Open built from c\.User: a space, quote or backslash in a value breaks it; use url\.URL with url\.UserPassword$`
}

func builder(c Config) {
	var b strings.Builder
	b.WriteString("postgres://")
	b.WriteString(c.User)
	b.WriteByte('@')
	fmt.Fprintf(&b, "%s/%s", c.Host, c.Name)
	sql.Open("pgx", b.String()) // want `^DSN for sql\.Open built from c\.User, c\.Host and 1 more: a value with @ / \? # or % breaks it; build it with url\.URL$`
}

func buffer(c Config) {
	buf := new(bytes.Buffer)
	buf.WriteString(c.User)
	buf.WriteString(":")
	buf.Write([]byte(c.Password))
	buf.WriteString("@tcp(db:3306)/app?loc=")
	buf.WriteString(c.Name)
	sql.Open("mysql", buf.String())        // want `^DSN for sql\.Open built from c\.User, c\.Password and 1 more: an option with & or / breaks it; use mysql\.Config\.FormatDSN$`
	sql.Open("mysql", string(buf.Bytes())) // want `^DSN for sql\.Open built from c\.User, c\.Password and 1 more: an option with & or / breaks it; use mysql\.Config\.FormatDSN$`
}

func sprint(c Config) {
	sql.Open("postgres", fmt.Sprint("postgres://", c.User, "@", c.Host)) // want `^DSN for sql\.Open built from c\.User, c\.Host: a value with @ / \? # or % breaks it; build it with url\.URL$`
}

// --- Flow: variables, branches, reassignments, helpers, closures ------------

func branches(c Config, local bool) {
	dsn := os.Getenv("DATABASE_URL")
	if !local {
		dsn = fmt.Sprintf("postgres://%s@%s/app", c.User, c.Host) // want `^DSN for sql\.Open built from c\.User, c\.Host: a value with @ / \? # or % breaks it; build it with url\.URL$`
	}
	sql.Open("pgx", dsn)
}

func bothBranches(c Config, tenant string) {
	var dsn string
	if tenant == "" {
		dsn = "host=db dbname=app"
	} else {
		dsn = "host=db dbname=" + tenant // want `^DSN for sql\.Open built from tenant: a space, quote or backslash in a value breaks it; use url\.URL with url\.UserPassword$`
	}
	sql.Open("postgres", dsn)
}

// The assembled value is overwritten before the call: silent.
func reassigned(c Config) {
	dsn := fmt.Sprintf("%s:%s@tcp(%s)/app?loc=%s", c.User, c.Password, c.Host, c.Name) // want `^Sprintf builds a mysql DSN from c\.User, c\.Password and 2 more: an option with & or / breaks it; use mysql\.Config\.FormatDSN$`
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd, cfg.Addr, cfg.DBName = c.User, c.Password, c.Host, c.Name
	dsn = cfg.FormatDSN()
	sql.Open("mysql", dsn)
}

func dsnFor(c Config) string {
	return fmt.Sprintf("%s:%s@tcp(%s:%d)/app?loc=%s", c.User, c.Password, c.Host, c.Port, c.Name) // want `^DSN for sql\.Open built from c\.User, c\.Password and 2 more: an option with & or / breaks it; use mysql\.Config\.FormatDSN$`
}

func helper(c Config) {
	sql.Open("mysql", dsnFor(c))
}

func (c Config) URL() string {
	return "postgres://" + c.User + ":" + c.Password + "@" + c.Host + "/" + c.Name // want `^DSN for pgxpool\.New built from c\.User, c\.Password and 2 more: a password with @ / \? # or % breaks it; use url\.URL with url\.UserPassword$`
}

func method(ctx context.Context, c Config) {
	pgxpool.New(ctx, c.URL())
}

func named(host string) (dsn string) {
	dsn = "host=" + host + " dbname=app" // want `^DSN for sql\.Open built from host: a space, quote or backslash in a value breaks it; use url\.URL with url\.UserPassword$`
	return
}

func namedResult(host string) {
	sql.Open("postgres", named(host))
}

func twoResults(c Config) (string, error) {
	return "postgres://" + c.Host + "/app", nil // want `^DSN for sql\.Open built from c\.Host: a value with @ / \? # or % breaks it; build it with url\.URL$`
}

func multiValue(c Config) {
	dsn, _ := twoResults(c)
	sql.Open("pgx", dsn)
}

// A helper given constants assembles a constant: silent.
func build(user, loc string) string {
	return fmt.Sprintf("%s@tcp(db)/app?loc=%s", user, loc) // want `^DSN for sql\.Open built from user, loc: an option with & or / breaks it; use mysql\.Config\.FormatDSN$`
}

func constantsThroughHelper() {
	sql.Open("mysql", build("root", "UTC"))
}

func variablesThroughHelper(c Config) {
	sql.Open("mysql", build(c.User, c.Name))
}

func closure(c Config) {
	dsn := "postgres://" + c.Host + "/app" // want `^DSN for sql\.Open built from c\.Host: a value with @ / \? # or % breaks it; build it with url\.URL$`
	open := func() {
		sql.Open("pgx", dsn)
	}
	open()
}

func generic[T any](c Config, _ T) string {
	return "host=" + c.Host + " user=" + c.User // want `^DSN for sql\.Open built from c\.Host, c\.User: a space, quote or backslash in a value breaks it; use url\.URL with url\.UserPassword$`
}

func callsGeneric(c Config) {
	sql.Open("postgres", generic(c, 1))
}

func loop(c Config, params []string) {
	dsn := "postgres://" + c.Host + "/app?x=1" // want `^DSN for sql\.Open built from c\.Host: a value with @ / \? # or % breaks it; build it with url\.URL$`
	for _, p := range params {
		dsn += "&" + p
	}
	sql.Open("pgx", dsn)
}

// openDB passes its parameter on to sql.Open: calls of it are sinks.
func openDB(dsn string) (*sql.DB, error) {
	return sql.Open("mysql", dsn)
}

func openAs(driver, dsn string) (*sql.DB, error) {
	return sql.Open(driver, dsn)
}

func wrapper(c Config) {
	openDB(c.User + "@tcp(" + c.Host + ")/app?loc=" + c.Name) // want `^DSN for sql\.Open built from c\.User, c\.Host and 1 more: an option with & or / breaks it; use mysql\.Config\.FormatDSN$`
	openAs("postgres", "postgres://"+c.Host+"/app")           // want `^DSN for sql\.Open built from c\.Host: a value with @ / \? # or % breaks it; build it with url\.URL$`
	openDB(c.DSN)
}

// url.Parse of an assembled string keeps what the string held.
func parsed(c Config) {
	u, _ := url.Parse("postgres://" + c.User + "@" + c.Host + "/app") // want `^DSN for sql\.Open built from c\.User, c\.Host: a value with @ / \? # or % breaks it; build it with url\.URL$`
	sql.Open("pgx", u.String())
}

// --- Silent: idiomatic code -------------------------------------------------

func silent(ctx context.Context, c Config, port int, cfg *mysql.Config, pcfg *pgx.ConnConfig) {
	sql.Open("postgres", os.Getenv("DATABASE_URL"))
	sql.Open("postgres", c.DSN)
	sql.Open("postgres", fmt.Sprintf("%s", c.DSN))
	sql.Open("postgres", os.Getenv("DATABASE_URL")+"?sslmode=require")
	sql.Open("postgres", c.DSN+" application_name=api")
	sql.Open("mysql", "root:secret@tcp(localhost:3306)/app")
	sql.Open("mysql", fmt.Sprintf("root:secret@tcp(localhost:%d)/app", port))
	sql.Open("mysql", fmt.Sprintf("root@tcp(localhost:%d)/app?timeout=%s", port, strconv.Itoa(port)))
	sql.Open("mysql", cfg.FormatDSN())
	sql.Open("pgx", pcfg.ConnString())
	u := url.URL{Scheme: "postgres", User: url.UserPassword(c.User, c.Password), Host: c.Host, Path: c.Name}
	sql.Open("pgx", u.String())
	sql.Open("pgx", "postgres://"+url.UserPassword(c.User, c.Password).String()+"@db:5432/app")
	sql.Open("pgx", "postgres://"+url.QueryEscape(c.User)+":"+url.QueryEscape(c.Password)+"@db/"+url.PathEscape(c.Name))
	q := url.Values{}
	q.Set("sslmode", "verify-full")
	sql.Open("pgx", c.DSN+"?"+q.Encode())
	sql.Open("pgx", "postgres://db/app?connect_timeout="+strconv.Itoa(port))
	sql.Open("mysql", "root@tcp(db)/"+escapeName(c.Name))
	pgx.ParseConfig("")
}

func escapeName(s string) string { return strings.ReplaceAll(s, "/", "%2F") }

// --- Shape findings: the DSN goes out of sight -------------------------------

type Settings struct{ DSN string }

func settings(c Config) Settings {
	return Settings{DSN: fmt.Sprintf("sqlserver://%s:%s@%s?database=%s", c.User, c.Password, c.Host, c.Name)} // want `^Sprintf builds a sqlserver URL from c\.User, c\.Password and 2 more: a password with @ / \? # or % breaks it; use url\.URL with url\.UserPassword$`
}

func Exported(c Config) string {
	return fmt.Sprintf("host=%s user=%s password=%s", c.Host, c.User, c.Password) // want `^Sprintf builds a postgres DSN from c\.Host, c\.User and 1 more: a password with a space, quote or backslash breaks it; use url\.URL with url\.UserPassword$`
}

func mssqlKeywords(c Config) string {
	return fmt.Sprintf("server=%s;user id=%s;password=%s", c.Host, c.User, c.Password) // want `^Sprintf builds a sqlserver DSN from c\.Host, c\.User and 1 more: a password with ; or a quote breaks it; build a sqlserver:// url\.URL$`
}

func migrateURL(c Config) string {
	return fmt.Sprintf("mysql://%s:%s@tcp(%s)/%s", c.User, c.Password, c.Host, c.Name) // want `^Sprintf builds a mysql URL from c\.User, c\.Password and 2 more: a password with @ / \? # or % breaks it; use url\.URL with url\.UserPassword$`
}

func notDSNs(c Config, n int) []string {
	return []string{
		fmt.Sprintf("host=%s", c.Host),                        // one key: a log field, not a DSN
		fmt.Sprintf("connecting to %s as %s", c.Host, c.User), // no shape
		fmt.Sprintf("postgres://db:%d/app", n),                // a number only
		fmt.Sprintf("%s:%s@tcp(%s)/%s", "root", "pw", "db", "app"),
	}
}

// --- Suppression --------------------------------------------------------------

func suppressed(c Config) {
	//dbpoollint:ignore dsninject the host comes from our own service registry
	sql.Open("pgx", "postgres://"+c.Host+"/app")
	// The finding is at the assembly, where the fix goes: the directive too.
	dsn := fmt.Sprintf("postgres://%s@%s/app", c.User, c.Host) //dbpoollint:ignore dsninject both come from our own service registry
	sql.Open("pgx", dsn)
}

// A range variable is assigned anew at every iteration: what the body
// assigns later does not reach the top of the next one.
func rangeReassigned(dsns []string, name string) {
	for _, dsn := range dsns {
		sql.Open("postgres", dsn)
		dsn = fmt.Sprintf("%s dbname=%s", dsn, name) // want `^DSN for sql\.Open built from dsn, name: a space, quote or backslash in a value breaks it; use url\.URL with url\.UserPassword$`
		sql.Open("postgres", dsn)
	}
}

// The elements of a parameter slice cannot be seen: they are one value.
func joinParam(opts ...string) {
	sql.Open("pgx", "postgres://db/app?"+strings.Join(opts, "&")) // want `^DSN for sql\.Open built from opts: a value with @ / \? # or % breaks it; build it with url\.URL$`
}

func multiLine(c Config) {
	sqlx.Connect("postgres",
		fmt.Sprintf("host=%s dbname=%s", c.Host, c.Name)) // want `^DSN for sqlx\.Connect built from c\.Host, c\.Name: a space, quote or backslash in a value breaks it; use url\.URL with url\.UserPassword$`
}

// A DSN-shaped part folded into a reported assembly is not reported again.
func foldedPart(c Config) {
	base := fmt.Sprintf("postgres://%s:%s@%s", c.User, c.Password, c.Host)
	sql.Open("pgx", base+"/"+c.Name) // want `^DSN for sql\.Open built from c\.User, c\.Password and 2 more: a password with @ / \? # or % breaks it; use url\.URL with url\.UserPassword$`
}

// Package-level initializers have no function around them.
var (
	globalDSN   = fmt.Sprintf("postgres://%s@db/app", os.Getenv("PGUSER"))                                          // want `^Sprintf builds a postgres URL from os\.Getenv\("PGUSER"\): a value with @ / \? # or % breaks it; build it with url\.URL$`
	globalDB, _ = sql.Open("mysql", fmt.Sprintf("%s@tcp(db)/app?loc=%s", os.Getenv("MYSQL_USER"), os.Getenv("TZ"))) // want `^DSN for sql\.Open built from os\.Getenv\("MYSQL_USER"\), os\.Getenv\("TZ"\): an option with & or / breaks it; use mysql\.Config\.FormatDSN$`
	_, _        = sql.Open("pgx", globalDSN)
)

// url.URL writes RawQuery as it is.
func rawQuery(c Config, mode string) {
	u := url.URL{Scheme: "postgres", User: url.User(c.User), Host: c.Host, RawQuery: "sslmode=" + mode} // credentials escaped by url.User: the operator's option is trusted
	sql.Open("pgx", u.String())
	v := &url.URL{Scheme: "postgres", Host: c.Host}
	v.RawQuery = "sslmode=require&application_name=" + mode // want `^DSN for sql\.Open built from mode: a value with & or # breaks the options; build RawQuery with url\.Values$`
	sql.Open("pgx", v.String())
	q := url.Values{"sslmode": {mode}}
	w := url.URL{Scheme: "postgres", Host: c.Host, RawQuery: q.Encode()}
	sql.Open("pgx", w.String())
}

// A file database's DSN is a path: not a network DSN.
func sqlite(dir string) {
	sql.Open("sqlite3", "file:"+dir+"/app.db?cache=shared")
	sql.Open("sqlite", fmt.Sprintf("file:%s/app.db?_pragma=busy_timeout(5000)", dir))
}

func openFile(path string) (*sql.DB, error) { return sql.Open("sqlite3", path) }

func sqliteWrapper(dir string) {
	openFile(dir + "/app.db?_busy_timeout=5000")
	openAs("sqlite3", dir+"/app.db?mode=ro")
}

// ---- a same-package helper that never returns ends the paths through it ----

// die never returns.
func die(msg string) { panic(msg) }

// The assembled DSN reaches the sink only through die, which never returns.
func openOrDie(user, pass string, legacy bool) (*sql.DB, error) {
	dsn := "postgres://app@db/app"
	if legacy {
		dsn = "postgres://" + user + ":" + pass + "@db/app"
		die("legacy credentials are refused")
	}
	return sql.Open("postgres", dsn)
}
