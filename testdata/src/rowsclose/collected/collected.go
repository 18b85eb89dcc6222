// Package collected holds rows collected in a local slice, one per shard,
// and closed in a loop: an early return that skips the loop leaves them
// all open.
package collected

import (
	"context"
	"database/sql"
	"errors"
)

func queryShardsEarlyReturn(ctx context.Context, shards []*sql.DB, q string) (int, error) {
	var all []*sql.Rows
	for _, db := range shards {
		rows, err := db.QueryContext(ctx, q) // want `^rows, collected in all, are not closed on the return at line 17, holding a pooled connection; close them on every path$`
		if err != nil {
			return 0, err
		}
		all = append(all, rows)
	}
	n := 0
	for _, rows := range all {
		for rows.Next() {
			n++
		}
		rows.Close()
	}
	return n, nil
}

func queryShardsClosed(ctx context.Context, shards []*sql.DB, q string) (int, error) {
	var all []*sql.Rows
	defer func() {
		for _, rows := range all {
			rows.Close()
		}
	}()
	for _, db := range shards {
		rows, err := db.QueryContext(ctx, q)
		if err != nil {
			return 0, err
		}
		all = append(all, rows)
	}
	if len(all) == 0 {
		return 0, errors.New("no shards")
	}
	n := 0
	for _, rows := range all {
		for rows.Next() {
			n++
		}
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	return n, nil
}

func queryShardsDeferredInLoop(ctx context.Context, shards []*sql.DB, q string) error {
	all := make([]*sql.Rows, 0, len(shards))
	for _, db := range shards {
		rows, err := db.QueryContext(ctx, q)
		if err != nil {
			for _, r := range all {
				r.Close()
			}
			return err
		}
		all = append(all, rows)
	}
	for _, rows := range all {
		defer rows.Close()
	}
	return nil
}
