package a

import "sync"

// The defer was meant for a goroutine: Done runs only when runAll
// returns, and runAll waits for it first.
func runAll(jobs []func()) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		defer wg.Done() // want `defer of wg.Done\(\) in loop runs at function exit, not at the end of the iteration: wg.Wait\(\) at line 14 waits for Done calls that run only after the function returns: a certain deadlock`
		j()
	}
	wg.Wait()
}

type workers struct{ wg *sync.WaitGroup }

func (p *workers) drain(jobs []func()) {
	for _, j := range jobs {
		p.wg.Add(1)
		defer p.wg.Done() // want `p.wg.Wait\(\) at line 25 waits for Done calls`
		j()
	}
	p.wg.Wait()
}

// Look-alikes: the defer inside the goroutine; a Wait left to the caller;
// a Wait in another goroutine; a different WaitGroup.
func runAllOK(jobs []func()) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			j()
		}()
	}
	wg.Wait()
}

func startAll(wg *sync.WaitGroup, jobs []func()) {
	for _, j := range jobs {
		wg.Add(1)
		defer wg.Done() // want `defer of wg.Done\(\) in loop runs at function exit, not at the end of the iteration: the deferred calls pile up until then`
		j()
	}
}

func waitElsewhere(jobs []func()) {
	var wg, other sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		defer wg.Done() // want `the deferred calls pile up until then`
		j()
	}
	go func() { wg.Wait() }()
	other.Wait()
}
