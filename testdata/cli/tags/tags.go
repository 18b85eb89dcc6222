// Package tags has a finding only in a file built with the "special" tag.
package tags

import "database/sql"

var _ *sql.DB
