package broken

import (
	"os"
	"path/filepath"
)

func a(dir string) {
	entries, _ := os.ReadDir()
	for _, e := range entries {
		p := filepath.Join(dir, e.Name(), undefinedThing)
		data, _ := os.ReadFile(p)
		submit(data)
		os.Remove(p)
	}
	filepath.WalkDir(dir, nil)
	filepath.Walk(dir, undefinedFn)
	for _, m := range filepath.Glob() {
		os.Remove(m)
	}
	func(x) { os.ReadFile(x) }(1, 2, 3)
	go func(p string) {}()
	os.OpenFile()
	os.Rename()
	os.Mkdir()
}

func (UnknownType) m(p string) { os.ReadFile(p); os.Remove(p) }
