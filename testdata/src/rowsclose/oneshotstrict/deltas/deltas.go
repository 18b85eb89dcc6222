// Package deltas: with -rowsclose.strict, the migrations of a package that
// is nothing but migrations are reported as any other code.
package deltas

import (
	"context"
	"database/sql"
)

func UpVisibility(ctx context.Context, tx *sql.Tx) error {
	vis, err := currentVisibilities(ctx, tx)
	if err != nil {
		return err
	}
	for room, v := range vis {
		if _, err := tx.ExecContext(ctx, "UPDATE events SET vis = $1 WHERE room_id = $2", v, room); err != nil {
			return err
		}
	}
	return nil
}

func DownVisibility(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "ALTER TABLE events DROP COLUMN vis")
	return err
}

func currentVisibilities(ctx context.Context, tx *sql.Tx) (map[string]int, error) {
	rows, err := tx.QueryContext(ctx, "SELECT room_id, vis FROM rooms") // want `^rows\.Err is never checked after the Next loop at line 35: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return nil, err
	}
	defer closeRows(rows) // the rows go to a helper: not x/tools' sqlrowserr's shape
	m := map[string]int{}
	for rows.Next() {
		var r string
		var v int
		if err := rows.Scan(&r, &v); err != nil {
			return nil, err
		}
		m[r] = v
	}
	return m, nil
}

func closeRows(rows *sql.Rows) { _ = rows.Close() }

type nids []int64

func (s nids) Len() int           { return len(s) }
func (s nids) Less(i, j int) bool { return s[i] < s[j] }
func (s nids) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }
