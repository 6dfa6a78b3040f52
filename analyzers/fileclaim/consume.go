package fileclaim

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/hindsight-lint/hindsight/internal/code"
)

// A competing consumer does something with what it read: it submits,
// sends, stores or returns it. Code that only inspects the content to
// decide whether to delete the file (a generated-file marker, a corrupt
// header, an expired job) is clean-up, and two instances doing it at once
// do no harm.

// pureCallee reports whether a call to fn with read data only inspects,
// copies or decodes it.
func pureCallee(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "io":
		// Copying to a writer hands the data on.
		switch fn.Name() {
		case "Copy", "CopyN", "CopyBuffer", "WriteString", "Pipe":
			return false
		}
		return true
	case "bytes", "strings", "unicode", "unicode/utf8", "unicode/utf16", "strconv", "regexp", "errors",
		"path", "path/filepath", "sort", "slices", "maps", "cmp", "math", "time", "bufio",
		"hash", "hash/crc32", "hash/crc64", "hash/adler32", "hash/fnv", "crypto/sha256", "crypto/sha1",
		"crypto/md5", "crypto/sha512", "encoding/json", "encoding/xml", "encoding/gob", "encoding/csv",
		"encoding/binary", "encoding/base64", "encoding/hex", "encoding/pem", "archive/tar", "archive/zip",
		"compress/gzip", "compress/zlib", "debug/elf", "debug/macho", "debug/pe", "go/parser", "go/build/constraint":
		return true
	case "os":
		// Methods of *os.File that read or describe it.
		if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
			switch fn.Name() {
			case "Read", "ReadAt", "Stat", "Close", "Seek", "Fd", "Name", "ReadDir", "Readdirnames", "Readdir":
				return true
			}
		}
		return fn.Name() == "Stat" || fn.Name() == "Lstat"
	}
	p := fn.Pkg().Path()
	if strings.Contains(p, "yaml") || strings.Contains(p, "toml") || strings.HasSuffix(p, "/protobuf/proto") {
		return true
	}
	switch fn.Name() {
	case "Unmarshal", "Decode", "NewDecoder", "ReadAll", "ReadFull", "Parse":
		return true
	}
	return false
}

// returnsBoolOnly reports whether call yields a single bool: a predicate.
func returnsBoolOnly(info *types.Info, call *ast.CallExpr) bool {
	t := info.TypeOf(call)
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// consumes reports whether the data produced by the read call is used for
// more than inspection in scope after it: passed to a call that is not a
// pure inspection, sent, stored outside local variables (consumed), or
// returned (where it is first returned).
func (fc *funcState) consumes(scope ast.Node, read *ast.CallExpr) (at, returned token.Pos) {
	info := fc.c.info
	tainted := map[types.Object]bool{}
	consumed := false
	switch p := fc.parents[read].(type) {
	case *ast.AssignStmt:
		for _, lhs := range p.Lhs {
			id, ok := ast.Unparen(lhs).(*ast.Ident)
			if !ok {
				consumed = true // stored into a field or map element
				continue
			}
			if obj := info.ObjectOf(id); obj != nil && id.Name != "_" && !noContent(obj.Type()) {
				tainted[obj] = true
			}
		}
	case *ast.ValueSpec:
		for _, id := range p.Names {
			if obj := info.ObjectOf(id); obj != nil && id.Name != "_" && !noContent(obj.Type()) {
				tainted[obj] = true
			}
		}
	case *ast.ReturnStmt:
		return token.NoPos, p.Pos()
	case *ast.ExprStmt:
		return token.NoPos, token.NoPos
	default:
		// The read feeds an expression directly: treat the enclosing call as
		// the use.
		if call, ok := p.(*ast.CallExpr); ok && !pureCallee(fc.c.callee(call)) && !returnsBoolOnly(info, call) {
			return read.Pos(), token.NoPos
		}
	}
	if consumed {
		return read.Pos(), token.NoPos
	}
	mentions := func(e ast.Node) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && tainted[info.ObjectOf(id)] {
				found = true
			}
			return !found
		})
		return found
	}
	start := read.End()
	ast.Inspect(scope, func(n ast.Node) bool {
		if n == nil || consumed {
			return false
		}
		defer func() {
			if consumed && !at.IsValid() {
				at = n.Pos()
			}
		}()
		if n.End() <= start {
			return false
		}
		if n.Pos() < start {
			return true
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, rhs := range n.Rhs {
				if !mentions(rhs) {
					continue
				}
				for _, lhs := range n.Lhs {
					switch l := ast.Unparen(lhs).(type) {
					case *ast.Ident:
						if obj := info.ObjectOf(l); obj != nil && l.Name != "_" && !noContent(obj.Type()) {
							tainted[obj] = true
						}
					default:
						if root := code.RootIdent(l); root != nil && fc.localVar(root) {
							tainted[info.ObjectOf(root)] = true
						} else {
							consumed = true
						}
					}
				}
			}
		case *ast.SendStmt:
			if mentions(n.Value) {
				consumed = true
			}
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				if mentions(r) && !returned.IsValid() {
					returned = n.Pos()
				}
			}
		case *ast.CallExpr:
			fc.consumeCall(n, tainted, mentions, &consumed)
		}
		return true
	})
	return at, returned
}

// consumeCall handles one call that may touch read data.
func (fc *funcState) consumeCall(call *ast.CallExpr, tainted map[types.Object]bool, mentions func(ast.Node) bool, consumed *bool) {
	info := fc.c.info
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return // a conversion
	}
	argUse := false
	for _, a := range call.Args {
		if mentions(a) {
			argUse = true
		}
	}
	recvUse := false
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if _, isPkg := info.ObjectOf(code.RootIdent(sel.X)).(*types.PkgName); !isPkg && mentions(sel.X) {
			recvUse = true
		}
	}
	if !argUse && !recvUse {
		return
	}
	fn := fc.c.callee(call)
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if _, builtin := info.ObjectOf(id).(*types.Builtin); builtin {
			return
		}
	}
	// Calls that fill their arguments from the read: pure calls (buffers,
	// pointer arguments to decode into) and methods of the read value
	// itself (f.Read(buf), dec.Decode(&v)).
	fill := func() {
		for _, a := range call.Args {
			a = ast.Unparen(a)
			if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
				a = u.X
			}
			if sl, ok := a.(*ast.SliceExpr); ok { // f.Read(buf[:])
				a = sl.X
			}
			if root := code.RootIdent(a); root != nil {
				if obj := info.ObjectOf(root); obj != nil && !noContent(obj.Type()) && fc.localVar(root) {
					tainted[obj] = true
				}
			}
		}
	}
	if pureCallee(fn) || returnsBoolOnly(info, call) {
		fill()
		return
	}
	if !argUse && recvUse {
		// A method of the read value: an accessor when its result is used,
		// an action when it is a statement of its own. Either way what it
		// fills carries the content.
		fill()
		if _, stmt := fc.parents[call].(*ast.ExprStmt); !stmt {
			return
		}
	}
	*consumed = true
}

// noContent reports whether a variable of type t cannot carry read content
// worth consuming: errors, bools and sizes.
func noContent(t types.Type) bool {
	if t == nil {
		return true
	}
	if types.Identical(t, types.Universe.Lookup("error").Type()) {
		return true
	}
	if b, ok := t.Underlying().(*types.Basic); ok {
		return b.Info()&(types.IsBoolean|types.IsInteger) != 0
	}
	return false
}

// localVar reports whether id is a variable declared in this function.
func (fc *funcState) localVar(id *ast.Ident) bool {
	obj, ok := fc.c.info.ObjectOf(id).(*types.Var)
	if !ok || obj.IsField() {
		return false
	}
	return fc.body.Pos() <= obj.Pos() && obj.Pos() < fc.body.End()
}
