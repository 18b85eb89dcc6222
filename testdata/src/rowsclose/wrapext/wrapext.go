// Package wrapext reads rows of a wrapper written in another package, whose
// Next the analyzer cannot see: taken to return the wrapped rows' Next, so
// rows read to the end are closed.
package wrapext

import (
	_ "github.com/lib/pq"

	"rowsclose/wrapext/sqlw"
)

// Read to the end (the loop's only exit is a return): the rows are closed
// when the UPDATE runs.
func merge(txn *sqlw.Tx, ids []string) error {
	rows, err := txn.Query(`SELECT a FROM mappings WHERE id = ANY($1)`, ids)
	if err != nil {
		return err
	}
	defer func() { _ = rows.Close() }()
	var as []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return err
		}
		as = append(as, a)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	_, err = txn.Exec(`UPDATE mappings SET merged = true WHERE id = ANY($1)`, ids)
	return err
}

// Paged, each page read to the end: the deferred Close in the loop keeps no
// page open.
func dump(txn *sqlw.Tx, total int) error {
	for off := 0; off < total; off += 500 {
		rows, err := txn.Query(`SELECT a FROM mappings LIMIT 500 OFFSET $1`, off)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a string
			if err := rows.Scan(&a); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Released only by reading to the end, through a Next the analyzer cannot
// see: not reported as drained-only (it is only taken to drain).
func names(db *sqlw.DB) ([]string, error) {
	rows, err := db.Query(`SELECT a FROM mappings`)
	if err != nil {
		return nil, err
	}
	var as []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			continue
		}
		as = append(as, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return as, rows.Close()
}
