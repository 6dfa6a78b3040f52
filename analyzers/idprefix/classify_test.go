package idprefix

import "testing"

func TestKindOf(t *testing.T) {
	tests := []struct {
		name, typ string
		want      kind
	}{
		{"sessionID", "", ident},
		{"key", "", ident},
		{"s", "SessionID", ident},
		{"rootDir", "", path},
		{"userPath", "", path}, // a path word beats an ID word
		{"keyPrefix", "", none},
		{"toComplete", "", none},
		{"repoURL", "", url},
		{"baseURL", "", none}, // a base URL is a prefix on purpose
		{"parentID", "", ident},
		{"parentDir", "", none},
		{"n", "", none},
		{"", "SessionID", none}, // no name: not an operand we judge
		{"line", "", none},
	}
	for _, tt := range tests {
		if got := kindOf(tt.name, tt.typ); got != tt.want {
			t.Errorf("kindOf(%q, %q) = %v, want %v", tt.name, tt.typ, got, tt.want)
		}
	}
}

func TestOperands(t *testing.T) {
	tests := []struct {
		ka, kb     kind
		freeA      bool
		wantK      kind
		deleteOnly bool
		ok         bool
	}{
		{ident, ident, false, ident, false, true},
		{ident, path, false, path, false, true},
		{none, path, false, path, false, true},  // anything against a root
		{none, ident, false, ident, true, true}, // n against sessionID: deletion only
		{none, ident, true, none, false, false}, // a prefix input against an ID
		{ident, none, false, none, false, false},
		{url, url, true, url, false, true},
		{url, ident, true, none, false, false}, // an URL against a name
		{ident, url, false, none, false, false},
	}
	for _, tt := range tests {
		k, d, ok := operands(tt.ka, tt.kb, tt.freeA)
		if ok != tt.ok || ok && (k != tt.wantK || d != tt.deleteOnly) {
			t.Errorf("operands(%v, %v, %v) = %v, %v, %v; want %v, %v, %v", tt.ka, tt.kb, tt.freeA, k, d, ok, tt.wantK, tt.deleteOnly, tt.ok)
		}
	}
}

func TestClassifyUse(t *testing.T) {
	tests := []struct {
		what string
		s    site
		want use
	}{
		{"not a condition", site{}, useNone},
		{"if in loop, delete", site{decides: true, loop: true, isIf: true, body: effects{deletes: true}}, useDelete},
		{"if in loop, return", site{decides: true, loop: true, isIf: true, body: effects{exits: true}}, useSelect},
		{"if in loop, append", site{decides: true, loop: true, isIf: true, body: effects{collects: true, exits: true}}, useScan},
		{"if outside a loop", site{decides: true, isIf: true, body: effects{exits: true}}, useNone},
		{"continue guard, then delete", site{decides: true, negated: true, loop: true, isIf: true, continueGuard: true, restFound: true, rest: effects{deletes: true}}, useDelete},
		{"continue guard, then count", site{decides: true, negated: true, loop: true, isIf: true, continueGuard: true, restFound: true, rest: effects{collects: true}}, useScan},
		{"break guard, then delete", site{decides: true, negated: true, loop: true, isIf: true, breakGuard: true, restFound: true, rest: effects{deletes: true}}, useDelete},
		{"guard returning an error", site{decides: true, negated: true, isIf: true, refusal: refuseError}, useAuthorise},
		{"guard with else", site{decides: true, negated: true, isIf: true, hasElse: true, refusal: refuseError}, useNone},
		{"guard returning false", site{decides: true, negated: true, isIf: true, refusal: refuseFalse, funcName: "isNested"}, useMatch},
		{"guard returning false, access", site{decides: true, negated: true, isIf: true, refusal: refuseFalse, funcName: "canRead"}, useAuthorise},
		{"guard returning false, prefix test", site{decides: true, negated: true, isIf: true, refusal: refuseFalse, funcName: "hasPrefix"}, useNone},
		{"result of Matches", site{decides: true, result: true, funcName: "Matches", funcBool: true}, useMatch},
		{"result of OwnsRepo", site{decides: true, result: true, funcName: "OwnsRepo", funcBool: true}, useAuthorise},
		{"result of hasPathPrefix", site{decides: true, result: true, funcName: "hasPathPrefix", funcBool: true}, useNone},
		{"result of a non-bool", site{decides: true, result: true, funcName: "Matches"}, useNone},
		{"negated result", site{decides: true, result: true, negated: true, funcName: "Matches", funcBool: true}, useNone},
		{"DeleteFunc predicate", site{decides: true, result: true, lit: true, litBool: true, litCallee: "DeleteFunc"}, useDelete},
		{"IndexFunc predicate", site{decides: true, result: true, lit: true, litBool: true, litCallee: "IndexFunc"}, useSelect},
		{"SortFunc comparison", site{decides: true, result: true, lit: true, litBool: true, litCallee: "SortFunc"}, useNone},
	}
	for _, tt := range tests {
		if got := classifyUse(tt.s); got != tt.want {
			t.Errorf("%s: classifyUse = %v, want %v", tt.what, got, tt.want)
		}
	}
}

func TestSepOf(t *testing.T) {
	tests := []struct {
		s    string
		end  bool
		want byte
	}{
		{"-ns", false, '-'},
		{"/x", false, '/'},
		{"x/", true, '/'},
		{"x/", false, 0},
		{"", false, 0},
	}
	for _, tt := range tests {
		if got := sepOf(tt.s, tt.end); got != tt.want {
			t.Errorf("sepOf(%q, %v) = %q, want %q", tt.s, tt.end, got, tt.want)
		}
	}
}

func TestVerbAt(t *testing.T) {
	before, after, ok := verbAt("%s-%s", 0)
	if !ok || before != "" || after != "-%s" {
		t.Errorf("verbAt 0 = %q, %q, %v", before, after, ok)
	}
	before, after, ok = verbAt("%d%%/%s.x", 1)
	if !ok || before != "%d%%/" || after != ".x" {
		t.Errorf("verbAt 1 = %q, %q, %v", before, after, ok)
	}
	if _, _, ok := verbAt("%[1]s", 0); ok {
		t.Error("verbAt with an explicit index should fail")
	}
}
