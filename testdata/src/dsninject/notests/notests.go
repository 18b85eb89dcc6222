package notests

import (
	"database/sql"
	"fmt"
)

func Open(host string) (*sql.DB, error) {
	return sql.Open("postgres", fmt.Sprintf("postgres://app@%s/app", host)) // want `^DSN for sql\.Open built from host: a value with @ / \? # or % breaks it; build it with url\.URL$`
}
