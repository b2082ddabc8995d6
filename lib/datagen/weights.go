package datagen

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/tooltune/tooltune/lib/dataset"
)

// ParseWeights reads a mix written as NAME=WEIGHT items separated by commas
// ("single=0.3,parallel=0.2"), the form in which the command-line tools take scenario and
// corpus mixes. It checks the syntax, that no name comes twice and that every weight is a
// finite number >= 0; which names exist is the caller's to check.
func ParseWeights(spec string) (map[string]float64, error) {
	if strings.TrimSpace(spec) == "" {
		return nil, fmt.Errorf("empty mix (want NAME=WEIGHT,...)")
	}
	out := map[string]float64{}
	for item := range strings.SplitSeq(spec, ",") {
		item = strings.TrimSpace(item)
		name, value, ok := strings.Cut(item, "=")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok || name == "" {
			return nil, fmt.Errorf("mix item %q is not NAME=WEIGHT", item)
		}
		w, err := strconv.ParseFloat(value, 64)
		if err != nil || math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
			return nil, fmt.Errorf("mix item %q: the weight must be a number >= 0", item)
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("mix item %q: %s is given twice", item, name)
		}
		out[name] = w
	}
	return out, nil
}

// ParseScenarioWeights reads Config.ScenarioWeights in ParseWeights's form, with the scenario
// names and the total checked as Generate checks them.
func ParseScenarioWeights(spec string) (map[string]float64, error) {
	w, err := ParseWeights(spec)
	if err != nil {
		return nil, err
	}
	if err := checkWeights(w); err != nil {
		return nil, err
	}
	return w, nil
}

// ScenarioWeightsUsage describes a flag that takes Config.ScenarioWeights in ParseWeights's
// form, with the default mix, which names every scenario.
func ScenarioWeightsUsage() string {
	w := DefaultScenarioWeights()
	items := make([]string, 0, len(w))
	for _, s := range dataset.ScenarioOrder(w) {
		items = append(items, fmt.Sprintf("%s=%g", s, w[s]))
	}
	return "scenario mix as SCENARIO=WEIGHT,... (default " + strings.Join(items, ",") + ")"
}
