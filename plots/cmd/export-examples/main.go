// Command export-examples writes every chart of the plots package, built from sample data, as
// HTML, PNG and SVG files, so that a person can open them and check how they look:
//
//	go run ./plots/cmd/export-examples --out build/charts
//
// The scenario and tool mixes come from a generated data set; the other charts use made-up
// but plausible numbers (a decaying loss, a warm-up-then-cosine learning rate, accuracies that
// grow with training), since they stand for results of stages that produce them elsewhere.
package main

import (
	"cmp"
	"flag"
	"fmt"
	"log"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/datagen"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/plots"
)

func main() {
	out := flag.String("out", "build/charts", "directory to write the charts to")
	formats := flag.String("formats", "html,png,svg", "comma-separated formats to write: html, png, svg")
	examples := flag.Int("examples", 400, "number of generated examples behind the data charts")
	flag.Parse()
	if err := run(*out, strings.Split(*formats, ","), *examples); err != nil {
		log.Fatal(err)
	}
}

// namedChart is a chart and the base name of its files.
type namedChart struct {
	name  string
	chart plots.Chart
}

func run(out string, formats []string, numExamples int) error {
	for _, f := range formats {
		if f != "html" && f != "png" && f != "svg" {
			return fmt.Errorf("unknown format %q (want html, png or svg)", f)
		}
	}
	cs, err := sampleCharts(numExamples)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, f := range formats {
		if err := save(cs, out, f); err != nil {
			return err
		}
	}
	return nil
}

// save writes every chart in one format and prints how long each took. PNGs are written in
// one batch, with one browser, so their time is the batch's average.
func save(cs []namedChart, out, format string) error {
	paths := make([]string, len(cs))
	for i, c := range cs {
		paths[i] = filepath.Join(out, c.name+"."+format)
	}
	if format == "png" {
		charts := make([]plots.Chart, len(cs))
		for i, c := range cs {
			charts[i] = c.chart
		}
		start := time.Now()
		if err := (plots.Exporter{}).SavePNGs(charts, paths); err != nil {
			return err
		}
		each := time.Since(start) / time.Duration(len(cs))
		for _, p := range paths {
			fmt.Printf("%-45s %6.2fs (batch average)\n", p, each.Seconds())
		}
		return nil
	}
	saveOne := map[string]func(plots.Chart, string) error{"html": plots.SaveHTML, "svg": plots.SaveSVG}[format]
	for i, c := range cs {
		start := time.Now()
		if err := saveOne(c.chart, paths[i]); err != nil {
			return fmt.Errorf("%s: %w", paths[i], err)
		}
		fmt.Printf("%-45s %6.2fs\n", paths[i], time.Since(start).Seconds())
	}
	return nil
}

// sampleCharts builds every chart from sample data.
func sampleCharts(numExamples int) ([]namedChart, error) {
	cfg := datagen.DefaultConfig()
	cfg.NumExamples = numExamples
	exs, err := datagen.Generate(cfg)
	if err != nil {
		return nil, err
	}
	stats := dataset.Stats(exs)
	lengths, err := approxTokenLengths(exs)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(7, 11))
	train, eval, lr := sampleTraining(rng)
	steps, metrics := sampleAccuracy()
	toolNames, checkpoints, perTool := samplePerTool(rng, stats)
	expected, predicted, counts := sampleConfusion(rng, toolNames[:6])

	var cs []namedChart
	add := func(name string, c plots.Chart, err error) error {
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		cs = append(cs, namedChart{name, c})
		return nil
	}
	scenario, err := plots.ScenarioMix(stats)
	if err := add("scenario_mix", scenario, err); err != nil {
		return nil, err
	}
	toolMix, err := plots.ToolMix(stats)
	if err := add("tool_mix", toolMix, err); err != nil {
		return nil, err
	}
	hist, err := plots.TokenLengthHistogram(lengths, 1024)
	if err := add("token_lengths", hist, err); err != nil {
		return nil, err
	}
	loss, err := plots.LossCurves(train, eval, lr)
	if err := add("loss_curves", loss, err); err != nil {
		return nil, err
	}
	acc, err := plots.AccuracyPerCheckpoint(steps, metrics)
	if err := add("accuracy_per_checkpoint", acc, err); err != nil {
		return nil, err
	}
	hm, err := plots.PerToolHeatmap(toolNames, checkpoints, perTool)
	if err := add("per_tool_accuracy", hm, err); err != nil {
		return nil, err
	}
	scenarios, perScenario := samplePerScenario(rng, checkpoints)
	shm, err := plots.PerScenarioHeatmap(scenarios, checkpoints, perScenario)
	if err := add("per_scenario_accuracy", shm, err); err != nil {
		return nil, err
	}
	conf, err := plots.ToolConfusion(expected, predicted, counts)
	if err := add("tool_confusion", conf, err); err != nil {
		return nil, err
	}
	return cs, nil
}

// approxTokenLengths renders each example with the original chat template and counts about
// one token per four characters, the usual ratio for English text with byte-level BPE: enough
// for a sample histogram, while no tokenizer ships with the repository.
func approxTokenLengths(exs []dataset.Example) ([]int, error) {
	lengths := make([]int, len(exs))
	for i, ex := range exs {
		r, err := chat.Render(ex)
		if err != nil {
			return nil, fmt.Errorf("example %d: %w", i, err)
		}
		lengths[i] = (utf8.RuneCountInString(r.Text) + 3) / 4
	}
	return lengths, nil
}

// sampleTraining makes 600 steps of a decaying, noisy training loss, an evaluation every 50
// steps and a linear warm-up then cosine decay of the learning rate.
func sampleTraining(rng *rand.Rand) (train, eval, lr []plots.Point) {
	const steps, warmup, peak = 600, 60, 2e-4
	for s := 1; s <= steps; s++ {
		base := 0.35 + 2.2*math.Exp(-float64(s)/110)
		train = append(train, plots.Point{X: float64(s), Y: base * (1 + 0.08*rng.NormFloat64())})
		if s%50 == 0 {
			eval = append(eval, plots.Point{X: float64(s), Y: base*1.08 + 0.02})
		}
		rate := peak * float64(s) / warmup
		if s > warmup {
			rate = peak * 0.5 * (1 + math.Cos(math.Pi*float64(s-warmup)/float64(steps-warmup)))
		}
		lr = append(lr, plots.Point{X: float64(s), Y: rate})
	}
	return train, eval, lr
}

// sampleAccuracy makes four accuracies over the base model (step 0) and five checkpoints.
func sampleAccuracy() ([]int, map[string][]float64) {
	steps := []int{0, 100, 200, 300, 400, 500}
	grow := func(from, to, speed float64) []float64 {
		v := make([]float64, len(steps))
		for i, s := range steps {
			v[i] = to - (to-from)*math.Exp(-float64(s)/speed)
		}
		return v
	}
	return steps, map[string][]float64{
		"tool_call_accuracy": grow(0.12, 0.94, 120),
		"parameter_accuracy": grow(0.05, 0.86, 160),
		"exact_match":        grow(0.02, 0.78, 200),
		"no_call_accuracy":   grow(0.55, 0.9, 250),
	}
}

// samplePerTool makes per-tool accuracies for the ten most called tools of stats.
func samplePerTool(rng *rand.Rand, stats dataset.Statistics) ([]string, []string, [][]float64) {
	toolNames := mostCalled(stats.CallsByTool, 10)
	checkpoints := []string{"base", "checkpoint-100", "checkpoint-200", "checkpoint-300", "checkpoint-400", "checkpoint-500"}
	values := make([][]float64, len(toolNames))
	for t := range toolNames {
		ease := 0.5 + rng.Float64()
		values[t] = make([]float64, len(checkpoints))
		for c := range checkpoints {
			values[t][c] = math.Min(1, 0.1*rng.Float64()+(1-math.Exp(-ease*float64(c)/1.5)))
		}
	}
	values[len(values)-1][0] = math.NaN() // a tool the base model was not evaluated on
	return toolNames, checkpoints, values
}

// samplePerScenario makes per-scenario accuracies that rise to different ceilings, as real
// runs do: some kinds of request are learned, others (asking for a missing value) stay low.
func samplePerScenario(rng *rand.Rand, checkpoints []string) ([]string, [][]float64) {
	scenarios := dataset.Scenarios()
	values := make([][]float64, len(scenarios))
	for s := range scenarios {
		ceiling := 0.1 + 0.9*rng.Float64()
		values[s] = make([]float64, len(checkpoints))
		for c := range checkpoints {
			values[s][c] = ceiling * (1 - math.Exp(-float64(c)/1.5))
		}
	}
	return scenarios, values
}

// mostCalled returns the n most called tools, most called first.
func mostCalled(calls map[string]int, n int) []string {
	names := slices.Collect(maps.Keys(calls))
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(calls[b], calls[a]), strings.Compare(a, b))
	})
	return names[:min(n, len(names))]
}

// sampleConfusion makes a confusion matrix over tools plus "(no call)": mostly right, with a
// few mix-ups.
func sampleConfusion(rng *rand.Rand, toolNames []string) ([]string, []string, [][]int) {
	labels := append(append([]string(nil), toolNames...), "(no call)")
	counts := make([][]int, len(labels))
	for e := range labels {
		counts[e] = make([]int, len(labels))
		counts[e][e] = 20 + rng.IntN(20)
		for range 3 {
			counts[e][rng.IntN(len(labels))] += rng.IntN(4)
		}
	}
	return labels, labels, counts
}
