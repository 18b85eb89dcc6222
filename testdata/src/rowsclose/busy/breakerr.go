package busy

import (
	"context"
	"database/sql"
)

// The loop breaks only with err set, and an if err != nil { return } stands
// between it and the DELETE: the DELETE runs only after Next returned false,
// which closed the rows. Silent.
func deleteUnused(ctx context.Context, tx *sql.Tx) ([]int, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM uploads WHERE unused")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err = rows.Scan(&id); err != nil {
			break
		}
		ids = append(ids, id)
	}
	if err == nil {
		err = rows.Err()
	}
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM uploads WHERE unused"); err != nil {
		return nil, err
	}
	return ids, nil
}

// A break that does not end the function before the DELETE: reported.
func deleteAfterBreak(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM uploads WHERE unused")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		if err = rows.Scan(&id); err != nil {
			break
		}
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM uploads WHERE unused") // want `^tx\.ExecContext while rows \(line 39\) are open: the connection is busy and drivers fail the statement; read rows into memory and close them first$`
	return err
}
