module directives

go 1.26
