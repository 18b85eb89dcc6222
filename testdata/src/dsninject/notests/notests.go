package notests

import (
	"database/sql"
	"fmt"
)

func Open(host string) (*sql.DB, error) {
	return sql.Open("postgres", fmt.Sprintf("postgres://app@%s/app", host)) // want `^DSN for sql\.Open assembled from host: a value with @ / \? & can change host or options; use url\.URL and url\.UserPassword$`
}
