// Package sharedtype: an unexported type with methods that a package-level
// variable uses too is more than the migrations' helper, so its methods are
// other code and the package is more than migrations.
package sharedtype

import (
	"context"
	"database/sql"
	"sort"
)

var seen ids

func UpSort(ctx context.Context, tx *sql.Tx) error {
	sort.Sort(seen)
	_, err := tx.ExecContext(ctx, "ALTER TABLE t ADD COLUMN rank int")
	return err
}

type ids []int64

func (s ids) Len() int           { return len(s) }
func (s ids) Less(i, j int) bool { return s[i] < s[j] }
func (s ids) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }
