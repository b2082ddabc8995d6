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
