package fixblank

import (
	"database/sql"
	"fmt"

	_ "github.com/go-sql-driver/mysql"
)

func Open(user, pass, host, name string) (*sql.DB, error) {
	dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, host, name) // want `^DSN for sql\.Open built from user, pass and 2 more: a / or \? in a value breaks it; use mysql\.Config\.FormatDSN$`
	return sql.Open("mysql", dsn)
}
