package model

import (
	"runtime"
	"runtime/debug"
)

// ReleaseBuffers collects the garbage left by the programs just run; call it between runs of
// programs of different shapes (a training step, a batch of generations).
//
// The pure-Go backends recycle buffers through one sync.Pool per (dtype, length), and the Go
// GC counts pooled buffers as live until a second collection drops them. When successive runs
// have different shapes, each run fills pools the next cannot reuse, and the heap goal
// (GOGC=100: twice the live heap) doubles them again. Measured on the tiny model: LoRA
// training at batch 4 with lengths 64 to 1,024 grew to 8.2 GB RSS in 15 steps; generating 5
// batches of 8 prompts of 1,700 to 1,950 tokens grew to 5.9 GB; collecting after each step or
// batch kept them at 1.6 GB and 2.2 GB. Two collections while only weights and optimizer state
// are live take milliseconds.
func ReleaseBuffers() {
	runtime.GC() // moves the pools' buffers to their victim caches
	runtime.GC() // frees them
}

// Releaser calls ReleaseBuffers only once the heap has grown by Slack bytes since its last
// call. Each forced collection scans every live object, and the compiled programs of a
// training run (one per batch shape, thousands of graph nodes each) are most of them: with
// the few dozen shapes of shared-prefix batches, two collections after every step took a
// third of the step. Letting the pools grow by a bounded amount keeps memory in check at a
// fraction of that cost.
type Releaser struct {
	// Slack is how far the heap may grow past what was live after the last release.
	Slack uint64
	base  uint64
}

// Hold turns the runtime's own collection cycles off and leaves collection to Step, until the
// returned function restores the previous GC percent. The runtime starts a cycle whenever the
// heap has doubled, and each scans every live object, the compiled programs included: in LoRA
// training of the tiny model in shared-prefix batches they took a fifth of a step
// (BenchmarkDefaultRunStep: 0.346 s a step with GOGC=100, 0.277 s with it off, peak memory
// 1.57 and 1.72 GB). Between two Steps the heap then grows by at most Slack plus what one
// step allocates, and most of that is buffers the backends' pools recycle within the step
// whatever the collector does.
//
// The GC percent is the process's: Holds that overlap in time must restore in the reverse
// order of their calls (one trainer after another does).
func (r *Releaser) Hold() (restore func()) {
	percent := debug.SetGCPercent(-1)
	r.base = 0
	r.Step()
	return func() { debug.SetGCPercent(percent) }
}

// Step releases the buffers if the heap has grown by more than Slack, or on the first call.
func (r *Releaser) Step() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if r.base != 0 && ms.HeapAlloc < r.base+r.Slack {
		return
	}
	ReleaseBuffers()
	runtime.ReadMemStats(&ms)
	r.base = max(ms.HeapAlloc, 1)
}
