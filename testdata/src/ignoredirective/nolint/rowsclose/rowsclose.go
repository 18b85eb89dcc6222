// Package rowsclose is analyzed by a stub analyzer named rowsclose that
// reports every call finding(category) with that category. The nolint
// comments of golangci-lint for the linters the suite replaces suppress its
// findings of the matching categories, on the lines golangci-lint's would.
// (A comment line starting with nolint, as golangci-lint reads it, after the
// slashes and spaces, would be a bare nolint for the whole file.)
package rowsclose

func finding(category string) {}

func sqlclosecheck() {
	finding("rows-not-closed")        //nolint:sqlclosecheck // the caller's cursor closes them
	finding("rows-drained-only")      //nolint:sqlclosecheck
	finding("query-result-discarded") //nolint:errcheck,sqlclosecheck // one of a list
	finding("rows-not-closed")        //nolint:SQLCloseCheck // golangci-lint lowercases names
	finding("rows-not-closed")        // nolint:sqlclosecheck // golangci-lint reads it with a space too

	// sqlclosecheck says nothing about these categories.
	finding("rows-err-unchecked")   //nolint:sqlclosecheck // want `rowsclose rows-err-unchecked`
	finding("rows-busy-connection") //nolint:sqlclosecheck // want `rowsclose rows-busy-connection`
	finding("row-not-scanned")      //nolint:sqlclosecheck // want `rowsclose row-not-scanned`
	finding("rows-defer-in-loop")   //nolint:sqlclosecheck // want `rowsclose rows-defer-in-loop`

	// Other linters' names do not count.
	finding("rows-not-closed") //nolint:errcheck // want `rowsclose rows-not-closed`
	finding("rows-not-closed") //nolint:noctx // want `rowsclose rows-not-closed`
	// A reason without // becomes part of the name, for golangci-lint too.
	finding("rows-not-closed") //nolint:sqlclosecheck closed later // want `rowsclose rows-not-closed`
	finding("rows-not-closed") //nolint:sqlclosecheckx // want `rowsclose rows-not-closed`
}

func rowserrcheck() {
	finding("rows-err-unchecked") //nolint:rowserrcheck // checked by the caller
	finding("rows-not-closed")    //nolint:rowserrcheck // want `rowsclose rows-not-closed`
}

func lines() {
	//nolint:sqlclosecheck // above the statement, at its column: the statement
	finding("rows-not-closed")

	// The caller closes these rows, and says so on the line above.
	//nolint:sqlclosecheck
	finding("rows-not-closed")

	//nolint:sqlclosecheck // above a statement: every line of it
	if true {
		finding("rows-not-closed")
		finding("rows-drained-only")
	}
	finding("rows-not-closed") // want `rowsclose rows-not-closed`

	_ = 1                      //nolint:sqlclosecheck // a trailing comment covers its own line only
	finding("rows-not-closed") // want `rowsclose rows-not-closed`

	//nolint:sqlclosecheck // two lines above

	finding("rows-not-closed") // want `rowsclose rows-not-closed`
}

//nolint:sqlclosecheck // above a declaration: all of it
func declaration() {
	finding("rows-not-closed")
	finding("rows-busy-connection") // want `rowsclose rows-busy-connection`
}
