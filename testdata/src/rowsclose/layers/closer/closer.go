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
