// Package pgxpool is a minimal stub of github.com/jackc/pgx/v4/pgxpool.
package pgxpool

import "context"

type Config struct{ MaxConns int32 }

type Pool struct{}

func Connect(ctx context.Context, connString string) (*Pool, error)    { return nil, nil }
func ConnectConfig(ctx context.Context, config *Config) (*Pool, error) { return nil, nil }
func ParseConfig(connString string) (*Config, error)                   { return nil, nil }
func (p *Pool) Close()                                                 {}
