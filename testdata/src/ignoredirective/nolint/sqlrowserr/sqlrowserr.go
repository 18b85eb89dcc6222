// Package sqlrowserr is analyzed by a stub analyzer named sqlrowserr, whose
// findings, as x/tools' sqlrowserr's, have no category.
package sqlrowserr

func finding(category string) {}

func rowsErr() {
	finding("") //nolint:rowserrcheck // the caller checks rows.Err
	finding("") //nolint:sqlclosecheck // want `sqlrowserr `
	finding("") //nolint:noctx // want `sqlrowserr `
}
