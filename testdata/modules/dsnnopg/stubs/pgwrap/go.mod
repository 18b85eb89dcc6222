module example.com/pgwrap

go 1.24

require github.com/lib/pq v1.10.9

replace github.com/lib/pq => ../pq
