// Package connleak is analyzed by a stub analyzer named connleak.
package connleak

func finding(category string) {}

func handles() {
	finding("stmt-not-closed")  //nolint:sqlclosecheck // a statement cache owns it
	finding("tx-not-ended")     //nolint:sqlclosecheck // want `connleak tx-not-ended`
	finding("conn-not-closed")  //nolint:sqlclosecheck // want `connleak conn-not-closed`
	finding("batch-not-closed") //nolint:sqlclosecheck // want `connleak batch-not-closed`
	finding("pool-reassigned")  //nolint:sqlclosecheck // want `connleak pool-reassigned`
	finding("stmt-not-closed")  //nolint:rowserrcheck // want `connleak stmt-not-closed`
}
