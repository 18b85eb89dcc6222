module example.com/notes

go 1.24

require (
	github.com/ncruces/go-sqlite3 v0.30.0
	modernc.org/sqlite v1.50.0
)

replace (
	github.com/ncruces/go-sqlite3 => ./stubs/ncruces
	modernc.org/sqlite => ./stubs/modernc
)
