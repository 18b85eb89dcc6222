package gorm

import "context"

// WithContext returns a session whose statements use ctx.
func (db *DB) WithContext(ctx context.Context) *DB { return db }
