// Package collected holds handles collected in a local slice or map: the
// container holds them, a loop over it that releases its elements releases
// them, and a return that skips that loop leaves them behind.
package collected

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"sort"
	"testing"
)

// ---- released in a loop at the end, with an early return in between ----

func prepareEarlyReturn(db *sql.DB, queries []string, check func(string) error) error {
	var stmts []*sql.Stmt
	for _, q := range queries {
		stmt, err := db.Prepare(q) // want `^stmt, collected in stmts, is not closed on the return at line 22, leaving it prepared on the server; close them on every path$`
		if err != nil {
			return err
		}
		stmts = append(stmts, stmt)
		if err := check(q); err != nil {
			return err
		}
	}
	for _, s := range stmts {
		s.Close()
	}
	return nil
}

func prepareClosedOnEveryPath(db *sql.DB, queries []string, check func(string) error) error {
	var stmts []*sql.Stmt
	for _, q := range queries {
		stmt, err := db.Prepare(q)
		if err != nil {
			closeAll(stmts)
			return err
		}
		stmts = append(stmts, stmt)
		if err := check(q); err != nil {
			closeAll(stmts)
			return err
		}
	}
	closeAll(stmts)
	return nil
}

func closeAll(stmts []*sql.Stmt) {
	for _, s := range stmts {
		_ = s.Close()
	}
}

func prepareDeferredClosure(db *sql.DB, queries []string, check func(string) error) error {
	var stmts []*sql.Stmt
	defer func() {
		for _, s := range stmts {
			s.Close()
		}
	}()
	for _, q := range queries {
		stmt, err := db.Prepare(q)
		if err != nil {
			return err
		}
		stmts = append(stmts, stmt)
		if err := check(q); err != nil {
			return err
		}
	}
	return nil
}

func prepareDeferredAfter(db *sql.DB, queries []string) error {
	stmts := make([]*sql.Stmt, 0, len(queries))
	for _, q := range queries {
		stmt, err := db.Prepare(q)
		if err != nil {
			closeAll(stmts)
			return err
		}
		stmts = append(stmts, stmt)
	}
	defer closeAll(stmts)
	if len(stmts) == 0 {
		return errors.New("no statements")
	}
	return run(stmts)
}

// The arguments of a deferred call are evaluated where it is deferred:
// closeAll gets the empty slice, and every statement leaks.
func prepareDeferredTooEarly(db *sql.DB, queries []string) error {
	var stmts []*sql.Stmt
	defer closeAll(stmts)
	for _, q := range queries {
		stmt, err := db.Prepare(q) // want `^stmt, collected in stmts, is not closed on the return at line 104, leaving it prepared on the server; close them on every path$`
		if err != nil {
			return err
		}
		stmts = append(stmts, stmt)
	}
	return run(stmts)
}

func run(stmts []*sql.Stmt) error {
	for _, s := range stmts {
		if _, err := s.Exec(); err != nil {
			return err
		}
	}
	return nil
}

// ---- index loops, index stores, maps ----

func indexLoops(db *sql.DB, queries []string) error {
	stmts := make([]*sql.Stmt, len(queries))
	for i, q := range queries {
		stmt, err := db.Prepare(q)
		if err != nil {
			for j := 0; j < i; j++ {
				stmts[j].Close()
			}
			return err
		}
		stmts[i] = stmt
	}
	for i := range stmts {
		stmts[i].Close()
	}
	return nil
}

func rangeOverLen(db *sql.DB, queries []string) {
	var stmts []*sql.Stmt
	for _, q := range queries {
		if stmt, err := db.Prepare(q); err == nil {
			stmts = append(stmts, stmt)
		}
	}
	for i := range len(stmts) {
		stmts[i].Close()
	}
}

func byName(db *sql.DB, queries map[string]string, check func(string) error) error {
	stmts := make(map[string]*sql.Stmt)
	for name, q := range queries {
		stmt, err := db.Prepare(q) // want `^stmt, collected in stmts, is not closed on the return at line 157, leaving it prepared on the server; close them on every path$`
		if err != nil {
			return err
		}
		stmts[name] = stmt
		if err := check(name); err != nil {
			return err
		}
	}
	for _, s := range stmts {
		s.Close()
	}
	return nil
}

func byNameClosed(db *sql.DB, queries map[string]string) error {
	stmts := make(map[string]*sql.Stmt)
	defer func() {
		for name := range stmts {
			stmts[name].Close()
		}
	}()
	for name, q := range queries {
		stmt, err := db.Prepare(q)
		if err != nil {
			return err
		}
		stmts[name] = stmt
	}
	return nil
}

// ---- a collection read but never released ----

func readOnly(db *sql.DB, queries []string) error {
	var stmts []*sql.Stmt
	for _, q := range queries {
		stmt, err := db.Prepare(q) // want `^stmt, collected in stmts, is not closed on the return at line 200, leaving it prepared on the server; close them on every path$`
		if err != nil {
			continue
		}
		stmts = append(stmts, stmt)
	}
	for _, s := range stmts {
		if _, err := s.Exec(); err != nil {
			return err
		}
	}
	return nil
}

// ---- the collection handed over: assumed handled ----

type registry struct{ stmts []*sql.Stmt }

func prepareReturned(db *sql.DB, queries []string) ([]*sql.Stmt, error) {
	var stmts []*sql.Stmt
	for _, q := range queries {
		stmt, err := db.Prepare(q)
		if err != nil {
			closeAll(stmts)
			return nil, err
		}
		stmts = append(stmts, stmt)
	}
	return stmts, nil
}

func (r *registry) prepareStored(db *sql.DB, queries []string) error {
	var stmts []*sql.Stmt
	for _, q := range queries {
		stmt, err := db.Prepare(q)
		if err != nil {
			closeAll(stmts)
			return err
		}
		stmts = append(stmts, stmt)
	}
	r.stmts = stmts
	return nil
}

func prepareSorted(db *sql.DB, queries []string, keep func([]*sql.Stmt)) error {
	var stmts []*sql.Stmt
	for _, q := range queries {
		stmt, err := db.Prepare(q)
		if err != nil {
			closeAll(stmts)
			return err
		}
		stmts = append(stmts, stmt)
	}
	sort.Slice(stmts, func(i, j int) bool { return i < j })
	keep(stmts)
	return nil
}

// ---- transactions and connections ----

func beginAll(ctx context.Context, dbs []*sql.DB, work func() error) error {
	var txs []*sql.Tx
	for _, db := range dbs {
		tx, err := db.BeginTx(ctx, nil) // want `^tx, collected in txs, is left open on the return at line 259 until ctx ends, holding its connection and locks; commit or roll them back on every path$`
		if err != nil {
			return err
		}
		txs = append(txs, tx)
		if err := work(); err != nil {
			return err
		}
	}
	for _, tx := range txs {
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

func beginAllRolledBack(ctx context.Context, dbs []*sql.DB, work func(*sql.Tx) error) error {
	var txs []*sql.Tx
	defer func() {
		for _, tx := range txs {
			_ = tx.Rollback()
		}
	}()
	for _, db := range dbs {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		txs = append(txs, tx)
		if err := work(tx); err != nil {
			return err
		}
	}
	for _, tx := range txs {
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

func connsReleased(ctx context.Context, db *sql.DB, n int) error {
	conns := make([]*sql.Conn, 0, n)
	for range n {
		c, err := db.Conn(ctx)
		if err != nil {
			break
		}
		conns = append(conns, c)
	}
	if len(conns) == 0 {
		return errors.New("no connections")
	}
	for len(conns) > 0 {
		conns[0].Close()
		conns = conns[1:]
	}
	return nil
}

// ---- a container of io.Closer, a generic helper ----

func closers(db *sql.DB, queries []string, check func() error) error {
	var cs []io.Closer
	defer func() {
		for _, c := range cs {
			c.Close()
		}
	}()
	for _, q := range queries {
		stmt, err := db.Prepare(q)
		if err != nil {
			return err
		}
		cs = append(cs, stmt)
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func closeEach[T io.Closer](xs []T) {
	for _, x := range xs {
		x.Close()
	}
}

func genericHelper(db *sql.DB, queries []string) error {
	var stmts []*sql.Stmt
	for _, q := range queries {
		stmt, err := db.Prepare(q)
		if err != nil {
			closeEach(stmts)
			return err
		}
		stmts = append(stmts, stmt)
	}
	closeEach(stmts)
	return nil
}

// Closing one element is not a loop over the container: the others leak,
// but the engine does not count elements and takes it as closing them.
func closeFirstOnly(db *sql.DB, queries []string) {
	var stmts []*sql.Stmt
	for _, q := range queries {
		if stmt, err := db.Prepare(q); err == nil {
			stmts = append(stmts, stmt)
		}
	}
	if len(stmts) > 0 {
		stmts[0].Close()
	}
}

// ---- released by a deferred closure on error, by a test's cleanup ----

func closeVariadic(stmts ...*sql.Stmt) {
	for _, s := range stmts {
		s.Close()
	}
}

func prepareClosedOnError(db *sql.DB, queries []string) (_ []*sql.Stmt, err error) {
	var prepared []*sql.Stmt
	defer func() {
		if err != nil {
			closeVariadic(prepared...)
		}
	}()
	for _, q := range queries {
		var stmt *sql.Stmt
		stmt, err = db.Prepare(q)
		if err != nil {
			return nil, err
		}
		prepared = append(prepared, stmt)
	}
	return prepared, nil
}

func connsInTest(t *testing.T, db *sql.DB) {
	conns := make([]*sql.Conn, 0, 3)
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	for range 3 {
		c, err := db.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
}
