// Package pq is a minimal stub of github.com/lib/pq.
package pq

type Connector struct{}

func NewConnector(dsn string) (*Connector, error) { return nil, nil }
