package render

import (
	"os"
	"strings"
	"sync"

	yaml "go.yaml.in/yaml/v3"
)

// pathSeg is one step of a path into a YAML document: a mapping key, a
// list item with a name, or a list index.
type pathSeg struct {
	key   string
	name  string
	index int
}

// nodePath finds the node at line and column of a document (a key or a
// value; failing an exact column, the first node on the line) and
// returns its path and whether it is a key.
func nodePath(root *yaml.Node, line, col int) ([]pathSeg, bool, bool) {
	var best []pathSeg
	bestKey, found, exact := false, false, false
	var walk func(n *yaml.Node, p []pathSeg)
	walk = func(n *yaml.Node, p []pathSeg) {
		if exact {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				q := append(append([]pathSeg(nil), p...), pathSeg{key: k.Value})
				for _, c := range []struct {
					n     *yaml.Node
					isKey bool
				}{{k, true}, {v, false}} {
					if c.n.Kind == yaml.ScalarNode && c.n.Line == line && (c.n.Column == col || !found) {
						best, bestKey, found = q, c.isKey, true
						if c.n.Column == col {
							exact = true
							return
						}
					}
				}
				walk(v, q)
			}
		case yaml.SequenceNode:
			for i, item := range n.Content {
				seg := pathSeg{index: i, name: itemName(item)}
				q := append(append([]pathSeg(nil), p...), seg)
				if item.Line == line && (item.Column == col || !found) && item.Kind == yaml.ScalarNode {
					best, bestKey, found = q, false, true
				}
				walk(item, q)
			}
		}
	}
	walk(root, nil)
	return best, bestKey, found
}

func itemName(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "name" && n.Content[i+1].Kind == yaml.ScalarNode {
			return n.Content[i+1].Value
		}
	}
	return ""
}

// resolve follows a path in a document; byIndex allows list items without
// names to be matched by position (not in patches, whose lists are
// partial).
func resolve(root *yaml.Node, p []pathSeg, isKey, byIndex bool) *yaml.Node {
	n := root
	var key *yaml.Node
	for _, s := range p {
		key = nil
		switch n.Kind {
		case yaml.MappingNode:
			var next *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == s.key && s.key != "" {
					key, next = n.Content[i], n.Content[i+1]
					break
				}
			}
			if next == nil {
				return nil
			}
			n = next
		case yaml.SequenceNode:
			var next *yaml.Node
			for i, item := range n.Content {
				if s.name != "" && itemName(item) == s.name || s.name == "" && byIndex && i == s.index {
					next = item
					break
				}
			}
			if next == nil {
				return nil
			}
			n = next
		default:
			return nil
		}
	}
	if isKey && key != nil {
		return key
	}
	return n
}

// yamlDocs parses a file's documents, once per run.
var yamlDocs = struct {
	sync.Mutex
	m map[string][]*yaml.Node
}{m: map[string][]*yaml.Node{}}

func docsOf(file string) []*yaml.Node {
	yamlDocs.Lock()
	defer yamlDocs.Unlock()
	if d, ok := yamlDocs.m[file]; ok {
		return d
	}
	var out []*yaml.Node
	if f, err := os.Open(file); err == nil {
		dec := yaml.NewDecoder(f)
		for {
			var d yaml.Node
			if dec.Decode(&d) != nil {
				break
			}
			if len(d.Content) > 0 && d.Content[0].Kind == yaml.MappingNode {
				out = append(out, d.Content[0])
			}
		}
		f.Close()
	}
	yamlDocs.m[file] = out
	return out
}

// objectDoc finds the document of kind and one of names in a file; failing
// an exact name, the one whose name the built name contains (namePrefix,
// nameSuffix), the longest.
func objectDoc(file, kind string, names ...string) *yaml.Node {
	var best *yaml.Node
	bestLen := 0
	for _, d := range docsOf(file) {
		if k := resolve(d, []pathSeg{{key: "kind"}}, false, false); k == nil || k.Value != kind {
			continue
		}
		n := resolve(d, []pathSeg{{key: "metadata"}, {key: "name"}}, false, false)
		if n == nil {
			continue
		}
		for _, want := range names {
			if n.Value == want {
				return d
			}
			if n.Value != "" && strings.Contains(want, n.Value) && len(n.Value) > bestLen {
				best, bestLen = d, len(n.Value)
			}
		}
	}
	return best
}

// kustFile is the renderedFile of one built object: a field a patch sets
// maps to the patch file, any other to the resource file it came from.
func kustFile(shown, src, kind, orgName, name, rendered string, patches []string) *renderedFile {
	rf := &renderedFile{file: src, shown: shown}
	var root *yaml.Node
	var doc yaml.Node
	if yaml.Unmarshal([]byte(rendered), &doc) == nil && len(doc.Content) > 0 {
		root = doc.Content[0]
	}
	rf.position = func(line, col int) (string, int, int, string, bool) {
		if root == nil {
			return src, 1, 1, "", false
		}
		p, isKey, ok := nodePath(root, line, col)
		if !ok {
			return src, 1, 1, "", false
		}
		for _, pf := range patches {
			if d := objectDoc(pf, kind, orgName, name); d != nil {
				if n := resolve(d, p, isKey, false); n != nil && n.Kind == yaml.ScalarNode {
					return pf, n.Line, n.Column, "set by this patch", true
				}
			}
		}
		if d := objectDoc(src, kind, orgName, name); d != nil {
			if n := resolve(d, p, isKey, true); n != nil {
				return src, n.Line, n.Column, "", true
			}
		}
		return src, 1, 1, "", false
	}
	return rf
}
