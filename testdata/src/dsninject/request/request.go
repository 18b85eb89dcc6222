// Package request holds DSNs built from values of a request: injection.
package request

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"os"

	"github.com/gin-gonic/gin"
)

// In a handler, every value may come from the client.
func handleTenant(w http.ResponseWriter, r *http.Request) {
	tenant := r.URL.Query().Get("tenant")
	dsn := fmt.Sprintf("postgres://app:%s@db/%s", url.QueryEscape(os.Getenv("DB_PASSWORD")), tenant) // want `^DSN for sql\.Open built from tenant: @ / \? & in a value can change host or options; build it with url\.URL$`
	db, err := sql.Open("pgx", dsn)
	if err == nil {
		db.Close()
	}
}

func ginTenant(c *gin.Context) {
	sql.Open("postgres", "host=db dbname="+c.Param("tenant")) // want `^DSN for sql\.Open built from c\.Param\("tenant"\): a space or = in a value can add sslmode=disable; quote values or set config fields$`
}

// A helper given the request: its values are the client's.
func openFor(r *http.Request) (*sql.DB, error) {
	name := r.FormValue("db")
	return sql.Open("mysql", "app@tcp(db)/"+name) // want `^DSN for sql\.Open built from name: @ / \? & in a value can add allowAllFiles=true; use mysql\.Config\.FormatDSN$`
}

// A mode option's value from a request is still a request's value: it can
// add options.
func handleTLSMode(w http.ResponseWriter, r *http.Request) {
	sql.Open("mysql", fmt.Sprintf("app@tcp(db)/app?tls=%s", r.FormValue("tls"))) // want `^DSN for sql\.Open built from r\.FormValue\("tls"\): @ / \? & in a value can add allowAllFiles=true; use mysql\.Config\.FormatDSN$`
}
