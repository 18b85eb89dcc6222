package precision

import "database/sql"

// A project's own error interface embeds error: a query helper returning it
// beside the rows returns nil rows when it is not nil, as with error.

type Error interface {
	error
	Kind() string
}

type Dal interface {
	RawCursor(q string, args ...any) (*sql.Rows, Error)
}

func wrapErr(err error) Error { return nil }

func collectOwnError(d Dal) Error {
	rows, err := d.RawCursor(`SELECT id FROM t`)
	if err != nil {
		return err // rows are nil here
	}
	defer rows.Close()
	for rows.Next() {
	}
	if e := rows.Err(); e != nil {
		return wrapErr(e)
	}
	return nil
}

func firstOwnError(d Dal, only bool) (int, Error) {
	rows, err := d.RawCursor(`SELECT id FROM t`) // want `^rows are not closed on the return at line 39, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return 0, err
	}
	if only {
		return 1, nil
	}
	rows.Close()
	return 0, nil
}

type codedErr struct{ code int }

func (e *codedErr) Error() string { return "coded" }

func cursorCoded(db *sql.DB) (*sql.Rows, *codedErr) {
	rows, err := db.Query(`SELECT id FROM t`)
	if err != nil {
		return nil, &codedErr{1}
	}
	return rows, nil
}

func collectCoded(db *sql.DB) error {
	rows, cerr := cursorCoded(db)
	if cerr != nil {
		return cerr // rows are nil here
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}
