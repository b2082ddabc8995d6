package eval

import (
	"slices"
)

// Counts are the tallies every metric is a ratio of (see the package documentation).
type Counts struct {
	Cases             int `json:"cases"`
	CallCases         int `json:"call_cases"`
	NoCallCases       int `json:"no_call_cases"`
	ToolCallCorrect   int `json:"tool_call_correct"`
	ExactCorrect      int `json:"exact_correct"`
	ValidFormat       int `json:"valid_format"`
	NoCallCorrect     int `json:"no_call_correct"`
	HallucinatedCases int `json:"hallucinated_cases"`
	// ExpectedCalls and ParamsCorrect count expected calls of call cases, the latter those
	// paired with all parameters right.
	ExpectedCalls int `json:"expected_calls"`
	ParamsCorrect int `json:"params_correct"`
	// ExpectedKeys counts the parameters of those expected calls, CorrectKeys the right ones.
	ExpectedKeys int `json:"expected_keys"`
	CorrectKeys  int `json:"correct_keys"`
	// PredictedCalls are the well-formed calls made; MissingCalls the expected calls left
	// unpaired, ExtraCalls the predicted calls left unpaired.
	PredictedCalls int `json:"predicted_calls"`
	MissingCalls   int `json:"missing_calls"`
	ExtraCalls     int `json:"extra_calls"`
}

// Metrics are the ratios of one set of cases plus the counts behind them. A ratio whose
// denominator is zero is nil (null in JSON): a checkpoint evaluated on no no-call case has no
// no-call accuracy, which is different from an accuracy of 0.
type Metrics struct {
	ToolCallAccuracy     *float64 `json:"tool_call_accuracy"`
	CallAccuracy         *float64 `json:"call_accuracy"`
	ParameterAccuracy    *float64 `json:"parameter_accuracy"`
	ParameterKeyAccuracy *float64 `json:"parameter_key_accuracy"`
	ExactMatch           *float64 `json:"exact_match"`
	ValidFormatRate      *float64 `json:"valid_format_rate"`
	NoCallAccuracy       *float64 `json:"no_call_accuracy"`
	HallucinatedToolRate *float64 `json:"hallucinated_tool_rate"`
	Counts               Counts   `json:"counts"`
}

// Metrics computes the ratios of the counts.
func (c Counts) Metrics() Metrics {
	r := func(name string) *float64 {
		num, den, _ := c.Fraction(name)
		return ratio(num, den)
	}
	return Metrics{
		ToolCallAccuracy:     r("tool_call_accuracy"),
		CallAccuracy:         r("call_accuracy"),
		ParameterAccuracy:    r("parameter_accuracy"),
		ParameterKeyAccuracy: r("parameter_key_accuracy"),
		ExactMatch:           r("exact_match"),
		ValidFormatRate:      r("valid_format_rate"),
		NoCallAccuracy:       r("no_call_accuracy"),
		HallucinatedToolRate: r("hallucinated_tool_rate"),
		Counts:               c,
	}
}

// Fraction returns the counts the metric called name (one of MetricNames) is the ratio of:
// the one place that says which numerator goes over which denominator. ok is false for an
// unknown name.
func (c Counts) Fraction(name string) (num, den int, ok bool) {
	switch name {
	case "tool_call_accuracy":
		return c.ToolCallCorrect, c.Cases, true
	case "call_accuracy":
		// On a no-call case the tool_call verdict is the no_call verdict, so the call cases
		// with the right tool names are the tool_call cases less the no_call ones.
		return c.ToolCallCorrect - c.NoCallCorrect, c.CallCases, true
	case "parameter_accuracy":
		return c.ParamsCorrect, c.ExpectedCalls, true
	case "parameter_key_accuracy":
		return c.CorrectKeys, c.ExpectedKeys, true
	case "exact_match":
		return c.ExactCorrect, c.Cases, true
	case "valid_format_rate":
		return c.ValidFormat, c.Cases, true
	case "no_call_accuracy":
		return c.NoCallCorrect, c.NoCallCases, true
	case "hallucinated_tool_rate":
		return c.HallucinatedCases, c.Cases, true
	}
	return 0, 0, false
}

func ratio(num, den int) *float64 {
	if den == 0 {
		return nil
	}
	r := float64(num) / float64(den)
	return &r
}

// MetricNames lists the metrics in the order reports show them.
func MetricNames() []string {
	return []string{"tool_call_accuracy", "call_accuracy", "parameter_accuracy", "parameter_key_accuracy", "exact_match",
		"valid_format_rate", "no_call_accuracy", "hallucinated_tool_rate"}
}

// Get returns the metric called name (one of MetricNames); ok is false when the name is
// unknown or the metric is undefined (zero denominator).
func (m Metrics) Get(name string) (value float64, ok bool) {
	var p *float64
	switch name {
	case "tool_call_accuracy":
		p = m.ToolCallAccuracy
	case "call_accuracy":
		p = m.CallAccuracy
	case "parameter_accuracy":
		p = m.ParameterAccuracy
	case "parameter_key_accuracy":
		p = m.ParameterKeyAccuracy
	case "exact_match":
		p = m.ExactMatch
	case "valid_format_rate":
		p = m.ValidFormatRate
	case "no_call_accuracy":
		p = m.NoCallAccuracy
	case "hallucinated_tool_rate":
		p = m.HallucinatedToolRate
	}
	if p == nil {
		return 0, false
	}
	return *p, true
}

// add adds b's counts to c.
func (c *Counts) add(b Counts) {
	c.Cases += b.Cases
	c.CallCases += b.CallCases
	c.NoCallCases += b.NoCallCases
	c.ToolCallCorrect += b.ToolCallCorrect
	c.ExactCorrect += b.ExactCorrect
	c.ValidFormat += b.ValidFormat
	c.NoCallCorrect += b.NoCallCorrect
	c.HallucinatedCases += b.HallucinatedCases
	c.ExpectedCalls += b.ExpectedCalls
	c.ParamsCorrect += b.ParamsCorrect
	c.ExpectedKeys += b.ExpectedKeys
	c.CorrectKeys += b.CorrectKeys
	c.PredictedCalls += b.PredictedCalls
	c.MissingCalls += b.MissingCalls
	c.ExtraCalls += b.ExtraCalls
}

// Aggregate computes the metrics over all samples.
func Aggregate(samples []Sample) Metrics {
	var c Counts
	for i := range samples {
		c.add(sampleCounts(&samples[i], allTools))
	}
	return c.Metrics()
}

// PerScenario computes the metrics of each scenario's samples; samples without a scenario are
// grouped under "unspecified".
func PerScenario(samples []Sample) map[string]Metrics {
	counts := map[string]*Counts{}
	for i := range samples {
		key := samples[i].Scenario
		if key == "" {
			key = "unspecified"
		}
		tally(counts, key).add(sampleCounts(&samples[i], allTools))
	}
	return toMetrics(counts)
}

// PerTool computes, for every tool some sample expects a call to, the metrics restricted to
// that tool (see the package documentation).
func PerTool(samples []Sample) map[string]Metrics {
	counts := map[string]*Counts{}
	for i := range samples {
		for _, name := range expectedTools(&samples[i]) {
			tally(counts, name).add(sampleCounts(&samples[i], name))
		}
	}
	return toMetrics(counts)
}

func tally(m map[string]*Counts, key string) *Counts {
	if m[key] == nil {
		m[key] = &Counts{}
	}
	return m[key]
}

func toMetrics(counts map[string]*Counts) map[string]Metrics {
	out := make(map[string]Metrics, len(counts))
	for k, c := range counts {
		out[k] = c.Metrics()
	}
	return out
}

// expectedTools lists the distinct tools a sample expects calls to.
func expectedTools(s *Sample) []string {
	var names []string
	for _, c := range s.Expected {
		if !slices.Contains(names, c.Name) {
			names = append(names, c.Name)
		}
	}
	return names
}

// allTools, as the tool filter of sampleCounts, counts the calls to every tool.
const allTools = ""

// sampleCounts tallies one sample. Call counts cover only the calls to tool, unless tool is
// allTools.
func sampleCounts(s *Sample, tool string) Counts {
	v := &s.Verdicts
	c := Counts{Cases: 1}
	c.ToolCallCorrect = b2i(v.ToolCall)
	c.ExactCorrect = b2i(v.Exact)
	c.ValidFormat = b2i(v.ValidFormat)
	c.HallucinatedCases = b2i(v.Hallucinated)
	if len(s.Expected) == 0 {
		c.NoCallCases = 1
		c.NoCallCorrect = b2i(v.NoCall != nil && *v.NoCall)
	} else {
		c.CallCases = 1
	}
	counts := func(name string) bool { return tool == allTools || name == tool }
	for _, p := range s.ParsedCalls {
		c.PredictedCalls += b2i(counts(p.Name))
	}
	for _, cv := range v.Calls {
		if !counts(cv.Tool) {
			continue
		}
		switch {
		case cv.Expected < 0:
			c.ExtraCalls++
		default:
			c.ExpectedCalls++
			c.ExpectedKeys += cv.Keys
			c.CorrectKeys += cv.CorrectKeys
			c.ParamsCorrect += b2i(cv.OK)
			c.MissingCalls += b2i(cv.Predicted < 0)
		}
	}
	return c
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
