package a

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

type order struct {
	ID     int
	Tenant string
}

// ---- (3) an opener in a loop whose pool does not outlive the iteration ------

func importOrders(ctx context.Context, orders []order) error {
	for _, o := range orders {
		db, err := sql.Open("postgres", dsn) // want `^sql\.Open opens a pool in every iteration, each paying a connection handshake for one use; open it once before the loop$`
		if err != nil {
			return err
		}
		_, err = db.ExecContext(ctx, "INSERT INTO orders VALUES ($1)", o.ID)
		db.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

func poll(ctx context.Context, jobs <-chan order) {
	for {
		select {
		case <-ctx.Done():
			return
		case o := <-jobs:
			db, err := sql.Open("postgres", dsn) // want `^sql\.Open opens a pool in every iteration, closed by a defer only at return, so the pools pile up; open it once before the loop$`
			if err != nil {
				continue
			}
			defer db.Close()
			_, _ = db.ExecContext(ctx, "UPDATE orders SET done = true WHERE id = $1", o.ID)
		}
	}
}

func importBatches(ctx context.Context, batches [][]order) {
	for _, b := range batches {
		func() {
			db, err := sql.Open("postgres", fmt.Sprintf("%s?application_name=%s", dsn, "import")) // want `^sql\.Open opens a pool in every iteration, each paying a connection handshake for one use; open it once before the loop$`
			if err != nil {
				return
			}
			defer db.Close()
			_, _ = db.ExecContext(ctx, "INSERT INTO batches VALUES ($1)", len(b))
		}()
		db, _ := sql.Open("postgres", dsn) // want `^sql\.Open opens a pool in every iteration, each paying a connection handshake for one use; open it once before the loop$`
		_, _ = db.ExecContext(ctx, "ANALYZE orders")
		if err := db.Close(); err != nil {
			return
		}
	}
}

// A loop that waits between iterations (a ticker, time.Sleep, time.After)
// polls, retries or reconnects: one pool per interval is left alone.
func tick(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	for range t.C {
		func() {
			db, err := sql.Open("postgres", fmt.Sprintf("%s?application_name=%s", dsn, "ticker"))
			if err != nil {
				return
			}
			defer db.Close()
			_ = db.PingContext(ctx)
		}()
		db, _ := sql.Open("postgres", fmt.Sprintf("%s?application_name=%s", dsn, "ticker"))
		_, _ = db.ExecContext(ctx, "DELETE FROM sessions WHERE expires < now()")
		if err := db.Close(); err != nil {
			return
		}
	}
}

// Opened and closed unused, to validate: no connection is made.
func validateAll(dsns []string) {
	for range dsns {
		db, err := sql.Open("postgres", dsn)
		if err == nil {
			db.Close()
		}
		_ = validateDSN(dsn)
	}
}

// ---- silent loops -------------------------------------------------------------

// One database per tenant: the DSN depends on the iteration.
func migrateTenants(ctx context.Context, tenants []string) error {
	for _, t := range tenants {
		db, err := sql.Open("postgres", dsn+"/"+t)
		if err != nil {
			return err
		}
		_, err = db.ExecContext(ctx, "SELECT 1")
		db.Close()
		if err != nil {
			return err
		}
	}
	for i := range tenants {
		name := fmt.Sprintf("%s/%s", dsn, tenants[i])
		db, _ := sql.Open("postgres", name)
		db.Close()
	}
	return nil
}

// DSNs read from a table, one per row.
func checkAll(ctx context.Context, catalog *sql.DB) error {
	rows, err := catalog.QueryContext(ctx, "SELECT dsn FROM databases")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var target string
		if err := rows.Scan(&target); err != nil {
			return err
		}
		db, _ := sql.Open("postgres", target)
		_ = db.PingContext(ctx)
		db.Close()
	}
	return rows.Err()
}

// A retry loop returns the pool it keeps.
func connectWithRetry(ctx context.Context) (*sql.DB, error) {
	for attempt := 0; attempt < 5; attempt++ {
		db, err := sql.Open("postgres", dsn)
		if err != nil {
			continue
		}
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			time.Sleep(time.Second)
			continue
		}
		return db, nil
	}
	return nil, fmt.Errorf("no database")
}

// A pool per shard, all kept.
func openShards(n int) []*sql.DB {
	var out []*sql.DB
	for i := 0; i < n; i++ {
		db, _ := sql.Open("postgres", dsn)
		out = append(out, db)
	}
	return out
}

// A callback that is not run per iteration here.
func registerLater(hooks *[]func()) {
	for i := 0; i < 3; i++ {
		*hooks = append(*hooks, func() {
			db, _ := sql.Open("postgres", dsn)
			defer db.Close()
		})
	}
}

// ---- (2) per-call pools called in a loop --------------------------------------

// saveOrder opens its pool from the package's DSN, whatever the order.
func saveOrder(ctx context.Context, o order) error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, "INSERT INTO orders VALUES ($1)", o.ID)
	return err
}

// migrateOne opens the database it is given.
func migrateOne(ctx context.Context, target string) error {
	conn := target + "?sslmode=disable"
	db, err := sql.Open("postgres", conn)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.PingContext(ctx)
}

// tenantDB's pool depends on its receiver.
type tenantDB struct{ dsn string }

func (t tenantDB) vacuum(ctx context.Context) error {
	db, err := sql.Open("postgres", t.dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, "VACUUM")
	return err
}

func saveAll(ctx context.Context, orders []order, targets []string, tenants []tenantDB) {
	for _, o := range orders {
		_ = saveOrder(ctx, o) // want `^saveOrder opens its own pool per call, so this loop opens one per iteration, each paying a connection handshake for one use; pass it a \*sql\.DB$`
	}
	for i := 0; i < 3; i++ {
		_ = migrateOne(ctx, dsn) // want `^migrateOne opens its own pool per call, so this loop opens one per iteration, each paying a connection handshake for one use; pass it a \*sql\.DB$`
	}
	for _, t := range targets {
		_ = migrateOne(ctx, t) // silent: a different database per iteration
	}
	for _, t := range tenants {
		_ = t.vacuum(ctx) // silent: the pool depends on the receiver
	}
	for range 3 {
		_, _ = loadTotals(ctx) // want `^loadTotals opens its own pool per call, so this loop opens one per iteration, each paying a connection handshake for one use; pass it a \*sql\.DB$`
	}
	for i := 0; i < 2; i++ {
		warmUp()
		_ = leaky()
	}
	for attempt := 0; attempt < 5; attempt++ {
		if err := saveOrder(ctx, orders[0]); err == nil {
			break
		}
		time.Sleep(time.Second)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
			_, _ = loadTotals(ctx)
		}
	}
}
