// Package other has a begin helper whose body the packages calling it
// cannot see.
package other

import (
	"context"
	"database/sql"
)

type Store struct{ *sql.DB }

func (s *Store) Begin(ctx context.Context) (*sql.Tx, func() error, func() error, error) {
	tx, err := s.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	return tx, tx.Commit, tx.Rollback, nil
}
