package b

import (
	"database/sql"

	"dsninject/a"
)

// Helpers of another package cannot be read: the values they return are
// whole DSNs as far as this package can see.
func useHelpers(c a.Config) {
	sql.Open("postgres", a.Exported(c))
	sql.Open("postgres", c.URL())
	sql.Open("postgres", "postgres://"+c.Host+"/app") // want `^DSN for sql\.Open built from c\.Host: a value with @ / \? # or % breaks it; build it with url\.URL$`
}
