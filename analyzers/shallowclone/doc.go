// Package shallowclone defines an Analyzer that reports Clone, Copy and
// DeepCopy functions that leave pointer, map or slice fields shared with the
// value they copy.
//
// # Analyzer shallowclone
//
// shallowclone: report Clone/Copy methods that leave pointer, map or slice fields shared with the original
//
// A method that presents itself as a copy (Clone, Copy, DeepCopy,
// DeepCopyInto, Dup, Duplicate, or a function cloneT/copyT) and builds the
// copy from the struct value (c := *s, *out = *in, a composite literal that
// lists the fields) copies references, not what they refer to: a pointer,
// map or slice field of the copy still points at the original's data, and a
// write through either one is seen by, and races with, the other. Incident
// 2: a per-check state object's Clone copied the struct, so the copy kept
// the pointer to the health-check record whose Status was updated
// concurrently.
//
//	func (c *CheckState) Clone() *CheckState {
//		c2 := *c // reported: Clone shares field Check (*HealthCheck) with the receiver
//		return &c2
//	}
//
// Copy each such field from a fresh source on every return path:
//
//	func (c *CheckState) Clone() *CheckState {
//		c2 := *c
//		if c.Check != nil {
//			c2.Check = c.Check.Clone()
//		}
//		return &c2
//	}
//
// A field counts as copied when it is assigned the field type's own Clone,
// Copy or DeepCopy, maps.Clone, slices.Clone, append(T(nil), x...), make
// (then copy or a loop), a composite literal, new, nil, or a helper that
// always returns fresh memory (the check records that as a fact, across
// packages); a nil or length guard counts as copied on its other branch. A
// field assigned from a helper that returns its argument is still shared.
// The check follows every return path.
//
// Grades follow the evidence: error (shared-written) when the package
// writes through the shared field (a field store, a map or element write,
// an in-place append, a method or helper that does so, a setter filling it
// lazily); info (shared) for an exported field nothing visible writes
// through. An append that extends the field (x.F = append(x.F, v)) writes
// past the end of every copy made before, so it counts only when a copy
// can be extended too (the appending function is one importers reach, or
// the package appends to a Clone's result) or the field is cut back
// (x.F = x.F[:n]); writes inside decoders (Unmarshal..., Decode..., or a
// function asserting an any parameter, or an any it loads through a call,
// to a map or slice of any) fill a value being built and do not count, nor do writes through a parameter that every caller in the
// package allocates (construction; a Clone's result is not such an
// allocation, and a setter no package code calls can be called at any
// time), defaults filled only where the location is empty (if x.F == "" {
// x.F = d }, append if missing), appends of values taken from the same
// value (a slice re-derived from its own fields) and sorts in place.
// Element aliasing (slices.Clone of a []*T, maps.Clone or out[k] = v of a
// map of slices, maps or pointers, including the Clone of a named map or
// slice type) is an error when the elements are written or their type is
// changed after construction, info otherwise. Returning the receiver
// itself (return s, return &*s) from a Copy of a type that is changed after
// construction is an error (immutable types and test doubles are silent),
// and so is a fix-up applied to the original after making the copy
// (newN := n.copy(); n.Compat()). &(*p.F) is the same pointer as p.F. A
// copy helper not named like one (v := *m; return &v) is reported when a
// caller writes through a field its result shares.
//
// It stays silent for: unexported fields whose referent the package never
// writes in place after construction (hash/crc32's table, regexp's
// compiled program); optional-value pointers (*int, *string,
// *time.Duration) the package never writes through; fields of immutable or
// shared-by-design types
// (*regexp.Regexp, *time.Location, templates, loggers, sync and atomic
// types, context.Context, func, chan and interface fields, opaque handles
// of other packages such as *http.Client); value types such as time.Time;
// fields whose comment says they are shared, immutable or read-only, or
// that carry a //hindsight:shared <reason> directive; methods whose doc
// comment says the copy is shallow (or not a deep copy); cloneT helpers
// for another package's type; structs holding a lock (go vet's
// copylocks reports those copies); z.Copy(x) methods that set the receiver
// from an argument; generated files.
//
// The suggested fix inserts, after c := *s, c.F = c.F.Clone() (nil-guarded
// for pointers) when the field type has such a method, or maps.Clone /
// slices.Clone when the elements hold no references.
//
// Findings in _test.go files are one grade lower. Options: -names (the
// method names that promise a copy), -dropped (report exported fields left
// out of a field-by-field clone) and -tests (check _test.go files).
// Suppress a finding
// with //hindsight:ignore shallowclone <reason>, or mark the field
// //hindsight:shared <reason>.
package shallowclone
