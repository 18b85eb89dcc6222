package related

import (
	"database/sql"
	"fmt"
)

func open(user, host string, replica bool) {
	dsn := fmt.Sprintf("postgres://%s@%s/app", user, host) // want `^DSN for sql\.Open assembled from user, host: a value with @ / \? & can change host or options; use url\.URL and url\.UserPassword$`
	if replica {
		dsn = "host=" + host + " dbname=app"
		dsn += " user=" + user
	}
	sql.Open("pgx", dsn)
}

// The assembly is the argument itself: no related information repeats it.
func inline(user, host string) {
	sql.Open("pgx", fmt.Sprintf("postgres://%s@%s/app", user, host)) // want `^DSN for sql\.Open assembled from user, host: a value with @ / \? & can change host or options; use url\.URL and url\.UserPassword$`
}
