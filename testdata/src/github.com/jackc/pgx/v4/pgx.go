// Package pgx is a minimal stub of github.com/jackc/pgx/v4.
package pgx

import "context"

type ConnConfig struct{}

type Conn struct{}

func Connect(ctx context.Context, connString string) (*Conn, error) { return nil, nil }
func ParseConfig(connString string) (*ConnConfig, error)            { return nil, nil }
func (c *Conn) Close(ctx context.Context) error                     { return nil }
