// Package lifetime holds ctxquery's cases for a worker's lifetime context:
// a context parameter that a serving loop waits on (a select with a case on
// ctx.Done() and another on a queue or a ticker, or a range over a queue
// that checks ctx), and the unexported functions that loop calls with it,
// carries no deadline: passing it adds only cancellation at shutdown. Left
// to -strict (see lifetimestrict). Exported functions, derived contexts,
// calls outside the loop and request scopes stay reported.
package lifetime

import (
	"context"
	"database/sql"
	"log"
	"net/http"
	"os"
	"os/signal"
	"time"
)

// The shape's reproduction (R11T-D2).
type M struct {
	db *sql.DB
	q  chan int
}

func (m *M) Run(ctx context.Context) { go m.worker(ctx) }

func (m *M) worker(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case id := <-m.q:
			var n int
			if err := m.db.QueryRow("SELECT count(*) FROM t WHERE c = $1", id).Scan(&n); err != nil { // silent: the worker's lifetime context
				log.Print(err)
			}
		}
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	(&M{}).Run(ctx)
}

// A worker with a queue, and a recover wrapper in between (libredesk's
// miningWorker -> mineWithRecover -> mine).
type Manager struct {
	db     *sql.DB
	mining chan int
	queue  chan int
}

func (m *Manager) Start(ctx context.Context) {
	go func() {
		m.miningWorker(ctx)
	}()
	go m.replyWorker(ctx)
	go m.runEvaluation(ctx, time.Minute)
}

func (m *Manager) miningWorker(ctx context.Context) {
	m.prime(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case id, ok := <-m.mining:
			if !ok {
				return
			}
			m.mineWithRecover(ctx, id)
			if err := m.Process(ctx, id); err != nil {
				log.Print(err)
			}
			if err := m.timed(ctx, id); err != nil {
				log.Print(err)
			}
		}
	}
}

func (m *Manager) mineWithRecover(ctx context.Context, id int) {
	defer func() {
		if r := recover(); r != nil {
			log.Print(r)
		}
	}()
	if err := m.mine(ctx, id); err != nil {
		log.Print(err)
	}
}

func (m *Manager) mine(ctx context.Context, id int) error {
	var n int
	if err := m.db.QueryRow("SELECT count(*) FROM faq WHERE conv = $1", id).Scan(&n); err != nil { // silent: reached only from the loop with its context
		return err
	}
	_, err := m.db.Exec("INSERT INTO faq (conv) VALUES ($1)", id) // silent
	return err
}

// Called before the loop: the context is not yet the loop's, and the
// function that runs the loop is reached from an exported one.
func (m *Manager) prime(ctx context.Context) {
	if _, err := m.db.Exec("UPDATE faq SET state = 'new'"); err != nil { // want `^m\.db\.Exec takes no context, so nothing cancels the query; use m\.db\.ExecContext\(ctx, \.\.\.\)$`
		log.Print(err)
	}
}

// Exported: callers out of sight may give it a request's context.
func (m *Manager) Process(ctx context.Context, id int) error {
	_, err := m.db.Exec("UPDATE faq SET seen = true WHERE conv = $1", id) // want `^m\.db\.Exec takes no context, so nothing cancels the query; use m\.db\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

// The loop gives it a context with a deadline.
func (m *Manager) timed(ctx context.Context, id int) error {
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return m.store(tctx, id)
}

func (m *Manager) store(ctx context.Context, id int) error {
	_, err := m.db.Exec("UPDATE faq SET stored = true WHERE conv = $1", id) // want `^m\.db\.Exec takes no context, so nothing cancels the query; use m\.db\.ExecContext\(ctx, \.\.\.\)$`
	return err
}

// A range over the queue that checks the context each turn (libredesk's
// worker -> handleWithRecover -> handle).
func (m *Manager) replyWorker(ctx context.Context) {
	for id := range m.queue {
		if ctx.Err() != nil {
			continue
		}
		m.handleWithRecover(ctx, id)
	}
}

func (m *Manager) handleWithRecover(ctx context.Context, id int) {
	defer func() { recover() }()
	m.handle(ctx, id)
}

func (m *Manager) handle(ctx context.Context, id int) {
	var turns int
	if err := m.db.QueryRow("SELECT count(*) FROM turns WHERE conv = $1", id).Scan(&turns); err != nil { // silent
		log.Print(err)
	}
}

// A ticker loop calling a batch function that checks ctx.Done() per item
// (libredesk's runSLAEventEvaluation -> evaluatePendingSLAEvents).
func (m *Manager) runEvaluation(ctx context.Context, interval time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			if err := m.evaluate(ctx); err != nil {
				log.Print(err)
			}
		}
	}
}

func (m *Manager) evaluate(ctx context.Context) error {
	for _, id := range []int{1, 2} {
		select {
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		if _, err := m.db.Exec("UPDATE sla SET breached = true WHERE id = $1", id); err != nil { // silent
			log.Print(err)
			continue
		}
	}
	return nil
}

// A loop that selects on ctx.Done() in an HTTP handler, and in a helper a
// handler calls with the request's context, serves a request.
func (m *Manager) events(w http.ResponseWriter, r *http.Request) {
	func(ctx context.Context) {
		for {
			select {
			case <-ctx.Done():
				return
			case id := <-m.queue:
				if _, err := m.db.Exec("UPDATE t SET sent = true WHERE id = $1", id); err != nil { // want `^m\.db\.Exec takes no context, so nothing cancels the query; use m\.db\.ExecContext\(ctx, \.\.\.\)$`
					return
				}
			}
		}
	}(r.Context())
	m.stream(r.Context())
}

func (m *Manager) stream(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case id := <-m.queue:
			if _, err := m.db.Exec("UPDATE t SET streamed = true WHERE id = $1", id); err != nil { // want `^m\.db\.Exec takes no context, so nothing cancels the query; use m\.db\.ExecContext\(ctx, \.\.\.\)$`
				return
			}
		}
	}
}
