package a // want "reaches"

import (
	"context"
	"database/sql"

	"github.com/gin-gonic/gin"
	"github.com/go-sql-driver/mysql"
	"github.com/jmoiron/sqlx"
)

type Store struct {
	*sql.DB
}

type Deep struct {
	Store
}

type Alias = sql.DB

type Querier interface {
	Query(query string, args ...any) (*sql.Rows, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Legacy has Query but no QueryContext: no twin to switch to.
type Legacy interface {
	Query(query string, args ...any) (*sql.Rows, error)
}

// Beginner has Begin and its twin BeginTx(ctx, opts).
type Beginner interface {
	Begin() (*sql.Tx, error)
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// Own has its own Query: not database/sql's, and it has no twin.
type Own struct{}

func (Own) Query(q string) error { return nil }

func calls(ctx context.Context, db *sql.DB, x *sqlx.DB, s *Store, d Deep, al *Alias, tx *sql.Tx, st *sql.Stmt, q Querier, l Legacy, b Beginner, o Own) {
	db.Query("q")             // want `sql.DB.Query direct recv=db twin=QueryContext`
	db.QueryContext(ctx, "q") // want `sql.DB.QueryContext direct recv=db$`
	x.Query("q")              // want `sql.DB.Query direct recv=x twin=QueryContext`
	x.Select(nil, "q")        // want `\(\*github.com/jmoiron/sqlx.DB\).Select direct recv=x twin=SelectContext`
	x.Beginx()                // want `\(\*github.com/jmoiron/sqlx.DB\).Beginx direct recv=x twin=BeginTxx\(ctx,nil\)`
	s.Exec("q")               // want `sql.DB.Exec direct recv=s twin=ExecContext`
	d.Ping()                  // want `sql.DB.Ping direct recv=d twin=PingContext`
	al.Begin()                // want `sql.DB.Begin direct recv=al twin=BeginTx\(ctx,nil\)`
	tx.Stmt(st)               // want `sql.Tx.Stmt direct recv=tx twin=StmtContext`
	st.QueryRow()             // want `sql.Stmt.QueryRow direct recv=st twin=QueryRowContext`
	(*sql.DB).Exec(db, "q")   // want `sql.DB.Exec methodexpr recv=db twin=ExecContext`
	q.Query("q")              // want `\(sqlapi/a.Querier\).Query direct interface recv=q twin=QueryContext`
	l.Query("q")              // want `\(sqlapi/a.Legacy\).Query direct interface recv=l$`
	b.Begin()                 // want `\(sqlapi/a.Beginner\).Begin direct interface recv=b twin=BeginTx\(ctx,nil\)`
	o.Query("q")              // want `\(sqlapi/a.Own\).Query direct recv=o$`
	sqlx.Select(x, nil, "q")  // want `github.com/jmoiron/sqlx.Select direct twin=SelectContext`
	sqlx.In("q")              // want `github.com/jmoiron/sqlx.In direct$`

	query := db.Query
	query("q") // want `sql.DB.Query methodvalue recv=db twin=QueryContext`
}

func generic[Q interface {
	Exec(query string, args ...any) (sql.Result, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}](q Q) {
	q.Exec("q") // want `\(interface\).Exec direct interface recv=q twin=ExecContext`
}

func openers(ctx context.Context, dsn string, cfg *mysql.Config) {
	sql.Open("mysql", dsn)                    // want `database/sql.Open direct opener\(dsn=1,sqldb=true\) sink\(arg=1,\)`
	sqlx.Connect("postgres", dsn)             // want `github.com/jmoiron/sqlx.Connect direct opener\(dsn=1,sqldb=true\) sink\(arg=1,\)`
	sqlx.ConnectContext(ctx, "postgres", dsn) // want `github.com/jmoiron/sqlx.ConnectContext direct opener\(dsn=2,sqldb=true\) sink\(arg=2,\)`
	mysql.ParseDSN(dsn)                       // want `github.com/go-sql-driver/mysql.ParseDSN direct sink\(arg=0,mysql\)`
	cfg.FormatDSN()                           // want `\(\*github.com/go-sql-driver/mysql.Config\).FormatDSN direct recv=cfg`
}

func handles(db *sql.DB) {
	var rows *sql.Rows      // want "handle Rows"
	var xr *sqlx.Rows       // want "handle Rows"
	var xrow *sqlx.Row      // want "handle Row"
	var row *sql.Row        // want "handle Row"
	var tx *sqlx.Tx         // want "handle Tx"
	var st Store            // want "handle DB"
	var dp *Deep            // want "handle DB"
	var al *Alias           // want "handle DB"
	var c *sql.Conn         // want "handle Conn"
	var g *gin.Context      // want "context"
	var ctx context.Context // want "context"
	_, _, _, _, _, _, _, _, _, _, _ = rows, xr, xrow, row, tx, st, dp, al, c, g, ctx
}
