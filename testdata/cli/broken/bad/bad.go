// Package bad does not compile: ten type errors, as code whose generated
// half is missing has hundreds.
package bad

import "database/sql"

func Open() (*sql.DB, error) {
	var a int = "1"
	var b int = "2"
	var c int = "3"
	var d int = "4"
	var e int = "5"
	var f int = "6"
	var g int = "7"
	var h int = "8"
	var i int = "9"
	var j int = "10"
	_, _, _, _, _, _, _, _, _, _ = a, b, c, d, e, f, g, h, i, j
	return sql.Open("postgres", "")
}
