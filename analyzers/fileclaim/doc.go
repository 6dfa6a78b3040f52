// Package fileclaim defines an Analyzer that reports competing consumers of
// a shared directory: code that lists a directory, reads an entry and then
// deletes or moves it, with no atomic claim first.
//
// # Analyzer fileclaim
//
// fileclaim: report list → read → delete of a directory entry with no atomic claim, which two instances race for
//
// A job spool, an upload inbox or an outbox directory is safe for one
// consumer. As soon as a second instance runs (a forgotten server with the
// same crontab, a second replica, a restart that overlaps the old process),
// both list the same file, both read it, both submit it, and one of the
// deletes fails, or one instance deletes a file the other is still reading
// and the job is lost (incident 5: two servers polled the same NFS share;
// half the jobs vanished).
//
//	entries, _ := os.ReadDir(spool)
//	for _, e := range entries {
//		p := filepath.Join(spool, e.Name())
//		data, err := os.ReadFile(p) // reported: no claim before the read
//		if err != nil {
//			continue
//		}
//		submit(data)
//		os.Remove(p)
//	}
//
// Claim the entry atomically before reading it: rename it into a directory
// that belongs to this worker. Only one rename succeeds; a failed rename
// means another worker took the file.
//
//	for _, e := range entries {
//		mine := filepath.Join(workDir, e.Name())
//		if err := os.Rename(filepath.Join(spool, e.Name()), mine); err != nil {
//			continue // another worker took it
//		}
//		data, err := os.ReadFile(mine)
//		...
//		os.Remove(mine)
//	}
//
// The check follows the entry from the listing (os.ReadDir, ioutil.ReadDir,
// filepath.Glob, filepath.Walk and WalkDir callbacks, (*os.File).ReadDir,
// Readdir and Readdirnames, and package functions that return such a
// listing) through filepath.Join, string concatenation and local variables,
// and through helper functions of the same package that read, delete or
// claim a path parameter. It reports the first read (os.Open, os.ReadFile,
// os.OpenFile for reading, or a helper that reads) of an entry path that is
// later removed (os.Remove, os.RemoveAll of the file it read) or renamed
// into another directory, and names the listing and the delete.
//
// It stays silent when:
//
//   - a claim precedes the read: os.Rename or os.Link of the entry with the
//     error checked, os.OpenFile with O_CREATE|O_EXCL, a checked os.Mkdir of
//     a path derived from the entry, syscall.Flock, unix.Flock, FcntlFlock,
//     LockFileEx, or a call to a function that locks (known through facts,
//     also across packages) or says so in its name or doc comment (tryLock,
//     claimJob, AcquireLease; sync mutexes do not count);
//   - the delete or rename is itself the claim: its error is checked, a
//     failure leaves the iteration, and only then is the read data used;
//   - the process owns the directory as a whole: its package, or a package
//     of the same module that it imports, takes an exclusive lock outside
//     every directory scan (a lock file or flock at open time, as
//     Prometheus's TSDB does with its directory locker);
//   - the listed directory was created by the function (os.MkdirTemp,
//     t.TempDir, a checked os.Mkdir) or is a field the package fills from
//     os.MkdirTemp;
//   - the content read only decides whether to delete the file (a
//     generated-file header, a checksum, an expiry date): clean-up is not
//     consumption; data counts as consumed when it goes to a call that is
//     not a pure inspection or decoding, a channel, a field, or a caller;
//   - the scan only reads, deletes without reading, reads a file inside an
//     entry directory, or removes whole trees;
//   - the code is in a _test.go file (unless -tests is set).
//
// Flags: -tests also reports in _test.go files; -owners=false ignores
// directory ownership, to see what it hides.
//
// Findings are warnings: the code is correct while only one instance runs.
// Suppress one with a reason: //hindsight:ignore fileclaim <reason> on the
// line of the read or the line above, for example when a deployment
// guarantees a single instance by other means.
package fileclaim
