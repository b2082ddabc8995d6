package datagen

import (
	"maps"
	"strings"
	"testing"
)

func TestParseScenarioWeights(t *testing.T) {
	tests := []struct {
		spec string
		want map[string]float64
		err  string // a part of the error; "" for none
	}{
		{"single=0.3,parallel=0.2", map[string]float64{"single": 0.3, "parallel": 0.2}, ""},
		{" single = 1 , no_tool=0 ", map[string]float64{"single": 1, "no_tool": 0}, ""},
		{"", nil, "empty mix"},
		{"single", nil, `"single" is not NAME=WEIGHT`},
		{"=1", nil, `"=1" is not NAME=WEIGHT`},
		{"single=x", nil, "must be a number >= 0"},
		{"single=-1", nil, "must be a number >= 0"},
		{"single=NaN", nil, "must be a number >= 0"},
		{"single=Inf", nil, "must be a number >= 0"},
		{"single=1,single=2", nil, "single is given twice"},
		{"poetry=1", nil, `unknown scenario "poetry"`},
		{"single=0,clarify=0", nil, "all zero"},
	}
	for _, tc := range tests {
		got, err := ParseScenarioWeights(tc.spec)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%q: %v", tc.spec, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: err = %v, want one with %q", tc.spec, err, tc.err)
		case tc.err == "" && !maps.Equal(got, tc.want):
			t.Errorf("%q = %v, want %v", tc.spec, got, tc.want)
		}
	}
}

// TestScenarioWeightsUsageShowsTheDefault: the mix the usage text names is the default, in
// the form the flag takes.
func TestScenarioWeightsUsageShowsTheDefault(t *testing.T) {
	usage := ScenarioWeightsUsage()
	_, rest, ok := strings.Cut(usage, "(default ")
	mix, _, closed := strings.Cut(rest, ")")
	if !ok || !closed {
		t.Fatalf("usage %q names no default", usage)
	}
	got, err := ParseScenarioWeights(mix)
	if err != nil || !maps.Equal(got, DefaultScenarioWeights()) {
		t.Errorf("the usage's mix %q parses to %v (%v), want %v", mix, got, err, DefaultScenarioWeights())
	}
}
