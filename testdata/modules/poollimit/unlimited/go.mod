module example.com/unlimited

go 1.24
