// Package durfix holds the fixes of durations without a unit.
package durfix

import (
	"database/sql"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

func Configure(db *sql.DB, cfg *pgxpool.Config) {
	db.SetConnMaxLifetime(1800)               // want `^SetConnMaxLifetime\(1800\) is 1800ns: each connection is redialed after one use; write 1800 \* time\.Second$`
	db.SetConnMaxIdleTime(time.Duration(300)) // want `^SetConnMaxIdleTime\(time\.Duration\(300\)\) is 300ns: each connection is redialed after one use; write 300 \* time\.Second$`
	db.SetConnMaxIdleTime(45)                 // 45 seconds or 45 minutes? no fix // want `^SetConnMaxIdleTime\(45\) is 45ns: each connection is redialed after one use; write it with a unit: time\.Second, time\.Minute$`
	cfg.MaxConnLifetime = 3600                // want `^cfg\.MaxConnLifetime = 3600 is 3600ns: each connection is redialed after one use; write 3600 \* time\.Second$`
}
