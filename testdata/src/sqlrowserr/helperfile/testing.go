package main

import "testing"

// A test-support file: its name says it is for tests, it imports testing
// and declares a function taking a *testing.T. Its helpers are test code.

func failTestOnError(t *testing.T, err error) {
	if err != nil {
		t.Fatal(err)
	}
}

func getPublicTables() ([]string, error) {
	rows, err := db.Query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		tables = append(tables, s)
	}
	return tables, nil
}

func setupTestEnv(t *testing.T) {
	failTestOnError(t, migrateFromDir("../db"))
	tables, err := getPublicTables()
	failTestOnError(t, err)
	_ = tables
}
