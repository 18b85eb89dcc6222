package realcode

import (
	"database/sql"
	"fmt"
)

// A JDBC URL built for a Java consumer (stored in a resource the operator
// writes) is no Go driver's DSN: silent.
type Connection struct{ URL string }

type Meta struct{ Name, Namespace string }

func streamConn(m Meta, database string) Connection {
	const user = "fes_user"
	return Connection{
		URL: fmt.Sprintf("jdbc:postgresql://%s.%s/%s?user=%s&sslmode=require",
			m.Name, m.Namespace, database, user),
	}
}

// The same values in a Go driver's URL: reported.
func streamGoConn(m Meta, database string) Connection {
	return Connection{
		URL: fmt.Sprintf("postgresql://%s.%s/%s?sslmode=require", // want `^Sprintf builds a postgres URL from m\.Name, m\.Namespace and 1 more: a value with @ / \? # or % breaks it; build it with url\.URL$`
			m.Name, m.Namespace, database),
	}
}

// A JDBC URL that does reach sql.Open: reported as today.
func openJDBC(host, database string) (*sql.DB, error) {
	return sql.Open("pgx", fmt.Sprintf("jdbc:postgresql://%s/%s", host, database)) // want `^DSN for sql\.Open built from host, database: a value with @ / \? # or % breaks it; build it with url\.URL$`
}
