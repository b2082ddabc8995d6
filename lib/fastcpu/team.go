package fastcpu

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// A team of helper goroutines runs the parts of parallel loops that the calling goroutine does
// not. Starting a goroutine per loop would cost a wake-up of an idle core each time, measured
// at about 90 µs on a 2-core virtual machine (the caller's share of a 256³ product takes 150
// µs), because the Go runtime parks an idle thread within microseconds. A helper that finishes
// a part keeps polling for the next one for a while (linger) before it parks, as OpenMP's
// threads spin between parallel regions (BenchmarkParallelForLatency; 256³ products went from
// 138 to 185 GFLOP/s, decoding 10-30% faster).
type team struct {
	parts  chan func()
	linger time.Duration
}

// newTeam starts helpers goroutines that linger for the given time after each part.
func newTeam(helpers int, linger time.Duration) *team {
	t := &team{parts: make(chan func(), helpers), linger: linger}
	for range helpers {
		go t.help()
	}
	return t
}

func (t *team) help() {
	for part := range t.parts {
		part()
		deadline := time.Now().Add(t.linger)
		for polls := 1; ; polls++ {
			select {
			case part = <-t.parts:
				part()
				deadline = time.Now().Add(t.linger)
				continue
			default:
			}
			if pause(polls) && time.Now().After(deadline) {
				break
			}
		}
	}
}

// pause waits a moment in a polling loop: a short spin, and every 16th time a yield, so that
// goroutines queued behind a polling one still run within microseconds. It reports the 16th
// times, when a poller should also look at the clock (reading it every time cost more than
// the spin).
func pause(polls int) bool {
	if polls%16 == 0 {
		runtime.Gosched()
		return true
	}
	for range 64 {
	}
	return false
}

// offer hands part to a helper, or to a new goroutine when every helper is busy. A part may
// wait in the queue behind others; parallelFor withdraws those it no longer needs.
func (t *team) offer(part func()) {
	select {
	case t.parts <- part:
	default:
		go part()
	}
}

// cpuTeam is the process's team: one helper per core beyond the caller's, started on first
// use. It is the one package-level variable here, and it holds no data: like the runtime's own
// threads it is a pool of idle workers shared by every backend, since simplego's Backend has no
// place for one per backend and a second pool would only compete for the same cores.
var cpuTeam = sync.OnceValue(func() *team { return newTeam(runtime.GOMAXPROCS(0)-1, 200*time.Microsecond) })

// parallelFor calls fn(worker, i) for every i in [0, n) on up to workers goroutines (the
// caller's included); worker identifies the goroutine, so fn may use per-worker scratch space.
// The caller takes indices too, so every index is done even if no helper ever starts: a part a
// helper has not begun when the caller runs out of indices is withdrawn, never waited for.
func parallelFor(workers, n int, fn func(worker, i int)) {
	workers = min(workers, n)
	var next atomic.Int64
	loop := func(w int) {
		for {
			i := int(next.Add(1)) - 1
			if i >= n {
				return
			}
			fn(w, i)
		}
	}
	if workers <= 1 {
		loop(0)
		return
	}
	// The caller waits for started parts by polling, not with a WaitGroup: a parked caller is
	// woken on the helper's core, behind the helper's own polling, or by waking its idle core,
	// which costs the 90 µs the team exists to save.
	var running atomic.Int32
	claims := make([]atomic.Bool, workers)
	t := cpuTeam()
	for w := 1; w < workers; w++ {
		t.offer(func() {
			if claims[w].CompareAndSwap(false, true) {
				running.Add(1)
				loop(w)
				running.Add(-1)
			}
		})
	}
	loop(0)
	for w := 1; w < workers; w++ {
		claims[w].CompareAndSwap(false, true) // withdraw the parts no helper has started
	}
	for polls := 1; running.Load() > 0; polls++ {
		pause(polls)
	}
}
