package tests

// The package's pools are PostgreSQL's, through lib/pq, whose connections
// refuse a statement while the rows of another are unread.
import _ "github.com/lib/pq"
