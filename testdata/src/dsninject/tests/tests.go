package tests

import (
	"database/sql"
	"fmt"
)

func Open(host string) (*sql.DB, error) {
	return sql.Open("postgres", fmt.Sprintf("postgres://app@%s/app", host)) // want `^DSN for sql\.Open built from host: @ / \? & in a value can change host or options; build it with url\.URL$`
}
