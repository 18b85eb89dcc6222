package fixblank

import (
	"database/sql"
	"fmt"

	_ "github.com/go-sql-driver/mysql"
)

func Open(user, pass, host, name string) (*sql.DB, error) {
	dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, host, name)
	return sql.Open("mysql", dsn) // want `the DSN passed to sql.Open is assembled by fmt.Sprintf \(line 11\) from user, pass, host, name`
}
