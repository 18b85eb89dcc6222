package viasqlx // want "reaches"

import "github.com/jmoiron/sqlx"

func f(db *sqlx.DB) {
	var x = db // want "handle DB"
	_ = x
}
