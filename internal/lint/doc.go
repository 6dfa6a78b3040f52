package lint

import (
	"strings"
)

// DocURL is where a check's documentation page lives.
func DocURL(check string) string {
	return "https://github.com/hindsight-lint/hindsight/blob/main/docs/" + check + ".md"
}

// DocFrom extracts an analyzer's Doc string from the text of its doc.go:
// the part of the package comment after the "# Analyzer NAME" heading, with
// comment markers removed. The first line ("name: summary") becomes the
// summary that `hindsight help` lists. It panics if the heading is missing,
// which the registry tests catch.
func DocFrom(src string) string {
	var lines []string
	in := false
	for line := range strings.Lines(src) {
		line = strings.TrimRight(line, "\n")
		if !strings.HasPrefix(line, "//") {
			if in {
				break
			}
			continue
		}
		text := strings.TrimPrefix(strings.TrimPrefix(line, "//"), " ")
		if strings.HasPrefix(text, "# Analyzer ") {
			in = true
			continue
		}
		if in {
			lines = append(lines, text)
		}
	}
	if !in {
		panic("doc.go lacks a '# Analyzer NAME' section")
	}
	doc := strings.TrimSpace(strings.Join(lines, "\n"))
	if i := strings.Index(doc, ": "); i > 0 && !strings.Contains(doc[:i], "\n") {
		doc = doc[i+2:] // drop the "name: " label, the driver shows the name
	}
	return doc
}
