package sqlitemodernc

import "database/sql"

// One connection for the pool: writes queue in database/sql, not in
// SQLite. Silent.
func OpenSingle() (*Store, error) {
	db, err := sql.Open("sqlite", "app.db")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return &Store{db: db}, nil
}
