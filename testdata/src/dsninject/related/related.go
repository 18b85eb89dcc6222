package related

import (
	"database/sql"
	"fmt"
)

func open(user, host string, replica bool) {
	dsn := fmt.Sprintf("postgres://%s@%s/app", user, host)
	if replica {
		dsn = "host=" + host + " dbname=app"
		dsn += " user=" + user
	}
	sql.Open("pgx", dsn) // want `the DSN passed to sql.Open is assembled by fmt.Sprintf \(line 9\) from user, host`
}

// The assembly is the argument itself: no related information repeats it.
func inline(user, host string) {
	sql.Open("pgx", fmt.Sprintf("postgres://%s@%s/app", user, host)) // want `the DSN passed to sql.Open is assembled by fmt.Sprintf from user, host`
}
