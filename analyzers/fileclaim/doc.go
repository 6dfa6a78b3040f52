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
// Exported helpers that read, delete, move or claim a path parameter carry
// an Ops fact, so format.ReadMessageFile(path) or store.Move(src, dst) in
// another package count as the read and the move.
//
// A claim that comes after the read is reported as claim-after-read: the
// data is used before the move or delete that claims the entry, or that
// claim lets a not-exist failure through (err != nil && !os.IsNotExist(err)),
// which is exactly the failure that says another consumer took the entry;
// the tolerant claim itself is reported as claim-error-ignored.
//
// A handler (a *http.Request parameter, or an RPC method taking a context
// and a *FooRequest) that reads the files of a directory named by the
// request (filepath.Join(root, uploadID)) and then removes it, with no
// rename to an in-progress name, lock or other claim first, is reported as
// request-dir-unclaimed (a warning): two concurrent requests for the same
// name both read the parts and both remove the directory.
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
//   - the listed directory is named by the instance's own identity: a
//     parameter or field named like workerID, instanceID, podName,
//     hostname, the id field of a Worker receiver, os.Hostname(), or
//     os.Getenv("POD_NAME");
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
// unclaimed, claim-after-read and claim-error-ignored are errors (incident
// 5); request-dir-unclaimed is a warning. Suppress one with a reason: //hindsight:ignore fileclaim <reason> on the
// line of the read or the line above, for example when a deployment
// guarantees a single instance by other means.
package fileclaim
