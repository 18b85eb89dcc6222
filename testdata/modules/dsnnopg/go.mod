module example.com/photos

go 1.24

require (
	example.com/pgwrap v0.0.0
	github.com/go-sql-driver/mysql v1.8.1
	github.com/lib/pq v1.10.9
)

replace (
	example.com/pgwrap => ./stubs/pgwrap
	github.com/go-sql-driver/mysql => ./stubs/mysql
	github.com/lib/pq => ./stubs/pq
)
