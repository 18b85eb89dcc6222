// Package busy holds rowsclose's busy-connection cases: rows of a
// transaction or a connection still open while it runs another statement.
package busy

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
)

// The N+1 loop on a transaction: each Exec runs while the rows are unread.
func Archive(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM orders")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE orders SET archived = true WHERE id = $1", id); err != nil { // want `^tx\.ExecContext while rows \(line 17\) are open: the connection is busy and drivers fail the statement; read rows into memory and close them first$`
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO log VALUES ($1)", id); err != nil {
			return err
		}
	}
	return rows.Err()
}

// The idiomatic twin: the ids first, then the updates.
func ArchiveBuffered(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM orders")
	if err != nil {
		return err
	}
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, "UPDATE orders SET archived = true WHERE id = $1", id); err != nil {
			return err
		}
	}
	return nil
}

// Read to the end before the next statement: the rows no longer hold the
// connection, even with the Close deferred.
func ReadThenUpdate(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM orders")
	if err != nil {
		return err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "UPDATE stats SET n = $1", n)
	return err
}

// A dedicated connection: the same.
func OnConn(ctx context.Context, conn *sql.Conn) error {
	rows, err := conn.QueryContext(ctx, "SELECT id FROM orders")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var n int
		_ = conn.QueryRowContext(ctx, "SELECT count(*) FROM lines").Scan(&n) // want `^conn\.QueryRowContext while rows \(line 85\) are open: the connection is busy and drivers fail the statement; read rows into memory and close them first$`
	}
	return rows.Err()
}

// Another transaction has a connection of its own.
func TwoTxs(ctx context.Context, tx, other *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, "SELECT id FROM orders")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if _, err := other.ExecContext(ctx, "SELECT 1"); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Rows of the pool take their own connection: pooldeadlock's case, not this.
func OnPool(ctx context.Context, db *sql.DB, tx *sql.Tx) error {
	rows, err := db.QueryContext(ctx, "SELECT id FROM orders")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if _, err := tx.ExecContext(ctx, "SELECT 1"); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Discarded rows keep the transaction busy: the discarded query's finding
// says so, once.
func Discarded(ctx context.Context, tx *sql.Tx) error {
	tx.QueryContext(ctx, "DELETE FROM sessions") // want `^these rows are discarded and never closed, keeping the transaction busy; use tx\.ExecContext$`
	_, err := tx.ExecContext(ctx, "DELETE FROM tokens")
	return err
}

// sqlx: Get runs a statement too.
func Sqlx(tx *sqlx.Tx) error {
	rows, err := tx.Queryx("SELECT id FROM orders")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var n int
		if err := tx.Get(&n, "SELECT count(*) FROM lines"); err != nil { // want `^tx\.Get while rows \(line 137\) are open: the connection is busy and drivers fail the statement; read rows into memory and close them first$`
			return err
		}
	}
	return rows.Err()
}

// pgx: "conn busy".
func PgxTx(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, "SELECT id FROM orders")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if _, err := tx.Exec(ctx, "UPDATE orders SET seen = true"); err != nil { // want `^tx\.Exec while rows \(line 153\) are open: the connection is busy and drivers fail the statement; read rows into memory and close them first$`
			return err
		}
	}
	return rows.Err()
}

func PgxPoolConn(ctx context.Context, conn *pgxpool.Conn) error {
	rows, err := conn.Query(ctx, "SELECT id FROM orders")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var n int
		_ = conn.QueryRow(ctx, "SELECT 1").Scan(&n) // want `^conn\.QueryRow while rows \(line 167\) are open: the connection is busy and drivers fail the statement; read rows into memory and close them first$`
	}
	return rows.Err()
}

// The results of a batch are open until closed.
func PgxBatch(ctx context.Context, conn *pgx.Conn, b *pgx.Batch) error {
	br := conn.SendBatch(ctx, b)
	defer br.Close()
	if _, err := br.Exec(); err != nil {
		return err
	}
	_, err := conn.Exec(ctx, "SELECT 1") // want `^conn\.Exec while the results of br \(line 181\) are open: the connection is busy and drivers fail the statement; close br first$`
	return err
}

// Closed first: silent.
func PgxBatchClosed(ctx context.Context, conn *pgx.Conn, b *pgx.Batch) error {
	br := conn.SendBatch(ctx, b)
	_, err := br.Exec()
	br.Close()
	if err != nil {
		return err
	}
	_, err = conn.Exec(ctx, "SELECT 1")
	return err
}

// migrate's lock: the rows are read once; reaching the Exec means Next
// returned false, which closed them. Silent. (Their Err unchecked is left
// to -strict: an error aborts the caller's PostgreSQL transaction.)
func lock(ctx context.Context, tx *sql.Tx, id int) error {
	rows, err := tx.QueryContext(ctx, "SELECT * FROM locks WHERE id = $1", id)
	if err != nil {
		return err
	}
	defer rows.Close()
	locked := rows.Next()
	if locked {
		return errors.New("locked")
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO locks VALUES ($1)", id)
	return err
}

// With a flag that lets the caller take a held lock, the Exec runs while
// the row is unread: reported.
func forceLock(ctx context.Context, tx *sql.Tx, id int, force bool) error {
	rows, err := tx.QueryContext(ctx, "SELECT * FROM locks WHERE id = $1", id)
	if err != nil {
		return err
	}
	defer rows.Close()
	locked := rows.Next()
	if locked && !force {
		return errors.New("locked")
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO locks VALUES ($1)", id) // want `^tx\.ExecContext while rows \(line 222\) are open: the connection is busy and drivers fail the statement; read rows into memory and close them first$`
	return err
}
