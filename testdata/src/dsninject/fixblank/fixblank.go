package fixblank

import (
	"database/sql"
	"fmt"
	"net/http"

	_ "github.com/go-sql-driver/mysql"
)

func Open(r *http.Request) (*sql.DB, error) {
	user, pass, host, name := r.FormValue("user"), r.FormValue("pass"), r.FormValue("host"), r.FormValue("name")
	dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, host, name) // want `^DSN for sql\.Open built from user, pass and 2 more: @ / \? & in a value can add allowAllFiles=true; use mysql\.Config\.FormatDSN$`
	return sql.Open("mysql", dsn)
}
