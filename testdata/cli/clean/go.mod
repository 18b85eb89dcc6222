module clean

go 1.26
