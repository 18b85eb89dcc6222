// Package table holds the cases of the handle tables' own test: a probe
// reports what the tables say of every handle variable and every call.
package table

import (
	"context"
	"database/sql"

	pgxv4 "github.com/jackc/pgx/v4"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"gorm.io/gorm"
)

// Store embeds a pool: it is one, by embedding.
type Store struct{ *sqlx.DB }

func handles() {
	var db *sql.DB          // want `^class database/sql.DB DB$`
	var rows *sql.Rows      // want `^class database/sql.Rows Rows drain=Next txend cancel$`
	var st *sql.Stmt        // want `^class database/sql.Stmt Stmt txend$`
	var tx *sql.Tx          // want `^class database/sql.Tx Tx cancel$`
	var xr *sqlx.Rows       // want `^class database/sql.Rows Rows drain=Next txend cancel$`
	var xrow *sqlx.Row      // want `^class github.com/jmoiron/sqlx.Row Row$`
	var ns *sqlx.NamedStmt  // want `^class github.com/jmoiron/sqlx.NamedStmt Stmt txend$`
	var s Store             // want `^class database/sql.DB DB$`
	var pool *pgxpool.Pool  // want `^class github.com/jackc/pgx/v5/pgxpool.Pool DB$`
	var pc *pgxpool.Conn    // want `^class github.com/jackc/pgx/v5/pgxpool.Conn Conn$`
	var c *pgx.Conn         // want `^class github.com/jackc/pgx/v5.Conn Conn$`
	var ptx pgx.Tx          // want `^class github.com/jackc/pgx/v5.Tx Tx$`
	var prows pgx.Rows      // want `^class github.com/jackc/pgx/v5.Rows Rows drain=Next$`
	var prow pgx.Row        // want `^class github.com/jackc/pgx/v5.Row Row$`
	var br pgx.BatchResults // want `^class github.com/jackc/pgx/v5.BatchResults Batch$`
	var v4rows pgxv4.Rows   // want `^class github.com/jackc/pgx/v4.Rows Rows drain=Next$`
	var g *gorm.DB          // want `^class gorm.io/gorm.DB DB$`
	var conn *sql.Conn      // want `^class database/sql.Conn Conn$`
	_, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _, _ = db, rows, st, tx, xr, xrow, ns, s, pool, pc, c, ptx, prows, prow, br, v4rows, g, conn
}

func methods(ctx context.Context, db *sql.DB, rows *sql.Rows, tx *sql.Tx, pool *pgxpool.Pool, pc *pgxpool.Conn, ptx pgx.Tx, prows pgx.Rows, br pgx.BatchResults, g *gorm.DB, x *sqlx.DB) {
	db.SetMaxOpenConns(10)                                          // want `^SetMaxOpenConns: setting idle$`
	db.Stats()                                                      // want `^Stats: idle$`
	db.QueryContext(ctx, "q")                                       // want `^QueryContext: takes a connection$`
	db.Close()                                                      // want `^Close: releases idle$`
	rows.Next()                                                     // want `^Next: drains$`
	rows.Close()                                                    // want `^Close: releases$`
	tx.Commit()                                                     // want `^Commit: releases$`
	tx.Prepare("q")                                                 // want `^Prepare: neutral$`
	pool.Acquire(ctx)                                               // want `^Acquire: takes a connection$`
	pool.Config()                                                   // want `^Config: idle$`
	pc.Release()                                                    // want `^Release: releases$`
	pc.Hijack()                                                     // want `^Hijack: hands over$`
	pc.Conn()                                                       // want `^Conn: neutral; view$`
	ptx.Rollback(ctx)                                               // want `^Rollback: releases$`
	ptx.Conn()                                                      // want `^Conn: neutral; view$`
	prows.Close()                                                   // want `^Close: releases$`
	br.Close()                                                      // want `^Close: releases$`
	g.DB()                                                          // want `^DB: idle; wrapper from=-1$`
	sqlx.NewDb(db, "postgres")                                      // want `^wrapper from=0$`
	sqlx.Preparex(x, "q")                                           // want `^fresh when argument 0 is a pool or a connection$`
	pgx.CollectRows(prows, pgx.RowTo[int])                          // want `^owner of argument 0: releases$`
	pgx.AppendRows([]int(nil), prows, pgx.RowTo[int])               // want `^owner of argument 1: releases$`
	pgx.BeginFunc(ctx, pool, func(pgx.Tx) error { return nil })     // want `^scoped Tx from argument 1 for callback 2$`
	pool.AcquireFunc(ctx, func(*pgxpool.Conn) error { return nil }) // want `^AcquireFunc: takes a connection; scoped Conn from argument -1 for callback 1$`
}
