package operator

import "fmt"

type dbConfig struct {
	Host, User, Name, Password string
	SSLMode, SSLCert, SSLKey   string
	Socket                     bool
}

// One DSN built in two branches, then options appended to it: a finding
// at each builder of the DSN, none at the Sprintfs that extend it.
func (d *dbConfig) ConnectionString() string {
	var connString string
	if d.Socket {
		connString = fmt.Sprintf("host=%s user=%s dbname=%s password=%s", d.Host, d.User, d.Name, d.Password) // want `^Sprintf builds a postgres DSN from d\.Host, d\.User and 2 more: a password with a space, quote or backslash breaks it; use url\.URL with url\.UserPassword$`
	} else {
		connString = fmt.Sprintf("host=%s port=5432 user=%s dbname=%s password=%s", d.Host, d.User, d.Name, d.Password) // want `^Sprintf builds a postgres DSN from d\.Host, d\.User and 2 more: a password with a space, quote or backslash breaks it; use url\.URL with url\.UserPassword$`
	}
	if d.SSLMode != "" {
		connString = fmt.Sprintf("%s sslmode=%s", connString, d.SSLMode)
	}
	if d.SSLCert != "" {
		connString = fmt.Sprintf("%s sslcert=%s sslkey=%s", connString, d.SSLCert, d.SSLKey)
	}
	return connString
}
