// Package dbclient is another package of a service (a sibling of the one
// that opens the pool), whose bodies the analyzer of that one cannot read.
package dbclient

import "errors"

// ConnWithSSL returns the DSN options that turn TLS on, with their &.
func ConnWithSSL(ssl bool, name string) (string, error) {
	if !ssl {
		return "", nil
	}
	if name == "" {
		return "", errors.New("no tls config")
	}
	return "&tls=cloudsql", nil
}

// TLSParam returns the DSN options that turn TLS on, with their &.
func TLSParam(ssl bool) string {
	if ssl {
		return "&tls=custom"
	}
	return ""
}

// TLSName returns the name of a registered TLS config.
func TLSName() string { return "custom" }
