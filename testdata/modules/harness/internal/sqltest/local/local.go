package local

import (
	"context"
	"database/sql"

	"example.com/svc/internal/sqltest/docker"
)

func Open(ctx context.Context, dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	return db, docker.Ready(ctx, db)
}
