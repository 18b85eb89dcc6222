// Package nosql imports neither database/sql nor a driver: nothing is reported.
package nosql

import "net/http"

func handler(w http.ResponseWriter, r *http.Request) {
	_ = r.Context()
}
