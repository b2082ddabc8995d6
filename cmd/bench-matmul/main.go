// Command bench-matmul measures what lib/fastcpu buys: float32 matrix products through a
// compiled GoMLX graph, a LoRA training step and greedy decoding of the d256/4-layer model,
// each on plain simplego and on the fastgo backend, next to the same work in PyTorch
// (shared/bench/torch_lora_bench.py, run when present). It prints one table of medians with
// ratios. With -rounds N it measures everything N times, Go and PyTorch in turn, prints each
// round's table and then every ratio to PyTorch round by round with its median: on a shared
// machine one sitting's PyTorch figures move by up to 40%, and a ratio taken from a single
// sitting says as much about the neighbours as about the code.
//
// Run it alone on the machine, under the shared lock:
//
//	flock /tmp/bench.lock go run ./cmd/bench-matmul
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/gomlx/gomlx/backends"
	"github.com/gomlx/gomlx/backends/simplego"

	"github.com/tooltune/tooltune/lib/fastcpu"
)

// config holds the command-line settings.
type config struct {
	reps        int
	rounds      int
	matmulTime  time.Duration
	python      string
	torchScript string
	measure     map[string]bool
	skipTorch   bool
	only        string
	cpuProfile  string
}

func parseFlags() config {
	var c config
	flag.IntVar(&c.reps, "reps", 5, "timed repetitions of each model measurement (median reported)")
	flag.IntVar(&c.rounds, "rounds", 1, "measure everything this many times, Go and PyTorch in turn, and report each ratio to PyTorch per round with its median")
	flag.DurationVar(&c.matmulTime, "matmul-time", 2*time.Second, "time spent timing each matrix product size")
	flag.StringVar(&c.python, "python", "/usr/bin/python3", "Python interpreter with torch (Debian's python3-torch)")
	flag.StringVar(&c.torchScript, "torch-script", "", "path of torch_lora_bench.py (default: searched in ../shared/bench and /work/shared/bench)")
	measure := flag.String("measure", "matmul,train,decode", "comma-separated measurements to run: matmul, train, decode")
	flag.BoolVar(&c.skipTorch, "skip-torch", false, "do not run the PyTorch reference")
	flag.StringVar(&c.only, "backend", "", "semicolon-separated backend configurations to measure instead of simplego and fastgo (e.g. \"fastgo:kernel=avx2;fastgo:kernel=avx512\")")
	flag.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the Go measurements to this file")
	flag.Parse()
	c.measure = map[string]bool{}
	for _, m := range strings.Split(*measure, ",") {
		c.measure[strings.TrimSpace(m)] = true
	}
	return c
}

// backendConfigs are the backends compared: stock simplego with unlimited op parallelism (its
// fastest setting), fastgo in its recommended configuration, and fastgo handing products to
// OpenBLAS (measured only in binaries built with -tags openblas).
func backendConfigs() []string {
	return []string{simplego.BackendName + ":parallelism=-1", fastcpu.DefaultConfig, fastcpu.DefaultConfig + ",kernel=openblas"}
}

func main() {
	cfg := parseFlags()
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "bench-matmul:", err)
		os.Exit(1)
	}
}

func run(cfg config) error {
	if cfg.rounds < 1 {
		return fmt.Errorf("-rounds must be at least 1, got %d", cfg.rounds)
	}
	configs := backendConfigs()
	if cfg.only != "" {
		configs = strings.Split(cfg.only, ";")
	}
	stop, err := startProfile(cfg.cpuProfile)
	if err != nil {
		return err
	}
	defer stop()
	var rounds []*table
	for r := 1; r <= cfg.rounds; r++ {
		if cfg.rounds > 1 {
			fmt.Printf("\nround %d of %d\n", r, cfg.rounds)
		}
		t, err := measureRound(cfg, configs)
		if err != nil {
			return err
		}
		t.print(os.Stdout)
		rounds = append(rounds, t)
	}
	if cfg.rounds > 1 {
		fmt.Println()
		printRoundRatios(os.Stdout, rounds)
	}
	return nil
}

// measureRound measures every backend and then PyTorch once, into a new table.
func measureRound(cfg config, configs []string) (*table, error) {
	t := newTable(configs)
	fmt.Printf("load average at start: %s\n", loadAverage())
	for _, bc := range configs {
		b, err := backends.NewWithConfig(bc)
		if err != nil && strings.Contains(bc, "openblas") {
			fmt.Printf("%s skipped: %v\n", bc, err)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("backend %q: %w", bc, err)
		}
		if k, ok := fastcpu.KernelOf(b); ok {
			fmt.Printf("%s: kernel %s\n", bc, k)
		}
		if err := measureBackend(b, bc, cfg, t); err != nil {
			return nil, fmt.Errorf("backend %q: %w", bc, err)
		}
		b.Finalize()
	}
	if !cfg.skipTorch {
		if err := measureTorch(cfg, t); err != nil {
			fmt.Fprintf(os.Stderr, "PyTorch reference not measured: %v\n", err)
		}
	}
	fmt.Printf("load average at end: %s\n", loadAverage())
	return t, nil
}

// measureBackend fills the backend's column of t.
func measureBackend(b backends.Backend, name string, cfg config, t *table) error {
	for _, n := range matmulSizes() {
		if !cfg.measure["matmul"] {
			break
		}
		gflops, err := matmulGFlops(b, n, cfg.matmulTime)
		if err != nil {
			return err
		}
		t.set(matmulRow(n), name, gflops)
	}
	if cfg.measure["train"] {
		step, err := loraStepTokensPerSecond(b, cfg.reps)
		if err != nil {
			return fmt.Errorf("LoRA step: %w", err)
		}
		t.set(rowTrain, name, step)
	}
	if cfg.measure["decode"] {
		decode, err := decodeTokensPerSecond(b, cfg.reps)
		if err != nil {
			return fmt.Errorf("decode: %w", err)
		}
		t.set(rowDecode, name, decode)
	}
	return nil
}

func matmulSizes() []int { return []int{256, 512, 1024} }

// median returns the median of xs (xs is reordered).
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// startProfile starts a CPU profile into path (none when path is empty) and returns the
// function that stops it.
func startProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("creating CPU profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("starting CPU profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return string(data[:len(data)-1])
}
