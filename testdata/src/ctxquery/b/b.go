// Package b calls helpers of another package from a handler: what the helper
// does inside is its own business (reported, or not, where it is written).
package b

import (
	"net/http"

	"ctxquery/helpers"
)

func users(s *helpers.Store) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n, err := helpers.CountUsers(s.DB) // another package's function: not a database call
		_, _ = n, err
		s.Exec("DELETE FROM sessions") // want `^s\.Exec takes no context, so nothing cancels the query; use s\.ExecContext\(r\.Context\(\), \.\.\.\)$`
	}
}
