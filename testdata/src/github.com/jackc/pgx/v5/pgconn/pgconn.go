// Package pgconn is a minimal stub of github.com/jackc/pgx/v5/pgconn.
package pgconn

import "context"

type Config struct {
	Host     string
	Port     uint16
	Database string
	User     string
	Password string
}

type PgConn struct{}

func Connect(ctx context.Context, connString string) (*PgConn, error)    { return nil, nil }
func ConnectConfig(ctx context.Context, config *Config) (*PgConn, error) { return nil, nil }
func ParseConfig(connString string) (*Config, error)                     { return nil, nil }
func (c *PgConn) Close(ctx context.Context) error                        { return nil }

type CommandTag struct{}

func (ct CommandTag) RowsAffected() int64 { return 0 }
