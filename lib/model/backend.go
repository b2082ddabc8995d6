package model

import (
	"fmt"
	"os"

	"github.com/gomlx/gomlx/backends"
	_ "github.com/gomlx/gomlx/backends/simplego" // the pure-Go backend, always available
	"github.com/tooltune/tooltune/lib/fastcpu"   // registers "fastgo": simplego with fast kernels
)

// SafeSimpleGoConfig is the pure-Go backend configuration used when nothing else is chosen:
// lib/fastcpu's "fastgo" (simplego with fast matrix and elementwise kernels, 4 to 19 times
// faster on training steps here) with ops run one at a time.
//
// simplego's default runs independent ops concurrently on a bounded worker pool, and its
// matrix products wait for workers of the same pool from inside those ops: on a 2-core machine
// training stalls at 0% CPU after a step or two (TestTrainingLoopFinishes times out with
// GOMLX_BACKEND=go). Running ops one at a time ("ops_sequential") removes the nested wait, and
// with it the data race the race detector reports in simplego's concurrent op scheduler; the
// products and fastgo's elementwise ops still use every core. ("parallelism=-1", an unbounded
// pool, also avoids the stall, but keeps the race, prints a line to stdout and was 1.35 to 1.4
// times slower with fastgo.)
const SafeSimpleGoConfig = fastcpu.DefaultConfig

// NewBackend returns the GoMLX backend to run models on:
//
//   - $GOMLX_BACKEND, when set, exactly as GoMLX interprets it (e.g. "xla:cuda", "go");
//   - else XLA when a PJRT plugin is already installed (preferring cuda over cpu) and the
//     binary was built with XLA support; nothing is ever downloaded;
//   - else the pure-Go backend with SafeSimpleGoConfig (fastgo).
func NewBackend() (backends.Backend, error) {
	if config, ok := os.LookupEnv(backends.ConfigEnvVar); ok && config != "" {
		return newBackendWithConfig(config)
	}
	if config, ok := installedXLAConfig(); ok {
		if b, err := newBackendWithConfig(config); err == nil {
			return b, nil
		}
	}
	return newBackendWithConfig(SafeSimpleGoConfig)
}

// newBackendWithConfig turns GoMLX's panics on unknown backend names into errors.
func newBackendWithConfig(config string) (b backends.Backend, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("creating GoMLX backend %q: %v", config, r)
		}
	}()
	b, err = backends.NewWithConfig(config)
	if err != nil {
		return nil, fmt.Errorf("creating GoMLX backend %q: %w", config, err)
	}
	return b, nil
}

// DescribeBackend names a backend for logs and model cards, with the matrix kernel when it is
// lib/fastcpu's ("fastgo (avx512 kernel)"), since fastgo reports simplego's own name.
func DescribeBackend(b backends.Backend) string {
	if kernel, ok := fastcpu.KernelOf(b); ok {
		return fmt.Sprintf("%s (%s kernel)", fastcpu.BackendName, kernel)
	}
	return b.Name() + " (" + b.Description() + ")"
}

// CompilesAreCostly reports whether b turns each new input shape into a program at a cost of
// seconds (XLA: on an H200 a LoRA training step of the tiny model took ~10 s to compile, and
// with lengths rounded to 32 tokens nearly every step of a short run was a new shape), so
// callers should round lengths to coarse buckets. The pure-Go backend builds a program in
// milliseconds, where fine buckets waste less compute on padding.
func CompilesAreCostly(b backends.Backend) bool { return b != nil && b.Name() == "xla" }
