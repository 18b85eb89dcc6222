// Package commit: on PostgreSQL, the bundled sqlrowserr leaves rows of a
// transaction begun out of sight (a parameter, a callback's) to
// -sqlrowserr.strict: an error in them aborts the transaction, and whoever
// commits it gets the failure. Rows of the pool are reported.
package commit

import (
	"context"
	"database/sql"

	_ "github.com/lib/pq"
)

func names(tx *sql.Tx) ([]string, error) {
	rows, err := tx.Query("SELECT name FROM users")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

func inTx(db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func count(db *sql.DB) (n int, err error) {
	err = inTx(db, func(tx *sql.Tx) error {
		rows, err := tx.Query("SELECT 1 FROM users")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			n++
		}
		return nil
	})
	return n, err
}

func namesOfPool(db *sql.DB) ([]string, error) {
	rows, err := db.Query("SELECT name FROM users") // want `^sql\.Rows "rows" is used in Next loop at line 65 without final check of rows\.Err\(\)$`
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// migrations embeds the transaction a runner in another package begins and
// commits: its methods read the runner's transaction, begun out of sight.
type migrations struct{ *sql.Tx }

func (m *migrations) Up_1() error {
	rows, err := m.Query("SELECT id FROM pipelines")
	if err != nil {
		return err
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
	}
	for _, id := range ids {
		if _, err := m.Exec("UPDATE jobs SET tags = '{}' WHERE pipeline_id = $1", id); err != nil {
			return err
		}
	}
	return nil
}

func (m *migrations) Up_2() error {
	tx := m.Tx
	rows, err := tx.Query("SELECT id FROM teams")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return err
		}
		if _, err := tx.Exec("UPDATE teams SET auth = NULL WHERE id = $1", id); err != nil {
			return err
		}
	}
	return nil
}

// adminTX holds the transaction its owner begins and commits (trillian's
// crdb storage, R10VT-D2): rows of a statement prepared on it are the
// transaction's, left to -sqlrowserr.strict.
type adminTX struct{ tx *sql.Tx }

func (t *adminTX) listTrees(ctx context.Context) ([]int64, error) {
	stmt, err := t.tx.PrepareContext(ctx, "SELECT id FROM trees")
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	rows, err := stmt.QueryContext(ctx)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}
