package datagen

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"negative count", func(c *Config) { c.NumExamples = -1 }, "NumExamples is -1"},
		{"unknown split", func(c *Config) { c.Split = "test" }, `Split is "test"`},
		{"unknown scenario", func(c *Config) { c.ScenarioWeights = map[string]float64{"chat": 1} }, `unknown scenario "chat"`},
		{"negative weight", func(c *Config) { c.ScenarioWeights = map[string]float64{dataset.ScenarioSingle: -1} }, "want a finite weight >= 0"},
		{"NaN weight", func(c *Config) { c.ScenarioWeights = map[string]float64{dataset.ScenarioSingle: math.NaN()} }, "want a finite weight >= 0"},
		{"all zero", func(c *Config) { c.ScenarioWeights = map[string]float64{dataset.ScenarioSingle: 0} }, "all zero"},
		{"negative tools", func(c *Config) { c.ToolsPerExample = -2 }, "ToolsPerExample is -2"},
		{"noise above 1", func(c *Config) { c.Noise = 1.5 }, "Noise is 1.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.NumExamples = 5
			tt.change(&cfg)
			_, err := Generate(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// The zero Config gets the defaults: train split, default weights, built-in tools.
func TestZeroConfigDefaults(t *testing.T) {
	ex, err := Generate(Config{NumExamples: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) != 20 {
		t.Fatalf("got %d examples", len(ex))
	}
	if problems := dataset.Validate("zero", ex); len(problems) > 0 {
		t.Fatal(problems[0])
	}
}

func TestRegistrySubset(t *testing.T) {
	reg, err := tools.Builtins().Subset("get_current_weather", "get_weather_forecast", "get_stock_price")
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.NumExamples, cfg.Registry = 200, reg
	cfg.ScenarioWeights = map[string]float64{dataset.ScenarioSingle: 1, dataset.ScenarioParallel: 1, dataset.ScenarioNoTool: 1, dataset.ScenarioClarify: 1, dataset.ScenarioErrorRecovery: 1}
	ex, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range ex {
		if len(e.Tools) > 3 {
			t.Fatalf("example %d offers %d tools from a registry of 3", i, len(e.Tools))
		}
		for _, tool := range e.Tools {
			if _, ok := reg.Get(tool.Name); !ok {
				t.Fatalf("example %d offers %s, not in the registry", i, tool.Name)
			}
		}
	}
	// Multi-step chains need pairs of tools this registry lacks.
	cfg.ScenarioWeights = map[string]float64{dataset.ScenarioMultiStep: 1}
	if _, err := Generate(cfg); err == nil || !strings.Contains(err.Error(), `scenario "multi_step"`) {
		t.Fatalf("err = %v, want a multi_step error", err)
	}
	// SkipUnsupported drops what the tools cannot serve, and fails when nothing is left.
	cfg.SkipUnsupported = true
	if _, err := Generate(cfg); err == nil || !strings.Contains(err.Error(), "none of the weighted scenarios") {
		t.Fatalf("err = %v, want a no-scenario error", err)
	}
	cfg.ScenarioWeights = DefaultScenarioWeights()
	ex, err = Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	st := dataset.Stats(ex)
	if st.ByScenario[dataset.ScenarioMultiStep] != 0 {
		t.Errorf("%d multi-step examples from tools that do not chain", st.ByScenario[dataset.ScenarioMultiStep])
	}
	for _, sc := range []string{dataset.ScenarioSingle, dataset.ScenarioParallel, dataset.ScenarioNoTool, dataset.ScenarioClarify, dataset.ScenarioErrorRecovery} {
		if st.ByScenario[sc] == 0 {
			t.Errorf("no %s examples with SkipUnsupported", sc)
		}
	}
}

// Tools without executors (as loaded from a schema file) can only be distractors.
func TestRegistryWithoutExecutors(t *testing.T) {
	reg := tools.NewRegistry()
	for _, e := range tools.Builtins().Entries() {
		if err := reg.Add(tools.Entry{Tool: e.Tool, Domain: e.Domain}); err != nil {
			t.Fatal(err)
		}
	}
	cfg := DefaultConfig()
	cfg.NumExamples, cfg.Registry = 10, reg
	if _, err := Generate(cfg); err == nil || !strings.Contains(err.Error(), "no executor") && !strings.Contains(err.Error(), "none of the built-in tools") {
		t.Fatalf("err = %v, want an error about missing executors", err)
	}
}

// A custom tool is offered as a distractor and described by its description.
func TestCustomToolAsDistractor(t *testing.T) {
	reg := tools.Builtins()
	custom := tools.Tool{Name: "order_pizza", Description: "Order a pizza for delivery.", Parameters: tools.Schema{Type: tools.TypeObject}}
	if err := reg.Add(tools.Entry{Tool: custom, Domain: "food"}); err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.NumExamples, cfg.Registry, cfg.ToolsPerExample = 300, reg, 20
	ex, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range ex {
		offered := false
		for _, tool := range e.Tools {
			offered = offered || tool.Name == "order_pizza"
		}
		if !offered {
			t.Fatalf("example %d does not offer order_pizza although every tool fits in the list", i)
		}
	}
}

// An executor that breaks is reported with the example and the tool, not written as data.
func TestExecutorFailureIsReported(t *testing.T) {
	reg := tools.NewRegistry()
	weather, _ := tools.Builtins().Get("get_current_weather")
	broken := func(map[string]any) (map[string]any, error) { return nil, errors.New("service down") }
	if err := reg.Add(tools.Entry{Tool: weather.Tool, Domain: weather.Domain, Execute: broken}); err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.NumExamples, cfg.Registry = 5, reg
	cfg.ScenarioWeights = map[string]float64{dataset.ScenarioSingle: 1}
	_, err := Generate(cfg)
	if err == nil || !strings.Contains(err.Error(), "example 0") || !strings.Contains(err.Error(), "get_current_weather") || !strings.Contains(err.Error(), "service down") {
		t.Fatalf("err = %v, want one naming example 0, the tool and the cause", err)
	}
}

// A result missing a field an answer reads fails Generate instead of writing wrong prose.
func TestChangedResultIsReported(t *testing.T) {
	reg := tools.NewRegistry()
	stock, _ := tools.Builtins().Get("get_stock_price")
	partial := func(args map[string]any) (map[string]any, error) {
		return map[string]any{"symbol": args["symbol"]}, nil
	}
	if err := reg.Add(tools.Entry{Tool: stock.Tool, Domain: stock.Domain, Execute: partial}); err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.NumExamples, cfg.Registry = 5, reg
	cfg.ScenarioWeights = map[string]float64{dataset.ScenarioSingle: 1}
	_, err := Generate(cfg)
	if err == nil || !strings.Contains(err.Error(), "get_stock_price result: field") {
		t.Fatalf("err = %v, want a missing-field error", err)
	}
}
