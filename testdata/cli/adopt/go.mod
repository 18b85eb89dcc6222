module adopt

go 1.26
