package fastcpu

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestParallelForRunsEveryIndexOnce: for loop sizes around the number of workers, from one
// caller and from several at once (whose parts queue behind each other's and are withdrawn),
// every index runs exactly once and worker numbers stay below the number of workers.
func TestParallelForRunsEveryIndexOnce(t *testing.T) {
	check := func(t *testing.T, workers, n int) {
		counts := make([]atomic.Int32, n)
		var badWorker atomic.Bool
		parallelFor(workers, n, func(w, i int) {
			if w < 0 || w >= max(1, min(workers, n)) {
				badWorker.Store(true)
			}
			counts[i].Add(1)
		})
		for i := range counts {
			if c := counts[i].Load(); c != 1 {
				t.Fatalf("workers %d, n %d: index %d ran %d times", workers, n, i, c)
			}
		}
		if badWorker.Load() {
			t.Fatalf("workers %d, n %d: a worker number out of range", workers, n)
		}
	}
	for _, workers := range []int{1, 2, 3, 8} {
		for _, n := range []int{0, 1, 2, 3, 7, 100} {
			check(t, workers, n)
		}
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range 200 {
				check(t, 4, n%17)
			}
		}()
	}
	wg.Wait()
}

// BenchmarkParallelForLatency runs two 150 µs parts at a time with a 20 µs single-threaded
// gap between loops, the pattern of a training step's products and the small ops between
// them. With a goroutine started per loop the helper began about 90 µs late (270 µs per loop
// on a 2-core VM); with the team it begins within a microsecond or two (about 172 µs).
func BenchmarkParallelForLatency(b *testing.B) {
	spin := func(d time.Duration) {
		for start := time.Now(); time.Since(start) < d; {
		}
	}
	var late time.Duration
	helped := 0
	for b.Loop() {
		start := time.Now()
		parallelFor(2, 2, func(w, _ int) {
			if w == 1 {
				late += time.Since(start)
				helped++
			}
			spin(150 * time.Microsecond)
		})
		spin(20 * time.Microsecond)
	}
	b.ReportMetric(float64(late.Microseconds())/float64(max(helped, 1)), "µs-helper-start")
}
