// Package dbutil is another package's helper: its bodies are not read by
// the analyzer of a package that imports it.
package dbutil

import "io"

// MustClose closes c and panics if that fails.
func MustClose(c io.Closer) {
	if err := c.Close(); err != nil {
		panic(err)
	}
}

// Keep does nothing with c; callers cannot know, so they assume it is handled.
func Keep(c io.Closer) {}
