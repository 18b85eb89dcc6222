package store

import (
	"context"
	"database/sql"

	"example.com/svc/internal/latest"
)

func Save(ctx context.Context, db *sql.DB) error { return latest.Mark(ctx, db) }
