// Package analyzerdoc extracts an analyzer's documentation from its package's
// doc.go, so that the package documentation (what pkg.go.dev shows) and the
// Analyzer.Doc (what `dbpoollint help <name>` prints) are one text; and it
// knows where each analyzer's page (docs/<name>.md, a heading per category)
// lives, for Analyzer.URL and each diagnostic's URL.
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

// DocsBase is where the suite's documentation pages live: one page per
// analyzer, docs/<analyzer>.md, with a heading per diagnostic category.
const DocsBase = "https://github.com/dbpoollint/dbpoollint/blob/main/docs/"

// PageURL returns the URL of the named analyzer's documentation page, the
// value of its Analyzer.URL.
func PageURL(analyzer string) string {
	return DocsBase + analyzer + ".md"
}

// CategoryURL returns the URL of a diagnostic category's section on the
// analyzer's page: the category is a heading there, so its anchor is the
// category itself. A diagnostic without a category gets the page's title
// heading, whose anchor is the analyzer's name.
func CategoryURL(analyzer, category string) string {
	if category == "" {
		category = analyzer
	}
	return PageURL(analyzer) + "#" + category
}
