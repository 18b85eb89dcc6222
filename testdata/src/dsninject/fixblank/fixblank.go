package fixblank

import (
	"database/sql"
	"fmt"

	_ "github.com/go-sql-driver/mysql"
)

func Open(user, pass, host, name string) (*sql.DB, error) {
	dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, host, name) // want `^DSN for sql\.Open built from user, pass \+2: a user name with : or a database name with / \? or % breaks it; use mysql\.Config\.FormatDSN$`
	return sql.Open("mysql", dsn)
}
