package main

import "testing"

// Not a test-support file: its name does not say it is for tests, so the
// service code beside a testing helper is still service code.

func mustNot(t testing.TB, err error) {
	if err != nil {
		t.Fatal(err)
	}
}

func emails() ([]string, error) {
	rows, err := db.Query("SELECT email FROM users") // want `^sql\.Rows "rows" is used in Next loop at line 21 without final check of rows\.Err\(\)$`
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
