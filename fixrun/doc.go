// Package fixrun checks dbpoollint's suggested fixes by running the code
// they change. It is a module of its own (as bench/ is) so that its
// database driver, modernc.org/sqlite, never becomes a dependency of the
// plugin.
//
// Its tests build cmd/dbpoollint from the checkout above and:
//   - apply every fix of the testdata's fix packages and of the example
//     service (examples/incident and its pgx module) with dbpoollint -fix,
//     and check that the result builds and that a second run has nothing
//     left to change;
//   - for each fix shape in shapes/ (a release of rows, a statement, a
//     transaction or a connection; the Context twin; the detached context;
//     Query turned into ExecContext; seconds written as time.Second; the
//     MySQL DSN builder), apply the fix to a copy, build the code before and
//     after into one program, run both against a fresh SQLite database with
//     a pool of two connections, and compare what can be observed: each
//     call's result and error, whether a call hangs (a leaked connection
//     shows as a hang by the third call), and the pool's statistics;
//   - for the shapes where a fix would change what a correct program does
//     (a statement a cache keeps, one a returned closure uses, an errgroup's
//     context after Wait, an audit row moved into a transaction, a
//     transaction given a context its function cancels on return, rows of
//     a transaction returned to the caller), check that dbpoollint offers no
//     fix, and that the fix it used to offer, kept in the shape's .oldfix
//     file (dbpoollint's output before fixes were made safe), breaks the
//     program.
//
// Run it with: cd fixrun && go test ./...
package fixrun
