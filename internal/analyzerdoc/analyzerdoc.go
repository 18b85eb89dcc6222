// Package analyzerdoc extracts an analyzer's documentation from its package's
// doc.go, so that the package documentation (what pkg.go.dev and the README
// show) and the Analyzer.Doc (what `dbpoollint help <name>` prints) are one
// text.
package analyzerdoc

import (
	"fmt"
	"strings"
)

// Extract returns the "# Analyzer <name>" section of the package comment in
// the Go source content (a doc.go file), without the heading and without the
// "<name>: " that starts its first line, the title (the x/tools convention:
// `dbpoollint help` lists each analyzer's title). It panics if there is no such section:
// a missing doc is a programming error caught by every test of the analyzer.
func Extract(content, name string) string {
	var lines []string
	in := false
	for line := range strings.SplitSeq(content, "\n") {
		if strings.HasPrefix(line, "package ") {
			break
		}
		text, ok := strings.CutPrefix(line, "//")
		if !ok {
			continue
		}
		text = strings.TrimPrefix(text, " ")
		if heading, ok := strings.CutPrefix(text, "# "); ok {
			if in {
				break
			}
			in = strings.TrimSpace(heading) == "Analyzer "+name
			continue
		}
		if in {
			lines = append(lines, text)
		}
	}
	doc := strings.TrimSpace(strings.Join(lines, "\n"))
	if !strings.HasPrefix(doc, name+": ") {
		panic(fmt.Sprintf("analyzerdoc: no \"# Analyzer %s\" section starting with %q", name, name+": "))
	}
	return strings.TrimPrefix(doc, name+": ")
}
