package recipes_test

import (
	"regexp"
	"testing"
)

var releaseHeading = regexp.MustCompile(`(?m)^## (v\d+\.\d+\.\d+)\b`)

// latestRelease is CHANGELOG.md's first release heading.
func latestRelease(t *testing.T) string {
	t.Helper()
	m := releaseHeading.FindStringSubmatch(readDoc(t, "CHANGELOG.md"))
	if m == nil {
		t.Fatal("CHANGELOG.md has no ## vX.Y.Z heading")
	}
	return m[1]
}
