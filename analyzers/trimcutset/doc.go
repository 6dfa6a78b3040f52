// Package trimcutset defines an Analyzer that reports strings and bytes
// Trim, TrimLeft and TrimRight calls whose cutset reads like a prefix or
// suffix rather than a set of characters.
//
// # Analyzer trimcutset
//
// trimcutset: report Trim/TrimLeft/TrimRight whose cutset reads like an affix, not a set of characters
//
// The second argument of strings.Trim, TrimLeft and TrimRight (and of the
// bytes functions of the same names) is a set of characters, not a string:
// TrimRight strips every trailing character that appears anywhere in it.
// Incident 3: a lab platform named each session's namespace
// "<lesson>-<session>-ns" and recovered the session with
//
//	id := strings.TrimRight(ns, "-ns") // reported
//
// so "14-abcdefn-ns" and "14-abcdefs-ns" both became "14-abcdef": state
// lookups found the wrong session and garbage collection deleted live labs.
// The check reports
//
//	TrimRight treats "-ns" as a set of characters: "abcdefn-ns" becomes "abcdef", not "abcdefn"; use TrimSuffix
//
// and offers the fix:
//
//	id := strings.TrimSuffix(ns, "-ns")
//
// A constant cutset is reported when it reads like an affix:
//
//   - for TrimRight and Trim, a separator (. - _ / : @ or space) followed
//     by a word of two or more letters or digits: "-ns", ".pem", "/v1",
//     " kB", ".git";
//   - for TrimLeft and Trim, a word followed by a separator: "dev-", "v1:";
//   - a word whose letters are not in ascending order: "graphql", "MB";
//   - for TrimLeft and Trim, a number's base prefix "0x", "0b", "0o" (either
//     case), which also eats the number's leading zeros: "0x00ff" becomes
//     "ff";
//   - a repeated character: "http://", "--" (staticcheck's SA1024 case).
//
// Real character sets stay silent: whitespace and punctuation sets
// (" \t\r\n", "/", "\"'", "[]", "./", "! "), single characters, spelled-out
// ranges and ascending runs ("0123456789", "abcdef", "0123456789abcdef"),
// case variants of one letter ("vV", "eE"), and separators next to a
// single character (".0" for trailing zeros, "0_" for leading zeros and
// digit separators).
//
// A cutset that is not a constant (a variable, a field, ":"+tag) is
// reported too, with a sample value to show the damage, unless its name says
// it is a set of characters (cutset, chars, whitespace, digits, seps...), it
// is a string(r) conversion of a rune or byte, or it is a variable assigned
// once from a constant that is a character set.
//
// Grades: error when the same string is also used as an affix in the
// package (with HasSuffix, HasPrefix, TrimSuffix, TrimPrefix, CutPrefix,
// CutSuffix, Cut, concatenated onto a value as in name+"-ns", or next to a
// verb in a fmt format such as "%s-ns"), which proves it is an affix;
// warning otherwise. The suggested fix replaces TrimRight with TrimSuffix
// and TrimLeft with TrimPrefix (for bytes it also wraps the argument in
// []byte(...)); Trim gets no automatic fix (use TrimPrefix and/or
// TrimSuffix).
//
// Flags: -nonconst=false reports constant cutsets only.
//
// Suppress a finding with a reason: //hindsight:ignore trimcutset <reason>
// on the line of the call or the line above.
package trimcutset
