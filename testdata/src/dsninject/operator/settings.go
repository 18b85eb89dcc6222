package operator

import (
	"database/sql"
	"strings"
)

// The operator's whole DSN with the program's own settings appended by a
// helper every call of which passes a constant: silent.
func openWithSettings(dsn string) (*sql.DB, error) {
	dsn = addSetting(dsn, "parseTime=true")
	dsn = addSetting(dsn, "charset=utf8mb4")
	return sql.Open("mysql", dsn)
}

func addSetting(dsn, setting string) string {
	if strings.Contains(dsn, setting) {
		return dsn
	}
	if strings.Contains(dsn, "?") {
		dsn += "&"
	} else {
		dsn += "?"
	}
	dsn += setting
	return dsn
}

// A helper given values: reported.
func openPG(user, pass string) (*sql.DB, error) {
	return sql.Open("postgres", pgURL(user, pass))
}

func pgURL(user, pass string) string {
	return "postgres://" + user + ":" + pass + "@db/app" // want `^DSN for sql\.Open built from user, pass: a password with @ / \? # or % breaks it; use url\.URL with url\.UserPassword$`
}
