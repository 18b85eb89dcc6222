// Package closer is another package's close helper: it takes only an
// io.Closer.
package closer

import (
	"io"
	"log"
)

// Quietly closes c and logs a failure.
func Quietly(c io.Closer) {
	if err := c.Close(); err != nil {
		log.Print(err)
	}
}

// All closes every c.
func All(cs ...io.Closer) {
	for _, c := range cs {
		_ = c.Close()
	}
}

// Registry closes what it is given when the service stops.
type Registry struct{ cs []io.Closer }

// Add keeps c for later.
func (r *Registry) Add(c io.Closer) { r.cs = append(r.cs, c) }
