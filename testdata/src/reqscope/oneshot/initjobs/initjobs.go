// Package initjobs registers a function with a migration's signature in its
// init, but it is a periodic job and no string of the package changes a
// schema: nothing but init runs once.
package initjobs

import (
	"context"
	"database/sql"
	"time"

	"example.com/migreg"
)

func purge(ctx context.Context, db *sql.DB) error {
	_, err := db.Exec("DELETE FROM sessions WHERE expires < now()")
	return err
}

func init() { // want `^runs once$`
	migreg.Every(time.Hour, purge)
}
