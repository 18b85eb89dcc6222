package realcode

// json.Marshal of a value encoding/json cannot fail on: its error branch is
// code no path runs, so a return there leaks nothing (tracetest's demo
// repository). A value that can fail keeps the finding.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

type PokeshopDemo struct {
	HTTPEndpoint string `json:"httpEndpoint,omitempty"`
	GRPCEndpoint string `json:"grpcEndpoint,omitempty"`
}

type Level string

type Settings struct {
	Name    string
	Enabled bool
	Retries int
	Level   Level
	Tags    []string
	Limits  map[string]uint16
	Demo    *PokeshopDemo
	Inner   struct{ Key [4]byte }
}

type Demo struct {
	Pokeshop *PokeshopDemo
	Settings Settings
}

func CreateDemo(ctx context.Context, db *sql.DB, demo Demo) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	pokeshop, err := json.Marshal(demo.Pokeshop)
	if err != nil {
		return fmt.Errorf("could not get JSON data from pokeshop example: %w", err)
	}
	settings, err := json.MarshalIndent(demo.Settings, "", "  ")
	if err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	if _, err = tx.ExecContext(ctx, `INSERT INTO demos VALUES ($1, $2)`, pokeshop, settings); err != nil {
		tx.Rollback()
		return fmt.Errorf("sql exec: %w", err)
	}
	return tx.Commit()
}

type Measured struct {
	Name  string
	Ratio float64 // NaN and infinities fail
}

type Loose struct {
	Name  string
	Extra any
}

type Stamp struct{ S string }

func (Stamp) MarshalJSON() ([]byte, error) { return nil, fmt.Errorf("no") }

type Stamped struct{ At *Stamp }

type Node struct {
	Name string
	Kids []*Node // a cycle of values fails
}

func StoreMeasured(ctx context.Context, db *sql.DB, m Measured) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 85 until ctx ends, holding its connection; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO t VALUES ($1)`, b); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func StoreLoose(ctx context.Context, db *sql.DB, l *Loose) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 101 until ctx ends, holding its connection; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	b, err := json.Marshal(l)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO t VALUES ($1)`, b); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func StoreKeys(ctx context.Context, db *sql.DB, m map[any]string) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 117 until ctx ends, holding its connection; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO t VALUES ($1)`, b); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func StoreStamped(ctx context.Context, db *sql.DB, s Stamped) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 133 until ctx ends, holding its connection; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO t VALUES ($1)`, b); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func StoreTree(ctx context.Context, db *sql.DB, n *Node) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 149 until ctx ends, holding its connection; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	b, err := json.Marshal(n)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO t VALUES ($1)`, b); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func validate(b []byte) error {
	if len(b) > 1<<20 {
		return fmt.Errorf("too large")
	}
	return nil
}

// The err checked may come from another call too.
func StoreValidated(ctx context.Context, db *sql.DB, p *PokeshopDemo, strict bool) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 176 until ctx ends, holding its connection; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	b, err := json.Marshal(p)
	if strict {
		err = validate(b)
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO t VALUES ($1)`, b); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Written by a closure: not known.
func StoreChecked(ctx context.Context, db *sql.DB, p *PokeshopDemo) error {
	tx, err := db.BeginTx(ctx, nil) // want `^tx is left open on the return at line 195 until ctx ends, holding its connection; defer tx\.Rollback\(\)$`
	if err != nil {
		return err
	}
	b, err := json.Marshal(p)
	check := func() { err = validate(b) }
	check()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO t VALUES ($1)`, b); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
