// Package fallback is analyzed by the stub analyzer "calls" alone, without
// the directive set: its directives still suppress.
package fallback

import "database/sql"

var _ *sql.DB

func finding() {}

func directives() {
	//dbpoollint:ignore calls suppressed
	finding()

	finding() // want `call of finding`

	//dbpoollint:ignore other another analyzer's directive does not suppress calls
	finding() // want `call of finding`
}
