package sqlapi

import "strings"

// This file knows what connection strings (DSNs) look like: the shapes of
// the three syntaxes drivers accept, the options that weaken a connection's
// security, and the functions whose output can be placed in a DSN as is.

// DSNForm is the syntax family of a connection string.
type DSNForm int

const (
	UnknownForm DSNForm = iota
	// MySQLForm: go-sql-driver/mysql's user:pass@tcp(host:3306)/db?param=value.
	MySQLForm
	// URLForm: scheme://user:pass@host:port/db?param=value (postgres, sqlserver,
	// and the mysql:// URLs of migration tools).
	URLForm
	// KeywordForm: key=value pairs, separated by spaces (libpq: host=h
	// user=u) or by semicolons (SQL Server: server=h;user id=u).
	KeywordForm
)

func (f DSNForm) String() string {
	switch f {
	case MySQLForm:
		return "mysql"
	case URLForm:
		return "url"
	case KeywordForm:
		return "keyword"
	}
	return ""
}

// DSNShape is the dialect and form a connection-string template has.
type DSNShape struct {
	Dialect Dialect
	Form    DSNForm
}

// String names the shape for messages: "a postgres URL", "a mysql DSN".
func (s DSNShape) String() string {
	d := s.Dialect.String()
	switch s.Form {
	case URLForm:
		return "a " + d + " URL"
	}
	return "a " + d + " DSN"
}

// DSNRisk says what a value can inject into a DSN of the dialect and form,
// and which builder to use instead, in the words of a message.
func DSNRisk(d Dialect, f DSNForm) (risk, build string) {
	const urlBuild = "build it with url.URL"
	switch {
	case f == MySQLForm || d == MySQL && f != URLForm && f != KeywordForm:
		return "@ / ? & in a value can add allowAllFiles=true", "use mysql.Config.FormatDSN"
	case f == KeywordForm && d == SQLServer:
		return "; or = in a value can add encrypt=disable", "build a sqlserver:// url.URL"
	case f == KeywordForm:
		return "a space or = in a value can add sslmode=disable", "quote values or set config fields"
	case d == MySQL, d == Postgres:
		return "@ / ? & in a value can change host or options", urlBuild
	case d == SQLServer:
		return "@ / ? & in a value can add encrypt=disable", urlBuild
	}
	return "@ / ? & = or a space in a value can rewrite options", "use the driver's config or url.URL"
}

// urlSchemes maps the URL schemes of database connection strings to their
// dialect.
var urlSchemes = map[string]Dialect{
	"postgres":    Postgres,
	"postgresql":  Postgres,
	"cockroachdb": Postgres,
	"mysql":       MySQL,
	"sqlserver":   SQLServer,
	"mssql":       SQLServer,
}

// mysqlMarkers are the protocol parts of go-sql-driver/mysql's DSN syntax.
var mysqlMarkers = []string{"@tcp(", "@tcp6(", "@unix(", "@udp("}

// Keywords of the key=value forms. Keys are compared in lower case. pgx
// takes database= for libpq's dbname= (its own name for the key), so
// database= alone does not make a DSN SQL Server's.
var (
	postgresKeys = []string{
		"host", "hostaddr", "port", "user", "password", "dbname", "database", "sslmode",
		"sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name",
		"search_path", "target_session_attrs",
	}
	sqlServerKeys = []string{
		"server", "data source", "user id", "uid", "pwd", "database",
		"initial catalog", "encrypt", "trustservercertificate", "app name",
	}
)

// ShapeOfDSN reports whether text, a Printf-style template in which each verb
// (%s, %v, ...) stands for a value, is shaped like a connection string, and
// which:
//   - a URL whose scheme is a database's (postgres://, postgresql://,
//     cockroachdb://, mysql://, sqlserver://, mssql://);
//   - go-sql-driver/mysql's syntax (user:pass@tcp(host)/db, @tcp6(, @unix(,
//     or a template starting with tcp( or unix();
//   - key=value pairs of libpq (host=, user=, password=, dbname=, sslmode=, ...)
//     or SQL Server (server=, user id=, database=, ...): at least two known
//     keys, or a password= key, each at the start or after a space or a
//     semicolon (not after ", " or ": ", which make prose of it).
//
// It does not require verbs: a constant DSN has a shape too.
func ShapeOfDSN(text string) (DSNShape, bool) {
	lower := strings.ToLower(text)
	if i := strings.Index(lower, "://"); i > 0 {
		j := i
		for j > 0 && isSchemeByte(lower[j-1]) {
			j--
		}
		if d, ok := urlSchemes[lower[j:i]]; ok {
			return DSNShape{Dialect: d, Form: URLForm}, true
		}
	}
	for _, m := range mysqlMarkers {
		if strings.Contains(lower, m) {
			return DSNShape{Dialect: MySQL, Form: MySQLForm}, true
		}
	}
	if strings.HasPrefix(lower, "tcp(") || strings.HasPrefix(lower, "unix(") {
		return DSNShape{Dialect: MySQL, Form: MySQLForm}, true
	}
	if sqlStatement(lower) {
		return DSNShape{}, false // UPDATE users SET password=%s, ...: a statement, not key=value pairs
	}
	pg := keysIn(lower, postgresKeys)
	ms := keysIn(lower, sqlServerKeys)
	n := len(pg)
	for k := range ms {
		if !pg[k] {
			n++
		}
	}
	if n >= 2 || pg["password"] || ms["pwd"] {
		d := Postgres
		for k := range ms {
			if !pg[k] {
				d = SQLServer // a key libpq does not have
			}
		}
		if strings.Contains(lower, ";") && len(ms) > 0 {
			d = SQLServer
		}
		return DSNShape{Dialect: d, Form: KeywordForm}, true
	}
	return DSNShape{}, false
}

// foreignDSNPrefixes start the connection strings of clients written in
// another language, which no Go driver parses: a JDBC URL
// (jdbc:postgresql://host/db?user=u) is read by a Java consumer.
var foreignDSNPrefixes = []string{"jdbc:"}

// ForeignDSN reports whether text, a connection-string template, is one for
// a client outside Go (see foreignDSNPrefixes): stored or handed on for
// another program, it reaches no Go driver by its shape alone.
func ForeignDSN(text string) bool {
	lower := strings.ToLower(strings.TrimLeft(text, " \t"))
	for _, p := range foreignDSNPrefixes {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	return false
}

// sqlVerbs start an SQL statement, never a key=value connection string.
var sqlVerbs = []string{"select", "insert", "update", "delete", "with", "create", "alter", "drop", "merge", "replace", "upsert", "set", "grant", "truncate"}

// sqlStatement reports whether the lowercased text starts with an SQL verb
// and a blank.
func sqlStatement(lower string) bool {
	lower = strings.TrimLeft(lower, " \t\r\n(")
	for _, v := range sqlVerbs {
		if rest, ok := strings.CutPrefix(lower, v); ok && rest != "" && strings.ContainsRune(" \t\r\n", rune(rest[0])) {
			return true
		}
	}
	return false
}

// IsDSN reports whether text as a whole is a connection string, not a text
// that mentions one: a database URL or a mysql DSN without spaces, or
// key=value pairs only, with the shape [ShapeOfDSN] requires. A usage
// message that shows an example DSN is not one.
func IsDSN(text string) bool {
	shape, ok := ShapeOfDSN(text)
	if !ok || strings.ContainsAny(text, "\n\r") {
		return false
	}
	switch shape.Form {
	case URLForm:
		lower := strings.ToLower(text)
		i := strings.Index(lower, "://")
		_, known := urlSchemes[lower[:max(i, 0)]]
		return known && !strings.ContainsAny(text, " \t")
	case MySQLForm:
		return !strings.ContainsAny(text, " \t")
	}
	// Keyword form: every field is key=value (values may be quoted). Fields
	// are separated by semicolons (SQL Server, whose keys have spaces) or
	// by spaces (libpq).
	seps := " \t"
	if strings.Contains(text, ";") {
		seps = ";"
	}
	inQuote := false
	field := 0 // bytes of the current field, and whether it has an =
	hasEq := false
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] == '\'' {
			inQuote = !inQuote
		}
		if i == len(text) || !inQuote && strings.IndexByte(seps, text[i]) >= 0 {
			if field > 0 && !hasEq {
				return false
			}
			field, hasEq = 0, false
			continue
		}
		field++
		if text[i] == '=' {
			hasEq = true
		}
	}
	return true
}

func isSchemeByte(b byte) bool {
	return 'a' <= b && b <= 'z' || '0' <= b && b <= '9' || b == '+' || b == '-' || b == '.'
}

// keysIn returns the keys of the list that occur in lower as "key=", at the
// start or after a space, a tab or a semicolon.
func keysIn(lower string, keys []string) map[string]bool {
	var found map[string]bool
	for _, k := range keys {
		for off := 0; ; {
			i := strings.Index(lower[off:], k+"=")
			if i < 0 {
				break
			}
			i += off
			if i == 0 || lower[i-1] == ';' || strings.IndexByte(" \t", lower[i-1]) >= 0 && !afterPunct(lower[:i]) {
				if found == nil {
					found = make(map[string]bool)
				}
				found[k] = true
				break
			}
			off = i + 1
		}
	}
	return found
}

// afterPunct reports whether the text before a key, spaces aside, ends in
// prose punctuation (", " or ": "): "LoadBalanceResponse: host=%s, port=%d"
// is a message, not a DSN.
func afterPunct(before string) bool {
	before = strings.TrimRight(before, " \t")
	return before != "" && strings.IndexByte(",:", before[len(before)-1]) >= 0
}

// InsecureOption is a connection option that turns off transport security or
// widens what the server, or an injected query, can do to the client.
type InsecureOption struct {
	// Text is the option as written, e.g. "sslmode=disable".
	Text string
	// Offset is the byte offset of Text in the searched string.
	Offset int
	// Risk says what the option does, e.g. "turns TLS off".
	Risk string
}

type insecureKey struct {
	values []string
	risk   string
}

const cleartext = "turns TLS off: the password and every row cross the network in clear text"

var insecureKeys = map[string][]insecureKey{
	"sslmode": {{[]string{"disable"}, cleartext}},
	"tls": {
		{[]string{"false", "0"}, cleartext},
		{[]string{"skip-verify"}, "accepts any server certificate: anyone on the path can impersonate the database"},
	},
	"encrypt":                 {{[]string{"disable"}, cleartext}},
	"allowallfiles":           {{[]string{"true", "1"}, "lets the server read any file of the client through LOAD DATA LOCAL INFILE"}},
	"allowcleartextpasswords": {{[]string{"true", "1"}, "sends the password in clear text when the server asks for it"}},
	"multistatements":         {{[]string{"true", "1"}, "lets one injected query run several statements"}},
}

// InsecureDSNOptions returns the options in text that disable transport
// security or widen the attack surface: sslmode=disable, tls=false,
// tls=skip-verify, allowAllFiles=true, allowCleartextPasswords=true,
// multiStatements=true (and SQL Server's encrypt=disable). Keys match in any
// case, at the start of text or after ? & ; or a space.
func InsecureDSNOptions(text string) []InsecureOption {
	var opts []InsecureOption
	lower := strings.ToLower(text)
	for i := 0; i < len(lower); i++ {
		if i > 0 && strings.IndexByte("?&; \t'\"", lower[i-1]) < 0 {
			continue
		}
		eq := strings.IndexByte(lower[i:], '=')
		if eq <= 0 {
			break
		}
		kinds, ok := insecureKeys[lower[i:i+eq]]
		if !ok {
			continue
		}
		start := i + eq + 1
		end := start
		var value string
		if start < len(lower) && (lower[start] == '\'' || lower[start] == '"') {
			// A quoted value, as libpq allows: sslmode='disable'.
			q := lower[start]
			end = start + 1
			for end < len(lower) && lower[end] != q {
				end++
			}
			value = lower[start+1 : end]
			if end < len(lower) {
				end++
			}
		} else {
			for end < len(lower) && strings.IndexByte("&; \t'\")", lower[end]) < 0 {
				end++
			}
			value = lower[start:end]
		}
		for _, k := range kinds {
			for _, v := range k.values {
				if value == v {
					opts = append(opts, InsecureOption{Text: text[i:end], Offset: i, Risk: k.risk})
				}
			}
		}
	}
	return opts
}

// DSNPart says why the string a call returns can be placed in a connection
// string as is.
type DSNPart int

const (
	// NotSafe: nothing is known of the string.
	NotSafe DSNPart = iota
	// Built: the output of a structured builder, which escapes what it
	// writes: (*mysql.Config).FormatDSN, (*url.URL).String and Redacted,
	// (*url.Userinfo).String, url.Values.Encode, pgx's ConnString.
	Built
	// Escaped: url.QueryEscape, url.PathEscape.
	Escaped
	// Number: digits, formatted by strconv (Itoa, FormatInt, FormatUint,
	// FormatFloat, FormatBool) or time.Duration's String.
	Number
)

var dsnParts = map[[3]string]DSNPart{
	{MySQLDriver, "Config", "FormatDSN"}: Built,
	{"net/url", "URL", "String"}:         Built,
	{"net/url", "URL", "Redacted"}:       Built,
	{"net/url", "Userinfo", "String"}:    Built,
	{"net/url", "Values", "Encode"}:      Built,
	{PgxV5, "ConnConfig", "ConnString"}:  Built,
	{PgxV4, "ConnConfig", "ConnString"}:  Built,
	{PgxPoolV5, "Config", "ConnString"}:  Built,
	{PgxPoolV4, "Config", "ConnString"}:  Built,
	{"net/url", "", "QueryEscape"}:       Escaped,
	{"net/url", "", "PathEscape"}:        Escaped,
	{"strconv", "", "Itoa"}:              Number,
	{"strconv", "", "FormatInt"}:         Number,
	{"strconv", "", "FormatUint"}:        Number,
	{"strconv", "", "FormatFloat"}:       Number,
	{"strconv", "", "FormatBool"}:        Number,
	{"time", "Duration", "String"}:       Number,
	// Hexadecimal digits and UUIDs carry no separator.
	{"encoding/hex", "", "EncodeToString"}:       Number,
	{"github.com/google/uuid", "UUID", "String"}: Number,
	{"github.com/google/uuid", "", "NewString"}:  Number,
	{"github.com/gofrs/uuid", "UUID", "String"}:  Number,
}

// SafeDSNPart reports whether the string the call returns can be placed in a
// connection string as is, and why.
func SafeDSNPart(c Call) DSNPart {
	if c.Func == nil || c.Func.Pkg() == nil || c.Interface() {
		return NotSafe
	}
	typeName := ""
	if recv := c.Func.Signature().Recv(); recv != nil {
		n := namedOf(recv.Type())
		if n == nil {
			return NotSafe
		}
		typeName = n.Obj().Name()
	}
	return dsnParts[[3]string{c.Func.Pkg().Path(), typeName, c.Func.Name()}]
}

// IsFileDriver reports whether a database/sql driver name opens a local
// file database (SQLite, DuckDB, ql), whose DSN is a path, not a network
// address with credentials and transport options.
func IsFileDriver(name string) bool {
	switch strings.ToLower(name) {
	case "sqlite", "sqlite3", "sqlcipher", "duckdb", "ql", "ql2":
		return true
	}
	return false
}

// IsFileDriverName reports whether a database/sql driver name is a file
// database's: a SQLite driver of the rows (whose DSN is a path or a file:
// URI), or one of IsFileDriver's.
func IsFileDriverName(name string) bool {
	if IsFileDriver(name) {
		return true
	}
	ds := DriversNamed(name)
	for _, d := range ds {
		if !d.IsSQLite() || d.Pkg == Libsql { // libsql also opens libsql:// URLs
			return false
		}
	}
	return len(ds) > 0
}

// pathFuncs return a file system path: a DSN made of their results, for a
// file database's driver, names a file and sets no connection option.
var pathFuncs = map[[3]string]bool{
	{"path", "", "Join"}:               true,
	{"path", "", "Clean"}:              true,
	{"path/filepath", "", "Join"}:      true,
	{"path/filepath", "", "Clean"}:     true,
	{"path/filepath", "", "Abs"}:       true,
	{"path/filepath", "", "FromSlash"}: true,
	{"path/filepath", "", "ToSlash"}:   true,
	{"os", "", "TempDir"}:              true,
	{"os", "", "UserCacheDir"}:         true,
	{"os", "", "UserConfigDir"}:        true,
	{"os", "", "UserHomeDir"}:          true,
	{"os", "", "MkdirTemp"}:            true,
	{"testing", "common", "TempDir"}:   true,
}

// IsPathFunc reports whether the call returns a file system path.
func IsPathFunc(c Call) bool {
	if c.Func == nil || c.Func.Pkg() == nil || c.Interface() {
		return false
	}
	typeName := ""
	if recv := c.Func.Signature().Recv(); recv != nil {
		n := namedOf(recv.Type())
		if n == nil {
			return false
		}
		typeName = n.Obj().Name()
	}
	return pathFuncs[[3]string{c.Func.Pkg().Path(), typeName, c.Func.Name()}]
}

// IsDisplay reports whether the call only shows its arguments to a person:
// an error's text (fmt.Errorf, errors.New), a print or a log line (fmt's
// Print and Fprint families, log, log/slog, a test's Log, Error, Fatal and
// Skip). A DSN given only to such calls connects nothing.
func IsDisplay(c Call) bool {
	if c.Func == nil || c.Func.Pkg() == nil || c.Interface() {
		return false
	}
	name := c.Func.Name()
	switch c.Func.Pkg().Path() {
	case "fmt":
		return c.Recv == nil && (name == "Errorf" || strings.HasPrefix(name, "Print") || strings.HasPrefix(name, "Fprint"))
	case "errors":
		return c.IsFunc("errors", "New")
	case "log", "log/slog":
		return true
	case "testing":
		for _, p := range []string{"Log", "Error", "Fatal", "Skip"} {
			if strings.HasPrefix(name, p) {
				return true
			}
		}
	}
	return false
}

// IsURLParse reports whether the call is url.Parse or url.ParseRequestURI:
// the *url.URL it returns holds what its argument held, so its String is no
// safer than that argument.
func IsURLParse(c Call) bool {
	return c.IsFunc("net/url", "Parse") || c.IsFunc("net/url", "ParseRequestURI")
}

// EscapesKeyValue reports whether a strings.Replacer with these pairs (old
// to new, the first pair for an old string winning, as strings.NewReplacer
// does) escapes a value for a libpq or lib/pq key=value DSN: both parsers
// read a backslash in a value as escaping the next character, so a value
// whose backslashes, single quotes and spaces are each written after a
// backslash cannot end its pair or open a quote.
func EscapesKeyValue(pairs [][2]string) bool {
	want := map[string]string{`\`: `\\`, `'`: `\'`, ` `: `\ `}
	seen := make(map[string]bool)
	for _, p := range pairs {
		if seen[p[0]] {
			continue
		}
		seen[p[0]] = true
		if w, ok := want[p[0]]; ok && p[1] == w {
			delete(want, p[0])
		}
	}
	return len(want) == 0
}

// modeOptions are the connection options whose legal values are a fixed
// set of words, not free text: go-sql-driver/mysql's tls (true, false,
// skip-verify, preferred, or a name given to RegisterTLSConfig), libpq's and
// pgx's sslmode, gssencmode, sslcertmode, sslnegotiation, channel_binding,
// target_session_attrs and load_balance_hosts, SQL Server's encrypt. A
// value with & / ; a space or a quote is no legal mode: the connection
// fails with it whether the DSN is assembled or built, so such a value
// breaks nothing a builder would save.
var modeOptions = map[string]bool{
	"tls":                  true,
	"sslmode":              true,
	"gssencmode":           true,
	"sslcertmode":          true,
	"sslnegotiation":       true,
	"channel_binding":      true,
	"target_session_attrs": true,
	"load_balance_hosts":   true,
	"encrypt":              true,
}

// IsModeOption reports whether key (in any case) is a connection option
// whose legal values are a fixed set of words (see modeOptions).
func IsModeOption(key string) bool { return modeOptions[strings.ToLower(key)] }
