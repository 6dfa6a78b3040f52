// Package idprefix defines an Analyzer that reports identifiers and paths
// matched by prefix or suffix without a boundary, where the match selects,
// deletes or authorises.
//
// # Analyzer idprefix
//
// idprefix: report IDs and paths matched with HasPrefix/HasSuffix without a separator boundary
//
// strings.HasPrefix(a, b) is true for every a that merely starts with b.
// When a and b are identifiers or paths, that is rarely what the code
// means: session "abcdef" also claims "abcdef2", user "toby" also owns
// "tobyzxj"'s repositories (gogs), and a rule for "/uploads" also applies
// to "/uploads_backup" (filebrowser, CVE-2026-35605). Incident 3: a lab
// platform matched namespaces and state keys to a session with
// HasPrefix(name, sessionID), so garbage collection for one session
// deleted another session's labs.
//
//	for key := range labs {
//		if strings.HasPrefix(key, sessionID) { // reported
//			delete(labs, key)
//		}
//	}
//
// Fix it by matching a whole element: compare with ==, or include the
// separator the IDs are built with.
//
//	for key := range labs {
//		if strings.HasPrefix(key, sessionID+"-") {
//			delete(labs, key)
//		}
//	}
//
// For paths, compare whole elements: a == dir ||
// strings.HasPrefix(a, dir+"/"), or use filepath.Rel / filepath.IsLocal.
//
// The check is conservative; it reports strings.HasPrefix, HasSuffix,
// bytes.HasPrefix, HasSuffix and Index(a, b) == 0 only when
//
//   - both operands are non-constant and named like identifiers or paths
//     (id, uid, uuid, key, name, session, token, namespace, tenant, user,
//     owner, repo; path, dir, root, folder, scope), by their own name or
//     their named type, and neither name says a prefix match is intended
//     (prefix, pattern, query, search, input, word, completion, ...); when
//     the match decides a deletion, an ID-named prefix (sessionID) against
//     an operand with a plain name (n, k) is enough;
//   - the match decides something about one element: an if or a tagless
//     switch case in a loop whose body returns or breaks (select) or deletes
//     (delete builtin or a Delete/Remove/Kill/Purge... call), the same after
//     an "if !match { continue }" guard, a predicate returning the match
//     passed to slices.DeleteFunc (delete), IndexFunc, ContainsFunc or a
//     Find function (select), a guard "if !match { return err }" that
//     refuses (authorise), or the answer of a bool function named like an
//     access test (Allowed, Owns, CanAccess: authorise) or a match test
//     (Matches, IsSubdir, Within: match), also as "if !match { return
//     false }";
//   - the function does not already handle the boundary or ambiguity: no
//     exact a == b comparison, no use of len(b) (an index check a[len(b)],
//     a minimum length, a longest match), no strings.Cut / Split / TrimPrefix
//     / filepath.Rel / IsLocal / Dir on the operands, no "ambiguous" or
//     "multiple" message, and b is not assigned anywhere in the package with
//     a trailing separator (dir + "/", b += "/").
//
// Loops that collect or count matches (append, x++) list by prefix on
// purpose and stay silent, as do _test.go files (flag -tests to include
// them).
//
// Operands that carry the boundary themselves are silent: a prefix whose
// values all end with a separator, a suffix that always starts with one (an
// absolute path field, "/" + name, a value checked with filepath.IsAbs).
// So is a short-ID resolver that refuses ambiguity, also through a sentinel
// or error type (ErrAmbiguous, &AmbiguousError{}).
//
// Three more shapes have their own rules: a loop that collects every key
// under an ID where the package builds the keys with a separator after it
// (scan); a prefix filter written the wrong way round,
// strings.HasPrefix(filter, img.ID) (swapped); and a lookup by prefix
// (GetByPrefix) called with a full ID to fetch one item where an exact
// getter exists (prefix-lookup). Two URLs and a parent/child ID pair are
// compared like paths and IDs.
//
// Grades: error when the match decides deletion or access; warning when it
// selects an element, answers a match test, scans, is swapped or is a
// prefix lookup. The suggested fix, for identifiers only, appends the
// separator that the package uses where it builds the IDs (sessionID + "-"
// + lab, fmt.Sprintf("%s-%s", sessionID, lab)) when exactly one is used:
// strings.HasPrefix(key, sessionID+"-").
//
// Suppress a finding with a reason: //hindsight:ignore idprefix <reason>
// on the line of the match or the line above.
package idprefix
