package sqlx

// GetOne mirrors the real sqlx.Get: QueryRowx, then scanAny, which closes
// the row's rows. Analyzed as sqlx itself, the package's own methods must be
// read, not taken as opaque library API.
func GetOne(q Queryer, dest interface{}, query string, args ...interface{}) error {
	r := q.QueryRowx(query, args...)
	return r.scanAny(dest)
}

func (r *Row) scanAny(dest interface{}) error {
	if r.err != nil {
		return r.err
	}
	defer r.rows.Close()
	if !r.rows.Next() {
		return r.rows.Err()
	}
	return r.rows.Scan(dest)
}
