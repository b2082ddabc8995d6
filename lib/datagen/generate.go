package datagen

import (
	"fmt"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// CallIntro is what an assistant turn with tool calls says, as in the original ToolTune data.
const CallIntro = "I'll help you with that."

// Generate builds cfg.NumExamples conversations. It fails, naming the example, if a call it
// built does not satisfy its tool's schema, if an executor fails where it should succeed (or
// succeeds where the scenario needs a failure), or if a result lacks a field an answer reads:
// all of these are bugs, never properties of the data.
func Generate(cfg Config) ([]dataset.Example, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	g, err := newGenerator(cfg)
	if err != nil {
		return nil, err
	}
	out := make([]dataset.Example, cfg.NumExamples)
	for i := range out {
		ex, err := g.example(i)
		if err != nil {
			return nil, fmt.Errorf("datagen: example %d: %w", i, err)
		}
		out[i] = ex
	}
	return out, nil
}

// generator holds what every example of one Generate call shares.
type generator struct {
	cfg   Config
	pools *pools
	// gens are the tool generators whose tools the registry has, with an executor.
	gens   []toolGen
	byName map[string]*toolGen
	chains []chain
	errs   []errorCase
	// scenarios and cumulative weights, in dataset.Scenarios() order.
	scenarios []string
	cumWeight []float64
}

// allGens lists the generator of every built-in tool, in TOOLS.md order.
func allGens() []toolGen {
	return []toolGen{
		weatherGen(), forecastGen(), calculateGen(), convertUnitsGen(), convertCurrencyGen(),
		webSearchGen(), createEventGen(), listEventsGen(), sendEmailGen(), stockGen(),
		translateGen(), directionsGen(), nearbyGen(), reminderGen(), timeGen(), newsGen(),
		flightsGen(), restaurantGen(), musicGen(),
	}
}

func newGenerator(cfg Config) (*generator, error) {
	g := &generator{cfg: cfg, pools: newPools(cfg.ValueSplit), byName: map[string]*toolGen{}}
	for _, tg := range allGens() {
		if e, ok := cfg.Registry.Get(tg.name); ok && e.Execute != nil {
			g.gens = append(g.gens, tg)
		}
	}
	for i := range g.gens {
		g.byName[g.gens[i].name] = &g.gens[i]
	}
	for _, c := range allChains() {
		if g.byName[c.first] != nil && g.byName[c.second] != nil {
			g.chains = append(g.chains, c)
		}
	}
	for _, c := range allErrorCases() {
		for _, name := range c.tools {
			if g.byName[name] != nil {
				g.errs = append(g.errs, c)
				break
			}
		}
	}
	total := 0.0
	for _, sc := range dataset.Scenarios() {
		w := cfg.ScenarioWeights[sc]
		if w == 0 {
			continue
		}
		if err := g.supports(sc); err != nil {
			if cfg.SkipUnsupported {
				continue
			}
			return nil, err
		}
		total += w
		g.scenarios = append(g.scenarios, sc)
		g.cumWeight = append(g.cumWeight, total)
	}
	if len(g.scenarios) == 0 {
		return nil, fmt.Errorf("datagen: the registry's tools serve none of the weighted scenarios")
	}
	return g, nil
}

// supports checks that the registry has the tools a scenario needs.
func (g *generator) supports(scenario string) error {
	var ok bool
	switch scenario {
	case dataset.ScenarioSingle, dataset.ScenarioParallel, dataset.ScenarioNoTool:
		ok = len(g.gens) > 0
	case dataset.ScenarioMultiStep:
		ok = len(g.chains) > 0
	case dataset.ScenarioClarify:
		for _, tg := range g.gens {
			ok = ok || len(tg.clarify.forSplit(g.cfg.Split)) > 0
		}
	case dataset.ScenarioErrorRecovery:
		ok = len(g.errs) > 0
	}
	if !ok {
		return fmt.Errorf("datagen: scenario %q has weight > 0 but the registry has none of the built-in tools it needs (with executors)", scenario)
	}
	return nil
}

// scenario draws a scenario kind by weight.
func (g *generator) scenario(s *sampler) string {
	x := s.rng.Float64() * g.cumWeight[len(g.cumWeight)-1]
	for i, c := range g.cumWeight {
		if x < c {
			return g.scenarios[i]
		}
	}
	return g.scenarios[len(g.scenarios)-1]
}

// example builds example i: its own sampler, a scenario, the conversation, the tool list.
func (g *generator) example(i int) (dataset.Example, error) {
	s := newSampler(g.cfg.Seed, i, g.cfg.Split, g.pools)
	b := &builder{g: g, s: s}
	sc := g.scenario(s)
	var err error
	switch sc {
	case dataset.ScenarioSingle:
		err = b.single()
	case dataset.ScenarioParallel:
		err = b.parallel()
	case dataset.ScenarioMultiStep:
		err = b.multiStep()
	case dataset.ScenarioNoTool:
		err = b.noTool()
	case dataset.ScenarioClarify:
		err = b.clarify()
	case dataset.ScenarioErrorRecovery:
		err = b.errorRecovery()
	}
	if err != nil {
		return dataset.Example{}, fmt.Errorf("%s: %w", sc, err)
	}
	return b.finish(sc), nil
}

// entry returns the registry entry of a tool.
func (g *generator) entry(name string) (*tools.Entry, error) {
	e, ok := g.cfg.Registry.Get(name)
	if !ok || e.Execute == nil {
		return nil, fmt.Errorf("tool %q is not in the registry or has no executor", name)
	}
	return e, nil
}
