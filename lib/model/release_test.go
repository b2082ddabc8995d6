package model

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func numGC() uint32 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.NumGC
}

// TestReleaserCollectsOnlyPastItsSlack: the first step always collects; later steps collect
// only once the heap has grown by more than the slack.
func TestReleaserCollectsOnlyPastItsSlack(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1)) // only forced collections count
	r := Releaser{Slack: 64 << 20}
	before := numGC()
	r.Step()
	if numGC() == before {
		t.Fatal("the first step did not collect")
	}
	before = numGC()
	small := make([]byte, 1<<20) // well under the slack
	r.Step()
	if got := numGC() - before; got != 0 {
		t.Errorf("a step after 1 MiB of growth collected %d times, want 0", got)
	}
	big := make([]byte, 128<<20) // past the slack
	r.Step()
	if numGC() == before {
		t.Error("a step after 128 MiB of growth did not collect")
	}
	runtime.KeepAlive(small)
	runtime.KeepAlive(big)
}

// TestHoldTurnsTheCollectorOffUntilRestored: under Hold the runtime starts no cycle of its own
// however much garbage is made, Step still collects past the slack, and the restore puts the
// previous GC percent back.
func TestHoldTurnsTheCollectorOffUntilRestored(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(50))
	r := Releaser{Slack: 256 << 20}
	restore := r.Hold()
	before := numGC()
	for range 64 { // 128 MiB of garbage: a few cycles at GOGC=50
		runtime.KeepAlive(make([]byte, 2<<20))
	}
	if got := numGC() - before; got != 0 {
		t.Errorf("the runtime collected %d times under Hold", got)
	}
	big := make([]byte, 300<<20)
	r.Step()
	if numGC() == before {
		t.Error("Step after 300 MiB of growth did not collect under Hold")
	}
	runtime.KeepAlive(big)
	restore()
	if got := debug.SetGCPercent(100); got != 50 {
		t.Errorf("GC percent after restore %d, want 50", got)
	}
}
