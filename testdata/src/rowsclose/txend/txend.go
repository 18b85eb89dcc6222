// Package txend: rows of a database/sql transaction on PostgreSQL (pgx's
// stdlib driver), through the project's Tx interface, a struct embedding
// the transaction, and squirrel's RunWith. The transaction's Rollback or
// Commit closes its rows, so rows left open only on returns after a
// deferred Rollback are not leaked; an error in the middle of the rows
// aborts the transaction, and whoever commits it gets the failure, so
// rows.Err unchecked there is left to -strict. Rows of the pool, of pgx's
// own transaction, and rows whose transaction ends only before their
// producer stay reported.
package txend

import (
	"context"
	"database/sql"
	"errors"

	sq "github.com/Masterminds/squirrel"
	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/jmoiron/sqlx"
)

var errNegative = errors.New("negative id")

type Tx interface {
	Query(query string, args ...any) (*sql.Rows, error)
	Exec(query string, args ...any) (sql.Result, error)
	Commit() error
	Rollback() error
}

type dbTx struct{ *sql.Tx }

func Rollback(tx Tx) { _ = tx.Rollback() }

func Begin(db *sql.DB) (Tx, error) {
	t, err := db.Begin()
	if err != nil {
		return nil, err
	}
	return &dbTx{t}, nil
}

func ids(db *sql.DB) ([]int, error) {
	tx, err := Begin(db)
	if err != nil {
		return nil, err
	}
	defer Rollback(tx)
	rows, err := tx.Query(`SELECT id FROM jobs`)
	if err != nil {
		return nil, err
	}
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err // the deferred Rollback closes the rows
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

func idsNoRollback(db *sql.DB) ([]int, error) {
	tx, err := Begin(db)
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query(`SELECT id FROM jobs`) // want `^rows are not closed on the return at line 82, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

func idsSQL(db *sql.DB) ([]int, error) {
	tx, err := db.Begin()
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback() }()
	rows, err := sq.Select("id").From("jobs").RunWith(tx).Query()
	if err != nil {
		return nil, err
	}
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

func idsRollbackAfter(db *sql.DB) ([]int, error) {
	tx, err := db.Begin()
	if err != nil {
		return nil, err
	}
	rows, err := sq.Select("id").From("jobs").RunWith(tx).Query() // want `^rows are not closed on the return at line 130, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() // registered after the rows: the return at line 130 leaves them open
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, tx.Commit()
}

func idsOfPool(db *sql.DB) ([]int, error) {
	rows, err := sq.Select("id").From("jobs").RunWith(db).Query() // want `^rows are not closed on the return at line 149, holding a pooled connection; defer rows\.Close\(\)$`
	if err != nil {
		return nil, err
	}
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return out, nil
}

func idsOfPgx(ctx context.Context, conn *pgx.Conn) ([]int, error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)                            // pgx leaves its rows open after Rollback
	rows, err := tx.Query(ctx, `SELECT id FROM jobs`) // want `^rows are not closed on the return at line 177, keeping the transaction busy; defer rows\.Close\(\)$`
	if err != nil {
		return nil, err
	}
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		if id < 0 {
			return nil, errNegative
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	return out, tx.Commit(ctx)
}

// requestSchedule reads rows of a transaction its callers begin and end:
// their Rollback closes the rows on the error return, and the failure of
// the rows aborts the transaction, which the caller's Commit reports.
func requestSchedule(tx Tx, pipelineID int) error {
	rows, err := sq.Select("id").From("jobs").Where("pipeline_id = ?", pipelineID).RunWith(tx).Query()
	if err != nil {
		return err
	}
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
	}
	_, err = tx.Exec(`UPDATE jobs SET schedule_requested = now() WHERE id = ANY($1)`, ids)
	return err
}

// scheduleOfPool reads the pool: nothing surfaces its failure.
func scheduleOfPool(db *sql.DB, pipelineID int) ([]int, error) {
	rows, err := sq.Select("id").From("jobs").Where("pipeline_id = ?", pipelineID).RunWith(db).Query() // want `^rows\.Err is never checked after the Next loop at line 216: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// migrations embeds the runner's transaction, begun and committed in
// another package.
type migrations struct{ *sqlx.Tx }

func (m *migrations) Up_1() error {
	rows, err := m.Queryx(`SELECT id FROM pipelines`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
	}
	for _, id := range ids {
		if _, err := m.Exec(`UPDATE jobs SET tags = '{}' WHERE pipeline_id = $1`, id); err != nil {
			return err
		}
	}
	return nil
}

type store struct {
	tx *sqlx.Tx
	db *sqlx.DB
}

func (s *store) fromTx() ([]int, error) {
	rows, err := s.tx.Queryx(`SELECT id FROM pipelines`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func (s *store) fromPool() ([]int, error) {
	rows, err := s.db.Queryx(`SELECT id FROM pipelines`) // want `^rows\.Err is never checked after the Next loop at line 281: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// teamCount drops Next's result: the Scan that follows returns the error
// Next met, and it is returned.
func teamCount(db *sql.DB) (int64, error) {
	rows, err := db.Query(`SELECT COUNT(*) FROM teams`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var n int64
	rows.Next()
	err = rows.Scan(&n)
	if err != nil {
		return 0, err
	}
	return n, nil
}

func teamCountScanDropped(ctx context.Context, db *sql.DB) int64 {
	rows, err := db.QueryContext(ctx, `SELECT COUNT(*) FROM teams`) // want `^rows\.Err is never checked after rows\.Next at line 315: an error reads as no row; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return 0
	}
	defer rows.Close()
	var n int64
	rows.Next()
	_ = rows.Scan(&n)
	return n
}

// versionsOf reads a transaction its only caller never commits: a failure
// of the rows reaches nobody.
func versionsOf(tx Tx) ([]int, error) {
	rows, err := tx.Query(`SELECT id FROM versions`) // want `^rows\.Err is never checked after the Next loop at line 329: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func causality(db *sql.DB) ([]int, error) {
	tx, err := Begin(db)
	if err != nil {
		return nil, err
	}
	defer Rollback(tx) // read-only: never committed
	return versionsOf(tx)
}

// stream commits and checks the error, but has no error to return it
// through: the failure is lost.
func stream(db *sql.DB, out chan<- int) {
	tx, err := db.Begin()
	if err != nil {
		return
	}
	defer tx.Rollback()
	rows, err := sq.Select("id").From("events").RunWith(tx).Query() // want `^rows\.Err is never checked after the Next loop at line 361: an error reads as the end of the rows; check rows\.Err\(\) when Next returns false$`
	if err != nil {
		return
	}
	defer rows.Close()
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return
		}
		out <- id
	}
	if err := tx.Commit(); err != nil {
		return
	}
	close(out)
}

// A declaration between the dropped Next and the checked Scan runs
// nothing: the Scan still returns the error Next met.
func accountID(ctx context.Context, db *sql.DB, name string) (int64, error) {
	rows, err := db.QueryContext(ctx, `INSERT INTO accounts (name) VALUES ($1) RETURNING id`, name)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	rows.Next()
	var id int64
	if err := rows.Scan(&id); err != nil {
		return 0, err
	}
	return id, nil
}
