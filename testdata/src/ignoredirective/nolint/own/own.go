// Package own is analyzed by a stub analyzer named rowsclose, outside
// golangci-lint: a //nolint naming every linter, or dbpoollint, suppresses
// every finding of the suite, as it does under golangci-lint.
package own

func finding(category string) {}

func own() {
	finding("rows-busy-connection") //nolint
	finding("rows-busy-connection") //nolint // a reason
	finding("rows-busy-connection") //nolint:all
	finding("rows-busy-connection") //nolint:dbpoollint // the suite's name under golangci-lint
	finding("rows-busy-connection") //nolint:errcheck,dbpoollint
	finding("rows-busy-connection") //nolint:errcheck,all

	// Not a nolint comment.
	finding("rows-busy-connection") //nolintx // want `rowsclose rows-busy-connection`
	finding("rows-busy-connection") // no lint here // want `rowsclose rows-busy-connection`
	finding("rows-busy-connection") /* nolint */ // want `rowsclose rows-busy-connection`
	finding("rows-busy-connection") //nolint:rowsclose // want `rowsclose rows-busy-connection`
}
