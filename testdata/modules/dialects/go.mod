module example.com/chat

go 1.24

require (
	github.com/lib/pq v1.10.9
	github.com/mattn/go-sqlite3 v1.14.22
)

replace (
	github.com/lib/pq => ./stubs/pq
	github.com/mattn/go-sqlite3 => ./stubs/sqlite3
)
