module example.com/notes

go 1.24

require (
	github.com/lib/pq v1.10.9
	github.com/ncruces/go-sqlite3 v0.38.0
	modernc.org/sqlite v1.60.0
)

replace (
	github.com/lib/pq => ./stubs/pq
	github.com/ncruces/go-sqlite3 => ./stubs/ncruces
	modernc.org/sqlite => ./stubs/modernc
)
