// Package off is analyzed by a stub analyzer named rowsclose with
// honor-nolint off: no //nolint suppresses, the suite's directive still does.
package off

func finding(category string) {}

func off() {
	finding("rows-not-closed") //nolint:sqlclosecheck // want `rowsclose rows-not-closed`
	finding("rows-not-closed") //nolint // want `rowsclose rows-not-closed`
	finding("rows-not-closed") //dbpoollint:ignore rowsclose the caller's cursor closes them
}
