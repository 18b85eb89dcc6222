package sqlapi

import (
	"net/url"
	"strconv"
	"strings"
)

// This file answers what a SQLite driver makes of the query of a DSN, from
// the facts of lib_sqlite.go.

// IsSQLite reports whether the driver is one of SQLite's.
func (d *DriverRow) IsSQLite() bool { return d != nil && d.SQLite != nil }

// SQLiteParam is one parameter of the query of a SQLite DSN.
type SQLiteParam struct {
	// Raw is the parameter as written (key=value), at Offset in the DSN.
	Raw    string
	Offset int
	// Key and Value are decoded.
	Key, Value string
	// Pragma and Arg are the pragma the parameter sets and its value: for
	// mattn's keys the key's pragma, for _pragma the name and value of
	// NAME(VALUE) or NAME=VALUE. Pragma is "" for other parameters.
	Pragma, Arg string
	// Mattn is set for one of mattn's keys, Listed for a _pragma.
	Mattn, Listed bool
}

// SQLiteQuery splits the query of a DSN (the text after its first ?) into
// its parameters; offset is the offset of the query in the DSN.
func SQLiteQuery(query string, offset int) []SQLiteParam {
	var ps []SQLiteParam
	for off := 0; off <= len(query); {
		end := strings.IndexByte(query[off:], '&')
		if end < 0 {
			end = len(query) - off
		}
		raw := query[off : off+end]
		if raw != "" {
			p := SQLiteParam{Raw: raw, Offset: offset + off}
			k, v, _ := strings.Cut(raw, "=")
			p.Key, _ = url.QueryUnescape(k)
			p.Value, _ = url.QueryUnescape(v)
			if p.Key == "_pragma" {
				p.Listed = true
				name, arg := pragmaOf(p.Value)
				p.Pragma, p.Arg = name, arg
			} else if name := mattnPragma(p.Key); name != "" {
				p.Mattn = true
				p.Pragma, p.Arg = name, p.Value
			}
			ps = append(ps, p)
		}
		off += end + 1
	}
	return ps
}

// pragmaOf splits NAME(VALUE) or NAME=VALUE.
func pragmaOf(v string) (name, arg string) {
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, "(="); i > 0 {
		name, arg = v[:i], v[i+1:]
		if v[i] == '(' {
			arg = strings.TrimSuffix(arg, ")")
		}
		return strings.ToLower(strings.TrimSpace(name)), strings.TrimSpace(arg)
	}
	return strings.ToLower(v), ""
}

func mattnPragma(key string) string {
	for _, k := range sqliteKeys {
		for _, n := range k.Keys {
			if n == key {
				return k.Pragma
			}
		}
	}
	return ""
}

// mattnKey returns mattn's key for the pragma, or "".
func mattnKey(pragma string) string {
	for _, k := range sqliteKeys {
		if k.Pragma == pragma {
			return k.Keys[0]
		}
	}
	return ""
}

// Readable reports whether the table knows what the driver reads from a DSN.
func (s *SQLiteDSN) Readable() bool { return s != nil && (s.Keys || s.Pragma) }

// ReadsKeys reports whether the driver at version (its module's version,
// "" when unknown) reads mattn's keys; known is false when that depends on
// the version and it is unknown.
func (s *SQLiteDSN) ReadsKeys(version string) (reads, known bool) {
	if !s.Keys || s.KeysSince == "" {
		return s.Keys, true
	}
	before, ok := VersionBefore(version, s.KeysSince)
	return ok && !before, ok
}

// Ignored returns the parameters of the DSN's query that set a pragma the
// driver at version never reads, leaving out those whose pragma the DSN also
// sets in a syntax the driver reads: a mattn key under a driver that reads
// only _pragma, a _pragma under mattn. noFile is set when the driver reads
// no query at all because the DSN does not start with file:, and then every
// pragma parameter is ignored.
func (s *SQLiteDSN) Ignored(dsn string, ps []SQLiteParam, version string) (ignored []SQLiteParam, noFile bool) {
	if !s.Readable() {
		return nil, false
	}
	if s.FileOnly && !strings.HasPrefix(dsn, "file:") {
		for _, p := range ps {
			if p.Pragma != "" {
				ignored = append(ignored, p)
			}
		}
		return ignored, len(ignored) > 0
	}
	keys, known := s.ReadsKeys(version)
	read := make(map[string]bool)
	for _, p := range ps {
		if p.Listed && s.Pragma || p.Mattn && keys {
			read[p.Pragma] = true
		}
	}
	for _, p := range ps {
		if p.Pragma == "" || read[p.Pragma] {
			continue
		}
		if p.Listed && !s.Pragma || p.Mattn && known && !keys {
			ignored = append(ignored, p)
		}
	}
	return ignored, false
}

// Spelling returns p in the syntax the driver reads, whatever its value,
// or false when the driver has no such parameter.
func (s *SQLiteDSN) Spelling(p SQLiteParam) (string, bool) {
	if p.Arg == "" {
		return "", false
	}
	switch {
	case p.Mattn && s.Pragma:
		return "_pragma=" + p.Pragma + "(" + p.Arg + ")", true
	case p.Listed && s.Keys && s.KeysSince == "":
		if k := mattnKey(p.Pragma); k != "" {
			return k + "=" + p.Arg, true
		}
	}
	return "", false
}

// PragmaLoss says what a DSN that believes it set the pragma gets when the
// driver ignores it; busy is the busy timeout its connections get.
func (s *SQLiteDSN) PragmaLoss(pragma string, busy Busy) string {
	if pragma == "busy_timeout" {
		switch {
		case busy == BusySet && s.Busy != "":
			return "the busy timeout stays the driver's " + s.Busy
		case busy != BusyNone:
			return "the busy timeout is not the one it says"
		}
	}
	if l, ok := pragmaLoss[pragma]; ok {
		return l
	}
	return "PRAGMA " + pragma + " is not set"
}

// Busy is what busy timeout the connections of a DSN get.
type Busy int

const (
	// BusyUnknown: it depends on what cannot be seen (the driver's version).
	BusyUnknown Busy = iota
	// BusyNone: none; a locked database fails a write at once.
	BusyNone
	// BusySet: the DSN or the driver sets one.
	BusySet
)

// BusyTimeout says whether connections opened by the driver at version
// with the DSN get a busy timeout.
func (s *SQLiteDSN) BusyTimeout(dsn string, ps []SQLiteParam, version string) Busy {
	if !s.Readable() {
		return BusyUnknown
	}
	query := !s.FileOnly || strings.HasPrefix(dsn, "file:")
	keys, known := s.ReadsKeys(version)
	listed := false
	for _, p := range ps {
		if !query {
			break
		}
		listed = listed || p.Listed
		if p.Pragma != "busy_timeout" || p.Listed && !s.Pragma || p.Mattn && !keys {
			if p.Pragma == "busy_timeout" && p.Mattn && !known {
				return BusyUnknown
			}
			continue
		}
		if n, err := strconv.Atoi(p.Arg); err == nil && n <= 0 {
			return BusyNone
		}
		return BusySet
	}
	switch {
	case s.Busy == "":
		return BusyNone
	case s.BusyUnlessPragmaBefore == "" || !listed:
		return BusySet
	}
	before, ok := VersionBefore(version, s.BusyUnlessPragmaBefore)
	switch {
	case !ok:
		return BusyUnknown
	case before:
		return BusyNone
	}
	return BusySet
}

// BusyRemedy is the parameter that sets a busy timeout of 5 s in the
// driver's syntax.
func (s *SQLiteDSN) BusyRemedy() string {
	if s.Pragma {
		return "_pragma=busy_timeout(5000)"
	}
	return "_busy_timeout=5000"
}

// VersionBefore reports whether the module version v (vMAJOR.MINOR.PATCH,
// a pseudo-version or a pre-release counts as its base) is before x; ok is
// false when v is not a version.
func VersionBefore(v, x string) (before, ok bool) {
	a, ok1 := versionParts(v)
	b, ok2 := versionParts(x)
	if !ok1 || !ok2 {
		return false, false
	}
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i], true
		}
	}
	return false, true
}

func versionParts(v string) ([3]int, bool) {
	var parts [3]int
	v, ok := strings.CutPrefix(v, "v")
	if !ok {
		return parts, false
	}
	if i := strings.IndexAny(v, "-+"); i >= 0 {
		v = v[:i]
	}
	fields := strings.Split(v, ".")
	if len(fields) != 3 {
		return parts, false
	}
	for i, f := range fields {
		n, err := strconv.Atoi(f)
		if err != nil {
			return parts, false
		}
		parts[i] = n
	}
	return parts, true
}

// connectionPragmas are the pragmas whose value belongs to the connection
// that runs them (SQLite's pragma documentation: the setting lasts for the
// session), not to the database file: another connection of a pool opens
// with the default. journal_mode is one of them except WAL, which is
// persistent: once set it stays in effect for every connection. page_size,
// auto_vacuum, user_version, application_id and encoding are stored in the
// file.
var connectionPragmas = map[string]bool{
	"busy_timeout": true, "foreign_keys": true, "cache_size": true, "synchronous": true,
	"temp_store": true, "journal_mode": true, "locking_mode": true, "mmap_size": true,
	"recursive_triggers": true, "case_sensitive_like": true, "defer_foreign_keys": true,
	"ignore_check_constraints": true, "query_only": true, "secure_delete": true,
	"automatic_index": true, "cache_spill": true, "journal_size_limit": true,
	"wal_autocheckpoint": true, "read_uncommitted": true, "trusted_schema": true,
	"cell_size_check": true, "reverse_unordered_selects": true,
}

// ConnectionPragma reports whether PRAGMA name = arg sets a value of the
// connection that runs it only.
func ConnectionPragma(name, arg string) bool {
	name = strings.ToLower(name)
	if name == "journal_mode" && strings.EqualFold(strings.Trim(arg, `'"`), "wal") {
		return false // persistent in the database file
	}
	return connectionPragmas[name]
}

// PragmaStatement returns the name and value of the first statement of the
// SQL text that sets a pragma (PRAGMA [schema.]name = value, or
// name(value)) of the connection only; ok is false when there is none.
func PragmaStatement(sql string) (name, arg string, ok bool) {
	for _, stmt := range strings.Split(sql, ";") {
		stmt = strings.TrimSpace(stmt)
		if len(stmt) < 7 || !strings.EqualFold(stmt[:6], "pragma") || (stmt[6] != ' ' && stmt[6] != '\t' && stmt[6] != '\n') {
			continue
		}
		n, a := pragmaOf(stmt[7:])
		if a == "" {
			continue // a query of the value
		}
		if i := strings.LastIndexByte(n, '.'); i >= 0 {
			n = n[i+1:]
		}
		if ConnectionPragma(n, a) {
			return n, a, true
		}
	}
	return "", "", false
}

// PragmaSpelling returns PRAGMA name = arg in the syntax the driver reads
// from a DSN (_pragma=name(arg), or mattn's key=arg), or false when it
// reads no such parameter.
func (s *SQLiteDSN) PragmaSpelling(name, arg string) (string, bool) {
	switch {
	case s == nil || arg == "":
		return "", false
	case s.Pragma:
		return "_pragma=" + name + "(" + arg + ")", true
	case s.Keys && s.KeysSince == "":
		if k := mattnKey(name); k != "" {
			return k + "=" + arg, true
		}
	}
	return "", false
}
