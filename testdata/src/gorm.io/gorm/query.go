package gorm

import "database/sql"

// Chain methods: a statement being built on the same pool.

func (db *DB) Model(value interface{}) (tx *DB)                       { return db }
func (db *DB) Table(name string, args ...interface{}) (tx *DB)        { return db }
func (db *DB) Where(query interface{}, args ...interface{}) (tx *DB)  { return db }
func (db *DB) Order(value interface{}) (tx *DB)                       { return db }
func (db *DB) Limit(limit int) (tx *DB)                               { return db }
func (db *DB) Select(query interface{}, args ...interface{}) (tx *DB) { return db }
func (db *DB) Session(config *Session) *DB                            { return db }
func (db *DB) Debug() (tx *DB)                                        { return db }

type Session struct{ SkipHooks bool }

// Finishers: they run the statement.

func (db *DB) Find(dest interface{}, conds ...interface{}) (tx *DB)   { return db }
func (db *DB) First(dest interface{}, conds ...interface{}) (tx *DB)  { return db }
func (db *DB) Take(dest interface{}, conds ...interface{}) (tx *DB)   { return db }
func (db *DB) Create(value interface{}) (tx *DB)                      { return db }
func (db *DB) Save(value interface{}) (tx *DB)                        { return db }
func (db *DB) Update(column string, value interface{}) (tx *DB)       { return db }
func (db *DB) Updates(values interface{}) (tx *DB)                    { return db }
func (db *DB) UpdateColumn(column string, value interface{}) (tx *DB) { return db }
func (db *DB) Delete(value interface{}, conds ...interface{}) (tx *DB) {
	return db
}
func (db *DB) Count(count *int64) (tx *DB)                     { return db }
func (db *DB) Scan(dest interface{}) (tx *DB)                  { return db }
func (db *DB) Row() *sql.Row                                   { return nil }
func (db *DB) Rows() (*sql.Rows, error)                        { return nil, nil }
func (db *DB) ScanRows(rows *sql.Rows, dest interface{}) error { return nil }

// Transactions.

func (db *DB) Begin(opts ...*sql.TxOptions) *DB                                      { return db }
func (db *DB) Commit() *DB                                                           { return db }
func (db *DB) Rollback() *DB                                                         { return db }
func (db *DB) Transaction(fc func(tx *DB) error, opts ...*sql.TxOptions) (err error) { return nil }
