// Package b uses the helpers of package a. Their bodies are in another
// package: b's analysis cannot read them, so rows passed to them are
// assumed to be handled (the precision rule).
package b

import (
	"database/sql"

	"rowsclose/a"
	"rowsclose/dbutil"
)

func closedByA(db *sql.DB) error {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return err
	}
	defer a.CloseRows(rows)
	return nil
}

// a.CountRows does not close them, but b cannot know.
func countedByA(db *sql.DB) int {
	rows, err := db.Query("SELECT 1")
	if err != nil {
		return 0
	}
	return a.CountRows(rows)
}

func closedByDbutil(db *sql.DB) error {
	rows, err := a.Query(db)
	if err != nil {
		return err
	}
	defer dbutil.MustClose(rows)
	return nil
}

// Rows returned by another package's function are still the caller's to close.
func rowsFromA(db *sql.DB) bool {
	rows, err := a.Query(db) // want `^rows are not closed on the return at line 46, holding a pooled connection; defer rows\.Close\(\)$` `^rows\.Err is never checked after rows\.Next at line 46: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return false
	}
	return rows.Next()
}
