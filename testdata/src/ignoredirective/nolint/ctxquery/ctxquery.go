// Package ctxquery is analyzed by a stub analyzer named ctxquery.
package ctxquery

func finding(category string) {}

func contexts() {
	finding("missing-context")  //nolint:noctx // a migration, run once at startup
	finding("detached-context") //nolint:noctx // want `ctxquery detached-context`
	finding("missing-context")  //nolint:sqlclosecheck // want `ctxquery missing-context`
}
