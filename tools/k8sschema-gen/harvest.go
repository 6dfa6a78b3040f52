package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// enumRef is an enum constant whose value is another constant
// (AddressTypeIPv4 = AddressType(v1.IPv4Protocol)), resolved once every
// package is harvested.
type enumRef struct{ enum, constant string }

// harvest parses the API sources under dir (a tree of group/version
// packages) for +enum string types (and their constants) and +listType=map
// / +listMapKey field markers. finishEnums completes the enums afterwards.
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
		imports := map[string]string{} // local name -> package as harvested ("core/v1")
		for _, is := range f.Imports {
			p, _ := strconv.Unquote(is.Path.Value)
			local := p[strings.LastIndexByte(p, '/')+1:]
			if is.Name != nil {
				local = is.Name.Name
			}
			imports[local] = shortPkg(p)
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
					g.constants(pkg, imports, spec.(*ast.ValueSpec))
				}
			}
		}
		return nil
	})
}

// constants records the string constants of one const spec: every one by
// name (for enumRef), and those of a named type as its enum values. A
// value is a literal, T("literal"), or T(otherConstant).
func (g *gen) constants(pkg string, imports map[string]string, vs *ast.ValueSpec) {
	if len(vs.Values) != len(vs.Names) {
		return
	}
	for i, v := range vs.Values {
		typ := ""
		if id, ok := vs.Type.(*ast.Ident); ok {
			typ = id.Name
		}
		if call, ok := v.(*ast.CallExpr); ok && len(call.Args) == 1 {
			if fn, ok := call.Fun.(*ast.Ident); ok && (typ == "" || typ == fn.Name) {
				typ, v = fn.Name, call.Args[0]
			}
		}
		enum := pkg + "." + typ
		switch v := v.(type) {
		case *ast.BasicLit:
			if v.Kind != token.STRING {
				continue
			}
			s, err := strconv.Unquote(v.Value)
			if err != nil {
				continue
			}
			g.consts[pkg+"."+vs.Names[i].Name] = s
			if typ != "" {
				g.t.Enums[enum] = append(g.t.Enums[enum], s)
			}
		case *ast.Ident:
			if typ != "" {
				g.enumRefs = append(g.enumRefs, enumRef{enum, pkg + "." + v.Name})
			}
		case *ast.SelectorExpr:
			if x, ok := v.X.(*ast.Ident); ok && typ != "" && imports[x.Name] != "" {
				g.enumRefs = append(g.enumRefs, enumRef{enum, imports[x.Name] + "." + v.Sel.Name})
			}
		}
	}
}

// finishEnums resolves the enum constants defined by other constants and
// keeps the values of the enum types only, sorted.
func (g *gen) finishEnums() {
	for _, r := range g.enumRefs {
		if s, ok := g.consts[r.constant]; ok {
			g.t.Enums[r.enum] = append(g.t.Enums[r.enum], s)
		} else if g.enumType[r.enum] {
			log.Printf("enum %s: constant %s not found", r.enum, r.constant)
		}
	}
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
