// Package plugin is analyzed by a stub analyzer named rowsclose in a suite
// run by golangci-lint: golangci-lint applies the //nolint comments naming
// every linter or dbpoollint itself, so the suite leaves them alone; those
// naming a linter the suite replaces still suppress.
package plugin

func finding(category string) {}

func plugin() {
	finding("rows-not-closed") //nolint // want `rowsclose rows-not-closed`
	finding("rows-not-closed") //nolint:all // want `rowsclose rows-not-closed`
	finding("rows-not-closed") //nolint:dbpoollint // want `rowsclose rows-not-closed`
	finding("rows-not-closed") //nolint:sqlclosecheck // the caller's cursor closes them
}
