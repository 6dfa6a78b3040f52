package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// measurement is one run of one command.
type measurement struct {
	wall    time.Duration
	cpu     time.Duration // user + system, the command and all its children
	maxRSS  int64         // bytes: the largest single process of the tree (getrusage)
	treeRSS int64         // bytes: the largest sum over the live process tree (sampled)
	exit    int
	stderr  string // path of the captured standard error
	stdout  string // path of the captured standard output
}

// measure runs argv in dir with the extra environment, its output going to
// logBase.out / logBase.err, and samples the RSS of its process tree every
// 250ms from /proc.
func measure(dir string, extraEnv []string, logBase string, argv ...string) (measurement, error) {
	m := measurement{stdout: logBase + ".out", stderr: logBase + ".err"}
	if err := os.MkdirAll(filepath.Dir(logBase), 0o755); err != nil {
		return m, err
	}
	stdout, err := os.Create(m.stdout)
	if err != nil {
		return m, err
	}
	defer stdout.Close()
	stderr, err := os.Create(m.stderr)
	if err != nil {
		return m, err
	}
	defer stderr.Close()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = env(extraEnv...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	// Its own process group, so an interrupted bench can stop the whole
	// tree (go vet's vet processes, the go list of a driver).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return m, err
	}
	running.Store(int64(cmd.Process.Pid))
	defer running.Store(0)
	done := make(chan struct{})
	peak := make(chan int64)
	go func() {
		var max int64
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			if s := treeRSS(cmd.Process.Pid); s > max {
				max = s
			}
			select {
			case <-done:
				peak <- max
				return
			case <-tick.C:
			}
		}
	}()
	werr := cmd.Wait()
	m.wall = time.Since(start)
	close(done)
	m.treeRSS = <-peak
	if werr != nil {
		if _, ok := werr.(*exec.ExitError); !ok {
			return m, werr
		}
	}
	st := cmd.ProcessState
	m.exit = st.ExitCode()
	m.cpu = st.UserTime() + st.SystemTime()
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		m.maxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	// A run shorter than the sampling interval may be sampled before it
	// grew: the tree's peak is at least its largest process's.
	m.treeRSS = max(m.treeRSS, m.maxRSS)
	return m, nil
}

var pageSize = int64(os.Getpagesize())

// running is the process group of the command being measured, or 0.
var running atomic.Int64

// stopOnSignal makes an interrupt or termination stop the measured
// command's process group too, then exit.
func stopOnSignal() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-ch
		if pgid := running.Load(); pgid > 0 {
			_ = syscall.Kill(-int(pgid), syscall.SIGKILL)
		}
		runStopHooks()
		fmt.Fprintf(os.Stderr, "hsbench: %v: stopped\n", sig)
		os.Exit(1)
	}()
}

// stopHooks run when an interrupt stops the bench.
var stopHooks struct {
	sync.Mutex
	fns []func()
}

func onStop(f func()) {
	stopHooks.Lock()
	defer stopHooks.Unlock()
	stopHooks.fns = append(stopHooks.fns, f)
}

func runStopHooks() {
	stopHooks.Lock()
	defer stopHooks.Unlock()
	for _, f := range stopHooks.fns {
		f()
	}
}

// treeRSS sums the resident memory of pid and all its descendants.
func treeRSS(root int) int64 {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	children := map[int][]int{}
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may contain spaces and parentheses.
		s := string(data)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		children[ppid] = append(children[ppid], pid)
	}
	var sum int64
	stack := []int{root}
	for len(stack) > 0 {
		pid := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm"); err == nil {
			if f := strings.Fields(string(data)); len(f) >= 2 {
				pages, _ := strconv.ParseInt(f[1], 10, 64)
				sum += pages * pageSize
			}
		}
		stack = append(stack, children[pid]...)
	}
	return sum
}

// median of the values (the lower middle one for an even count, so it is
// always a measured value).
func median[T int64 | time.Duration | float64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := append([]T(nil), xs...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[(len(s)-1)/2]
}
