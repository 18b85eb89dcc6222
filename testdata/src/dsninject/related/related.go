package related

import (
	"database/sql"
	"fmt"
)

func open(user, host string, replica bool) {
	dsn := fmt.Sprintf("postgres://%s@%s/app", user, host) // want `^DSN for sql\.Open built from user, host: a value with @ / \? # or % breaks it; build it with url\.URL$`
	if replica {
		dsn = "host=" + host + " dbname=app"
		dsn += " user=" + user
	}
	sql.Open("pgx", dsn)
}

// The assembly is the argument itself: no related information repeats it.
func inline(user, host string) {
	sql.Open("pgx", fmt.Sprintf("postgres://%s@%s/app", user, host)) // want `^DSN for sql\.Open built from user, host: a value with @ / \? # or % breaks it; build it with url\.URL$`
}
