package k8s

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// isYAMLName reports whether a file name is a YAML file or a YAML template.
func isYAMLName(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") || templateExt.MatchString(name)
}

// collect expands paths (files and directories, walked recursively) into
// YAML file names, sorted. Explicit files are taken whatever their name;
// directories contribute .yaml/.yml files and YAML templates, skipping
// hidden directories, vendor and node_modules.
func collect(paths []string) ([]string, error) {
	files, _, err := collectAll(paths)
	return files, err
}

// skipNote is a file or directory of the set that was not checked, reported
// once as a finding at its first line.
type skipNote struct {
	path string
	rule string
	msg  string
}

func (s skipNote) finding() finding {
	return finding{src: newSource(s.path, nil), line: 1, col: 1, byteCol: true, rule: s.rule, msg: s.msg}
}

// collectAll is collect that also returns what it did not check and why:
// symbolic links met while walking (not followed), an explicitly named Helm
// templates directory, and unreadable directories.
func collectAll(paths []string) ([]string, []skipNote, error) {
	var files []string
	var skips []skipNote
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			files = append(files, p)
		}
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, nil, err
		}
		if !fi.IsDir() {
			add(p)
			continue
		}
		root := p
		if li, err := os.Lstat(p); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			root = p + string(filepath.Separator) // named explicitly: follow it
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if path == root && d == nil {
					return err
				}
				skips = append(skips, skipNote{path, RuleUnreadable, fmt.Sprintf("cannot read directory: %v; its files are not checked", err)})
				return nil
			}
			if d.IsDir() {
				name := d.Name()
				if path != root && (strings.HasPrefix(name, ".") || name == "vendor" || name == "node_modules" || name == "testdata") {
					return filepath.SkipDir
				}
				if isHelmTemplates(path) {
					if path == root {
						skips = append(skips, skipNote{path, RuleSkipped, "the templates directory of a Helm chart is not YAML until rendered; not checked: check the output of helm template instead"})
					}
					return filepath.SkipDir // Helm templates: check the rendered output instead
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				if n, ok := symlinkNote(path, d, nil); ok {
					skips = append(skips, n)
				}
				return nil
			}
			if isYAMLName(d.Name()) && d.Type().IsRegular() {
				add(path)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	sort.Strings(files)
	return files, skips, nil
}

// symlinkNote describes a symbolic link that a walk does not follow (so
// that the set never leaves the tree or loops), when it leads to a YAML file
// (one that wanted reports true for, if set) or to a directory holding YAML.
func symlinkNote(path string, d fs.DirEntry, wanted func(string) bool) (skipNote, bool) {
	target, _ := os.Readlink(path)
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		if !isYAMLName(d.Name()) {
			return skipNote{}, false
		}
		return skipNote{path, RuleSkipped, fmt.Sprintf("symbolic link to %s is broken (%v); not checked", target, err)}, true
	case fi.IsDir():
		if !holdsYAML(path, wanted) {
			return skipNote{}, false
		}
		return skipNote{path, RuleSkipped, fmt.Sprintf("symbolic link to the directory %s is not followed; its YAML files are not checked unless the directory is named (or lies in the set) itself", target)}, true
	case fi.Mode().IsRegular() && isYAMLName(d.Name()) && (wanted == nil || wanted(path)):
		return skipNote{path, RuleSkipped, fmt.Sprintf("symbolic link to %s is not followed; the file is not checked unless it is named (or lies in the set) itself", target)}, true
	}
	return skipNote{}, false
}

// holdsYAML reports whether the directory dir (through a symbolic link)
// holds a YAML file, looking at a bounded number of entries.
func holdsYAML(dir string, wanted func(string) bool) bool {
	found, n := false, 0
	_ = filepath.WalkDir(dir+string(filepath.Separator), func(p string, d fs.DirEntry, err error) error {
		n++
		if err != nil || found || n > 10000 {
			return filepath.SkipAll
		}
		if d.IsDir() {
			if name := d.Name(); n > 1 && (strings.HasPrefix(name, ".") || name == "vendor" || name == "node_modules" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && isYAMLName(d.Name()) && (wanted == nil || wanted(p)) {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}

// isHelmTemplates reports whether dir is the templates directory of a Helm
// chart: its files are not YAML until rendered.
func isHelmTemplates(dir string) bool {
	if filepath.Base(dir) != "templates" {
		return false
	}
	_, err := os.Stat(filepath.Join(filepath.Dir(dir), "Chart.yaml"))
	return err == nil
}
