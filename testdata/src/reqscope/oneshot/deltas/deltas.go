// Package deltas is nothing but migrations: exported functions with a Go
// migration's signature that nothing here refers to (another package
// registers them with its own runner: sqlutil.Migration{Up:
// deltas.UpVisibility}), unexported helpers reached only from them, and an
// unexported sort type. It imports no migration library. The migrations,
// and what only they reach, run once.
package deltas

import (
	"context"
	"database/sql"
	"sort"
)

// Version is data: an exported constant or a data type exported beside the
// migrations changes nothing.
const Version = 3

type Stats struct{ Rooms int }

func UpVisibility(ctx context.Context, tx *sql.Tx) error { // want `^runs once$`
	vis, err := currentVisibilities(ctx, tx)
	if err != nil {
		return err
	}
	ids := nids{}
	for room := range vis {
		ids = append(ids, room)
	}
	sort.Sort(ids)
	return nil
}

func DownVisibility(ctx context.Context, tx *sql.Tx) error { // want `^runs once$`
	return exec(tx, "ALTER TABLE rooms DROP COLUMN vis")
}

func UpIndex(tx *sql.Tx) error { // want `^runs once$`
	return exec(tx, "CREATE INDEX rooms_vis ON rooms (vis)")
}

func UpNoTx(db *sql.DB) error { // want `^runs once$`
	_, err := db.Exec("VACUUM")
	return err
}

func currentVisibilities(ctx context.Context, tx *sql.Tx) (map[int64]int, error) { // want `^runs once$`
	rows, err := tx.QueryContext(ctx, "SELECT room_id, vis FROM rooms")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[int64]int{}
	for rows.Next() {
		var r int64
		var v int
		if err := rows.Scan(&r, &v); err != nil {
			return nil, err
		}
		m[r] = v
	}
	return m, nil
}

func exec(tx *sql.Tx, q string) error { // want `^runs once$`
	_, err := tx.Exec(q)
	return err
}

// The methods of the sort type run when sort.Sort calls them, out of sight:
// not once, and no reason to doubt the package.
type nids []int64

func (s nids) Len() int           { return len(s) }
func (s nids) Less(i, j int) bool { return s[i] < s[j] }
func (s nids) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }
