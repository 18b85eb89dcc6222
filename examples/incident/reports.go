package main

import (
	"encoding/json"
	"net/http"
)

type dailyTotal struct {
	Day   string `json:"day"`
	Cents int64  `json:"cents"`
}

func init() {
	routes["GET /reports/daily"] = (*Server).handleDailyTotals
	routes["GET /reports/daily-checked"] = (*Server).handleDailyTotalsChecked
}

// handleDailyTotals closes its rows, but a network error in the middle of the
// result set ends the loop as if the rows had run out.
func (s *Server) handleDailyTotals() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// BUG(sqlrowserr): rows.Err() is never checked after the loop, so a
		// truncated result is served as a complete report.
		rows, err := s.reports.QueryContext(r.Context(), `SELECT day, sum(cents) FROM payments GROUP BY day`)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer rows.Close()
		var totals []dailyTotal
		for rows.Next() {
			var t dailyTotal
			if err := rows.Scan(&t.Day, &t.Cents); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			totals = append(totals, t)
		}
		_ = json.NewEncoder(w).Encode(totals)
	}
}

// handleDailyTotalsChecked is the idiomatic twin: closed, and rows.Err checked.
func (s *Server) handleDailyTotalsChecked() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rows, err := s.reports.QueryContext(r.Context(), `SELECT day, sum(cents) FROM payments GROUP BY day`)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer rows.Close()
		var totals []dailyTotal
		for rows.Next() {
			var t dailyTotal
			if err := rows.Scan(&t.Day, &t.Cents); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			totals = append(totals, t)
		}
		if err := rows.Err(); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		_ = json.NewEncoder(w).Encode(totals)
	}
}
