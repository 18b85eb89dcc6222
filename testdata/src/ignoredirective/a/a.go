package a

import "database/sql"

func directives(db *sql.DB) {
	//dbpoollint:ignore maxopenzero capped by pgbouncer
	db.SetMaxOpenConns(0)

	//dbpoollint:ignore maxopenzero,sqlrowserr two analyzers, one reason
	db.SetMaxOpenConns(0)

	//dbpoollint:ignore maxopenzero // the reason may follow a double slash, as with nolint
	db.SetMaxOpenConns(0)

	// want +1 `dbpoollint:ignore directive gives no reason: say after the analyzer names why the finding does not apply`
	//dbpoollint:ignore maxopenzero
	db.SetMaxOpenConns(0)

	// want +1 `dbpoollint:ignore directive gives no reason`
	//dbpoollint:ignore maxopenzero //
	db.SetMaxOpenConns(0)

	//dbpoollint:ignore maxopenzro typo // want `^dbpoollint:ignore directive names unknown analyzer "maxopenzro", so it suppresses nothing: did you mean maxopenzero\?$`
	db.SetMaxOpenConns(0)

	//dbpoollint:ignore pooltoolongforaname,maxopenzero a name far from every analyzer's // want `^dbpoollint:ignore directive names unknown analyzer "pooltoolongforaname", so it suppresses nothing; dbpoollint help lists the analyzers$`
	db.SetMaxOpenConns(0)

	// want +1 `dbpoollint:ignore directive names no analyzer: write //dbpoollint:ignore <analyzer>\[,<analyzer>\] <reason>`
	//dbpoollint:ignore
	db.SetMaxOpenConns(0)

	//dbpoollint:ignored is another word, not a directive
	db.SetMaxOpenConns(0)

	// dbpoollint:ignore maxopenzero with a space after the slashes // want `// dbpoollint:ignore, with a space after the slashes, is not a directive and suppresses nothing: write //dbpoollint:ignore, with no space`
	db.SetMaxOpenConns(0)
}
