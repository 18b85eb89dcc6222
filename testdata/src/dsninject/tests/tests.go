package tests

import (
	"database/sql"
	"fmt"
)

func Open(host string) (*sql.DB, error) {
	return sql.Open("postgres", fmt.Sprintf("postgres://app@%s/app", host)) // want `the DSN passed to sql.Open is assembled by fmt.Sprintf from host`
}
