package lint

import "strings"

// ParseDirective parses the text of a comment (with its // marker). It
// returns ok=false for comments that are not hindsight directives.
func ParseDirective(text string) (verb string, checks []string, reason string, ok bool) {
	t, found := strings.CutPrefix(text, "//")
	if !found {
		return "", nil, "", false
	}
	return parseDirective(t)
}

func parseDirective(t string) (verb string, checks []string, reason string, ok bool) {
	for _, v := range []string{"hindsight:file-ignore", "hindsight:ignore"} {
		rest, found := strings.CutPrefix(t, v)
		if !found || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			return v, nil, "", true
		}
		checks = strings.Split(fields[0], ",")
		reason = strings.Join(fields[1:], " ")
		return v, checks, reason, true
	}
	return "", nil, "", false
}
