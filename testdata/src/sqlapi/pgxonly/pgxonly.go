package pgxonly // want "reaches"

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

func f(ctx context.Context, dsn string) {
	pool, _ := pgxpool.New(ctx, dsn) // want `github.com/jackc/pgx/v5/pgxpool.New direct opener\(dsn=1,sqldb=false\) sink\(arg=1,postgres\)`
	_ = pool
}
