package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// harvest parses the k8s.io/api sources for +enum string types (and their
// constants) and +listType=map / +listMapKey field markers.
func (g *gen) harvest(dir string) {
	fset := token.NewFileSet()
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.Contains(filepath.Base(path), "generated") {
			return nil
		}
		rel, _ := filepath.Rel(dir, filepath.Dir(path))
		pkg := filepath.ToSlash(rel)
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return nil
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok {
				continue
			}
			switch gd.Tok {
			case token.TYPE:
				for _, spec := range gd.Specs {
					ts := spec.(*ast.TypeSpec)
					doc := ts.Doc
					if doc == nil {
						doc = gd.Doc
					}
					name := pkg + "." + ts.Name.Name
					if id, ok := ts.Type.(*ast.Ident); ok && id.Name == "string" && hasMarker(doc, "+enum") {
						g.enumType[name] = true
					}
					st, ok := ts.Type.(*ast.StructType)
					if !ok {
						continue
					}
					for _, fld := range st.Fields.List {
						if len(fld.Names) == 0 || fld.Doc == nil {
							continue
						}
						var keys []string
						isMap := false
						for _, c := range fld.Doc.List {
							txt := strings.TrimSpace(strings.TrimPrefix(c.Text, "//"))
							if txt == "+listType=map" {
								isMap = true
							}
							if k, ok := strings.CutPrefix(txt, "+listMapKey="); ok {
								keys = append(keys, k)
							}
						}
						if isMap && len(keys) > 0 {
							if g.listKeys[name] == nil {
								g.listKeys[name] = map[string][]string{}
							}
							g.listKeys[name][fld.Names[0].Name] = keys
						}
					}
				}
			case token.CONST:
				for _, spec := range gd.Specs {
					vs := spec.(*ast.ValueSpec)
					id, ok := vs.Type.(*ast.Ident)
					if !ok || len(vs.Values) != len(vs.Names) {
						continue
					}
					for _, v := range vs.Values {
						bl, ok := v.(*ast.BasicLit)
						if !ok || bl.Kind != token.STRING {
							continue
						}
						s := strings.Trim(bl.Value, "\"`")
						name := pkg + "." + id.Name
						g.t.Enums[name] = append(g.t.Enums[name], s)
					}
				}
			}
		}
		return nil
	})
	for name, vals := range g.t.Enums {
		if !g.enumType[name] {
			delete(g.t.Enums, name)
			continue
		}
		sort.Strings(vals)
		g.t.Enums[name] = dedup(vals)
	}
}

func dedup(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

func hasMarker(doc *ast.CommentGroup, marker string) bool {
	if doc == nil {
		return false
	}
	for _, c := range doc.List {
		if strings.TrimSpace(strings.TrimPrefix(c.Text, "//")) == marker {
			return true
		}
	}
	return false
}
