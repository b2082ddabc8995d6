package eval

import (
	"math"
	"testing"

	"github.com/tooltune/tooltune/lib/dataset"
)

// handSamples scores six hand-made cases whose metrics are worked out by hand below.
//
//	A single   weather(Paris, days 2)        right                    keys 2/2
//	B single   weather(Lima, days 3)         days "3": wrong type     keys 1/2
//	C parallel weather(Rome) + stock(AAPL)   stock(MSFT), + get_news  keys 1/1 + 0/1, hallucinated
//	D no_tool  -                             prose                    no-call right
//	E clarify  -                             calls weather            no-call wrong
//	F single   stock(TSLA)                   broken JSON              keys 0/1, invalid format
func handSamples(t *testing.T) []Sample {
	withScenario := func(c Case, s string) Case { c.Scenario = s; return c }
	cases := []struct {
		c   Case
		out string
	}{
		{callCase(t, tc(t, "get_weather", `{"location": "Paris", "days": 2}`)),
			turn(block("get_weather", `{"location": "Paris", "days": 2}`))},
		{callCase(t, tc(t, "get_weather", `{"location": "Lima", "days": 3}`)),
			turn(block("get_weather", `{"location": "Lima", "days": "3"}`))},
		{withScenario(callCase(t, tc(t, "get_weather", `{"location": "Rome"}`), tc(t, "get_stock_price", `{"symbol": "AAPL"}`)), dataset.ScenarioParallel),
			turn(block("get_weather", `{"location": "Rome"}`), block("get_stock_price", `{"symbol": "MSFT"}`), block("get_news", `{}`))},
		{noCallCase(t), "Hello! What can I do for you?<|end|>"},
		{withScenario(noCallCase(t), dataset.ScenarioClarify), turn(block("get_weather", `{"location": "?"}`))},
		{callCase(t, tc(t, "get_stock_price", `{"symbol": "TSLA"}`)),
			turn(block("get_stock_price", `{"symbol": TSLA}`))},
	}
	out := make([]Sample, len(cases))
	for i, c := range cases {
		out[i] = Score(c.c, c.out)
	}
	return out
}

// wantMetrics lists expected metric values by name; a missing name means undefined (nil).
type wantMetrics map[string]float64

func checkMetrics(t *testing.T, label string, m Metrics, want wantMetrics, counts Counts) {
	t.Helper()
	for _, name := range MetricNames() {
		got, ok := m.Get(name)
		w, wantOK := want[name]
		if ok != wantOK || math.Abs(got-w) > 1e-12 {
			t.Errorf("%s %s = %v (defined %v), want %v (defined %v)", label, name, got, ok, w, wantOK)
		}
	}
	if m.Counts != counts {
		t.Errorf("%s counts\n got %+v\nwant %+v", label, m.Counts, counts)
	}
}

func TestAggregate(t *testing.T) {
	samples := handSamples(t)
	checkMetrics(t, "overall", Aggregate(samples), wantMetrics{
		"tool_call_accuracy":     3.0 / 6, // A, B, D
		"call_accuracy":          2.0 / 4, // A, B of the call cases A, B, C, F
		"parameter_accuracy":     2.0 / 5, // A and C's weather, of the calls of A, B, C (2) and F
		"parameter_key_accuracy": 4.0 / 7, // 2+1+1+0 of 2+2+2+1
		"exact_match":            2.0 / 6, // A, D
		"valid_format_rate":      5.0 / 6, // all but F
		"no_call_accuracy":       1.0 / 2, // D of D, E
		"hallucinated_tool_rate": 1.0 / 6, // C
	}, Counts{Cases: 6, CallCases: 4, NoCallCases: 2, ToolCallCorrect: 3, ExactCorrect: 2, ValidFormat: 5,
		NoCallCorrect: 1, HallucinatedCases: 1, ExpectedCalls: 5, ParamsCorrect: 2, ExpectedKeys: 7, CorrectKeys: 4,
		PredictedCalls: 6, MissingCalls: 1, ExtraCalls: 2})
}

func TestPerScenario(t *testing.T) {
	per := PerScenario(handSamples(t))
	if len(per) != 4 {
		t.Errorf("%d scenarios, want single, parallel, no_tool, clarify: %v", len(per), per)
	}
	checkMetrics(t, "single", per[dataset.ScenarioSingle], wantMetrics{
		"tool_call_accuracy": 2.0 / 3, "call_accuracy": 2.0 / 3, "parameter_accuracy": 1.0 / 3, "parameter_key_accuracy": 3.0 / 5,
		"exact_match": 1.0 / 3, "valid_format_rate": 2.0 / 3, "hallucinated_tool_rate": 0,
	}, Counts{Cases: 3, CallCases: 3, ToolCallCorrect: 2, ExactCorrect: 1, ValidFormat: 2, ExpectedCalls: 3,
		ParamsCorrect: 1, ExpectedKeys: 5, CorrectKeys: 3, PredictedCalls: 2, MissingCalls: 1})
	checkMetrics(t, "clarify", per[dataset.ScenarioClarify], wantMetrics{
		"tool_call_accuracy": 0, "exact_match": 0, "valid_format_rate": 1, "no_call_accuracy": 0, "hallucinated_tool_rate": 0,
	}, Counts{Cases: 1, NoCallCases: 1, ValidFormat: 1, PredictedCalls: 1, ExtraCalls: 1})
}

func TestPerScenarioUnspecified(t *testing.T) {
	c := callCase(t, tc(t, "get_stock_price", `{"symbol": "AAPL"}`))
	c.Scenario = ""
	per := PerScenario([]Sample{Score(c, turn(block("get_stock_price", `{"symbol": "aapl"}`)))})
	if m, ok := per["unspecified"]; !ok || m.Counts.ExactCorrect != 1 || len(per) != 1 {
		t.Errorf("per scenario %+v, want one exact case under \"unspecified\"", per)
	}
}

func TestPerTool(t *testing.T) {
	per := PerTool(handSamples(t))
	if len(per) != 2 {
		t.Errorf("%d tools, want get_weather and get_stock_price (no-call cases and extra calls belong to none): %v", len(per), per)
	}
	checkMetrics(t, "get_weather", per["get_weather"], wantMetrics{
		"tool_call_accuracy": 2.0 / 3, "call_accuracy": 2.0 / 3, "parameter_accuracy": 2.0 / 3, "parameter_key_accuracy": 4.0 / 5,
		"exact_match": 1.0 / 3, "valid_format_rate": 1, "hallucinated_tool_rate": 1.0 / 3,
	}, Counts{Cases: 3, CallCases: 3, ToolCallCorrect: 2, ExactCorrect: 1, ValidFormat: 3, HallucinatedCases: 1,
		ExpectedCalls: 3, ParamsCorrect: 2, ExpectedKeys: 5, CorrectKeys: 4, PredictedCalls: 3})
	checkMetrics(t, "get_stock_price", per["get_stock_price"], wantMetrics{
		"tool_call_accuracy": 0, "call_accuracy": 0, "parameter_accuracy": 0, "parameter_key_accuracy": 0,
		"exact_match": 0, "valid_format_rate": 1.0 / 2, "hallucinated_tool_rate": 1.0 / 2,
	}, Counts{Cases: 2, CallCases: 2, ValidFormat: 1, HallucinatedCases: 1,
		ExpectedCalls: 2, ExpectedKeys: 2, PredictedCalls: 1, MissingCalls: 1})
}

func TestAggregateEmpty(t *testing.T) {
	checkMetrics(t, "empty", Aggregate(nil), wantMetrics{}, Counts{})
	if _, ok := (Metrics{}).Get("no_such_metric"); ok {
		t.Error("Get of an unknown metric reported a value")
	}
}

func TestFractionMatchesMetrics(t *testing.T) {
	c := Counts{Cases: 10, CallCases: 6, NoCallCases: 4, ToolCallCorrect: 7, ExactCorrect: 5, ValidFormat: 9, NoCallCorrect: 3,
		HallucinatedCases: 1, ExpectedCalls: 8, ParamsCorrect: 6, ExpectedKeys: 12, CorrectKeys: 11}
	m := c.Metrics()
	for _, name := range MetricNames() {
		num, den, ok := c.Fraction(name)
		got, defined := m.Get(name)
		if !ok || !defined || got != float64(num)/float64(den) {
			t.Errorf("%s: Fraction %d/%d (ok %v), Metrics %v (defined %v)", name, num, den, ok, got, defined)
		}
	}
	if _, _, ok := c.Fraction("nosuch"); ok {
		t.Error("Fraction of an unknown metric is ok")
	}
}
