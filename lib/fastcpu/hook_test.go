package fastcpu

import (
	"testing"

	"github.com/gomlx/gomlx/backends/simplego"
)

// TestSimpleGoInternals fails when a GoMLX upgrade changes the simplego internals the hook
// relies on (go.mod pins v0.26.0); the fast backend would then refuse to start.
func TestSimpleGoInternals(t *testing.T) {
	if err := checkInternals(); err != nil {
		t.Fatal(err)
	}
	if !hooked() {
		t.Fatal("simplego's DotGeneral executor was not replaced")
	}
	for op := range fastExecutors() {
		if simplegoExecutors[op] == nil {
			t.Errorf("simplego has no executor for %s to wrap", op)
		}
	}
}

func TestModeMarksOnlyFastBackends(t *testing.T) {
	for _, name := range kernelModes() {
		t.Run(string(name), func(t *testing.T) {
			b, err := simplego.New("")
			if err != nil {
				t.Fatal(err)
			}
			defer b.Finalize()
			sb := b.(*simplego.Backend)
			if _, ok := backendKernel(sb); ok {
				t.Fatal("a plain simplego backend reads as fast")
			}
			if err := setMode(sb, name); err != nil {
				t.Fatal(err)
			}
			if got, ok := backendKernel(sb); !ok || got != name {
				t.Errorf("backendKernel = %q, %v; want %q, true", got, ok, name)
			}
		})
	}
	if err := setMode(nil, "no-such-kernel"); err == nil {
		t.Error("setMode accepted an unknown kernel")
	}
}
