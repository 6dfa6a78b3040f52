package fileclaim

// Locks is an object fact on a function that takes an exclusive
// inter-process lock (flock, fcntl, LockFileEx, or an O_CREATE|O_EXCL lock
// file), directly or through the function named in Via. Functions that list
// a directory themselves do not pass the fact on: their lock guards their own
// scan. Callers in other packages use it to recognise lock helpers such as
// Prometheus's fileutil.Flock.
type Locks struct {
	Via string
}

// AFact marks Locks as an analysis fact.
func (*Locks) AFact() {}

func (l *Locks) String() string { return "locks via " + l.Via }

// Owner is a package fact: the package, or a package of the same module
// that it imports, takes an exclusive lock outside any directory scan (a
// directory lock at open time, a single-instance lock file), so the module
// owns the directories it lists and deletes from. Func names the function
// that takes the lock.
type Owner struct {
	Func string
}

// AFact marks Owner as an analysis fact.
func (*Owner) AFact() {}

func (o *Owner) String() string { return "owns its directories via " + o.Func }
