// Command chat runs on SQLite or PostgreSQL, as configured: its main
// package imports both drivers; the storage packages import none (or lib/pq
// for its helpers) and are written for one database each.
package main

import (
	_ "github.com/lib/pq"
	_ "github.com/mattn/go-sqlite3"
)

func main() {}
