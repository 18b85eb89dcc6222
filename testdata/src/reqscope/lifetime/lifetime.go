// Package lifetime: which context parameters are a worker's lifetime
// context (mark(ctx) says).
package lifetime

import (
	"context"
	"net/http"
	"time"
)

func mark(ctx context.Context) {}

type W struct{ q chan int }

func (w *W) Start(ctx context.Context) {
	go w.selectLoop(ctx)
	go w.rangeLoop(ctx)
	go w.uncheckedRange(ctx)
	go w.condLoop(ctx)
	go w.doneOnly(ctx)
	go w.afterLoop(ctx)
	f := w.asValue
	f(ctx)
	(*W).byExpr(w, ctx)
}

func (w *W) selectLoop(ctx context.Context) {
	mark(ctx) // want `^not lifetime$`
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.q:
			mark(ctx) // want `^lifetime$`
			w.step(ctx)
			w.twice(ctx)
			w.derived(ctx)
			w.asValue(ctx)
			w.byExpr(ctx)
			w.Exported(ctx)
			func(c context.Context) {
				mark(c) // want `^not lifetime$`
			}(ctx)
		}
	}
}

func (w *W) step(ctx context.Context) {
	mark(ctx) // want `^lifetime$`
	w.deeper(ctx)
}

func (w *W) deeper(ctx context.Context) { mark(ctx) } // want `^lifetime$`

// Called from the loop and from outside it.
func (w *W) twice(ctx context.Context) { mark(ctx) } // want `^not lifetime$`

func (w *W) derived(ctx context.Context) {
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	w.timed(tctx)
}

func (w *W) timed(ctx context.Context) { mark(ctx) } // want `^not lifetime$`

func (w *W) asValue(ctx context.Context) { mark(ctx) } // want `^not lifetime$`

func (w *W) byExpr(ctx context.Context) { mark(ctx) } // want `^not lifetime$`

func (w *W) Exported(ctx context.Context) { mark(ctx) } // want `^not lifetime$`

func (w *W) rangeLoop(ctx context.Context) {
	for range w.q {
		if ctx.Err() != nil {
			continue
		}
		mark(ctx) // want `^lifetime$`
	}
	w.twice(ctx)
}

// A range over a queue that never looks at the context.
func (w *W) uncheckedRange(ctx context.Context) {
	for range w.q {
		mark(ctx) // want `^not lifetime$`
	}
}

// A loop with a condition is not a serving loop here.
func (w *W) condLoop(ctx context.Context) {
	for i := 0; i < 3; i++ {
		select {
		case <-ctx.Done():
			return
		case <-w.q:
			mark(ctx) // want `^not lifetime$`
		}
	}
}

// A select on ctx.Done() alone does not wait for work.
func (w *W) doneOnly(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		default:
		}
		mark(ctx) // want `^not lifetime$`
	}
}

func (w *W) afterLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
		}
		mark(ctx) // want `^lifetime$`
	}
}

// A request scope's loop, and a helper a request scope calls.
func (w *W) handler(rw http.ResponseWriter, r *http.Request) {
	w.stream(r.Context())
}

func (w *W) stream(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.q:
			mark(ctx) // want `^not lifetime$`
		}
	}
}
