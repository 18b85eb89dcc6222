// Package unused is checked by the directive analyzer judging the test's
// stub analyzer "calls", which reports every call of finding(). The stub
// "off" is an analyzer of the suite that does not run (turned off).
package unused

import "database/sql"

var _ *sql.DB

func finding() {}

func directives() {
	//dbpoollint:ignore calls the finding below is suppressed, so the directive is used
	finding()

	finding() //dbpoollint:ignore calls a directive on the flagged line is used too

	// want +1 `dbpoollint:ignore directive suppresses no calls finding on its line or the next: remove the directive`
	//dbpoollint:ignore calls nothing is reported here
	_ = 1

	// want +1 `dbpoollint:ignore directive suppresses no calls finding on its line or the next: remove the directive`
	//dbpoollint:ignore calls the finding is two lines below, out of reach

	finding()

	//dbpoollint:ignore off,calls only calls reports here; off does not run, so it is not judged
	finding()

	//dbpoollint:ignore off an analyzer that does not run is not judged
	_ = 2

	// want +1 `dbpoollint:ignore directive suppresses no calls finding on its line or the next: remove calls from it`
	//dbpoollint:ignore off,calls one of the two names suppresses nothing
	_ = 3

	// want +1 `dbpoollint:ignore directive gives no reason` `dbpoollint:ignore directive suppresses no calls finding on its line or the next: remove the directive`
	//dbpoollint:ignore calls
	_ = 4
}

func lookalikes() {
	// dbpoollint:ignore calls a space after the slashes // want `// dbpoollint:ignore, with a space after the slashes, is not a directive and suppresses nothing: write //dbpoollint:ignore, with no space`
	finding()

	//	dbpoollint:ignore calls a tab is a space too // want `// dbpoollint:ignore, with a space after the slashes, is not a directive`
	finding()

	/* dbpoollint:ignore calls in a block comment */ // want `a /\* dbpoollint:ignore \*/ block comment is not a directive and suppresses nothing: write //dbpoollint:ignore, with no space`
	finding()

	/*dbpoollint:ignore calls*/ // want `a /\* dbpoollint:ignore \*/ block comment is not a directive`
	finding()

	// Prose that mentions dbpoollint:ignore in passing is not reported,
	// dbpoollint:ignored is another word,
	//dbpoollint:ignored too, and so is // dbpoollint:ignoredirective.
	finding()
}
