module nolint

go 1.26
