package insecure

import (
	"database/sql"
	"fmt"
	"log"
	"os"
)

const prodDSN = "postgres://app@db/app?sslmode=disable" // want `^the DSN option sslmode=disable turns TLS off: the password and every row cross the network in clear text$`

func open(user, host string) {
	sql.Open("mysql", "root@tcp(db)/app?tls=skip-verify&allowAllFiles=true") // want `^the DSN option tls=skip-verify accepts any server certificate: anyone on the path can impersonate the database$` `^the DSN option allowAllFiles=true lets the server read any file of the client through LOAD DATA LOCAL INFILE$`
	sql.Open("postgres", os.Getenv("DATABASE_URL")+"?sslmode=disable")       // want `^the DSN option sslmode=disable turns TLS off: the password and every row cross the network in clear text$`
	sql.Open("postgres", prodDSN)
	dsn := fmt.Sprintf("%s@tcp(%s)/app?multiStatements=true", user, host) // want `^the DSN option multiStatements=true lets one injected query run several statements$`
	sql.Open("mysql", dsn)
	sql.Open("mysql", "root@tcp(db)/app?allowCleartextPasswords=1") // want `^the DSN option allowCleartextPasswords=1 sends the password in clear text when the server asks for it$`
	sql.Open("mysql", "root@tcp(db)/app?TLS=false")                 // want `^the DSN option TLS=false turns TLS off: the password and every row cross the network in clear text$`
	sql.Open("sqlserver", "sqlserver://sa@db?encrypt=disable")      // want `^the DSN option encrypt=disable turns TLS off: the password and every row cross the network in clear text$`

	sql.Open("mysql", "root@tcp(db)/app?tls=true")
	sql.Open("postgres", "host=db sslmode=verify-full")
	sql.Open("postgres", "host=db sslmode=disabled_not_really")
	log.Println("sslmode=disable is not a DSN here")
}

var defaults = map[string]string{
	"local": "host=localhost dbname=app sslmode=disable", // want `^the DSN option sslmode=disable turns TLS off: the password and every row cross the network in clear text$`
}
