package nofix

import (
	"database/sql"
	"fmt"
)

// The package does not import the driver: no fix.
func Open(user, pass, host, name string) (*sql.DB, error) {
	dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s", user, pass, host, name)
	return sql.Open("mysql", dsn) // want `the DSN passed to sql.Open is assembled by fmt.Sprintf \(line 10\) from user, pass, host, name`
}
