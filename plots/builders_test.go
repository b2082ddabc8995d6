package plots

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/dataset"
)

// decodeOptions returns the chart's option object as generic JSON.
func decodeOptions(t *testing.T, c Chart) map[string]any {
	t.Helper()
	raw, err := Options(c)
	if err != nil {
		t.Fatalf("Options: %v", err)
	}
	var obj map[string]any
	if err := json.Unmarshal(raw, &obj); err != nil {
		t.Fatalf("options are not JSON: %v\n%s", err, raw)
	}
	return obj
}

// series returns the option's series by name.
func series(t *testing.T, obj map[string]any) map[string]map[string]any {
	t.Helper()
	list, ok := obj["series"].([]any)
	if !ok {
		t.Fatalf("options have no series list: %v", obj["series"])
	}
	out := map[string]map[string]any{}
	for _, s := range list {
		m := s.(map[string]any)
		out[m["name"].(string)] = m
	}
	return out
}

// values returns the "value" of every data item of a series.
func values(t *testing.T, s map[string]any) []any {
	t.Helper()
	data, ok := s["data"].([]any)
	if !ok {
		t.Fatalf("series %v has no data list", s["name"])
	}
	out := make([]any, len(data))
	for i, d := range data {
		out[i] = d.(map[string]any)["value"]
	}
	return out
}

// pairs turns [[x, y], ...] JSON values into points; "-" becomes NaN.
func pairs(t *testing.T, vs []any) []Point {
	t.Helper()
	out := make([]Point, len(vs))
	for i, v := range vs {
		xy := v.([]any)
		out[i].X = xy[0].(float64)
		if y, ok := xy[1].(float64); ok {
			out[i].Y = y
		} else if xy[1] == missing {
			out[i].Y = math.NaN()
		} else {
			t.Fatalf("point %d: y is %v", i, xy[1])
		}
	}
	return out
}

func samePoints(a, b []Point) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].X != b[i].X || !(a[i].Y == b[i].Y || math.IsNaN(a[i].Y) && math.IsNaN(b[i].Y)) {
			return false
		}
	}
	return true
}

func sampleStats() dataset.Statistics {
	return dataset.Statistics{
		Examples:    10,
		ToolCalls:   9,
		ByScenario:  map[string]int{dataset.ScenarioNoTool: 2, dataset.ScenarioSingle: 5, "custom": 1, "": 2},
		CallsByTool: map[string]int{"get_weather": 4, "calculate": 4, "send_email": 1},
	}
}

func TestScenarioMix(t *testing.T) {
	c, err := ScenarioMix(sampleStats())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range series(t, decodeOptions(t, c))["examples"]["data"].([]any) {
		m := d.(map[string]any)
		got = append(got, m["name"].(string)+"="+jsonNumber(m["value"]))
	}
	// Known scenarios in dataset.Scenarios() order, then the others sorted ("" before "custom").
	want := []string{"single=5", "no_tool=2", "(none)=2", "custom=1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("slices = %v, want %v", got, want)
	}
}

func jsonNumber(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}

func TestToolMix(t *testing.T) {
	c, err := ToolMix(sampleStats())
	if err != nil {
		t.Fatal(err)
	}
	obj := decodeOptions(t, c)
	yAxis := obj["yAxis"].([]any)[0].(map[string]any)
	wantNames := []any{"calculate", "get_weather", "send_email"} // by count, ties by name
	if !reflect.DeepEqual(yAxis["data"], wantNames) {
		t.Errorf("tool axis = %v, want %v", yAxis["data"], wantNames)
	}
	if got, want := values(t, series(t, obj)["calls"]), []any{4.0, 4.0, 1.0}; !reflect.DeepEqual(got, want) {
		t.Errorf("calls = %v, want %v", got, want)
	}
}

func TestTokenLengthHistogram(t *testing.T) {
	lengths := []int{0, 10, 100, 300, 511, 512, 513, 700, 900, 1400}
	c, err := TokenLengthHistogram(lengths, 512)
	if err != nil {
		t.Fatal(err)
	}
	obj := decodeOptions(t, c)
	ss := series(t, obj)
	fits, truncated := pairs(t, values(t, ss[SeriesFits])), pairs(t, values(t, ss[SeriesTruncated]))
	width := fits[1].X - fits[0].X
	if 512/int(width)*int(width) != 512 {
		t.Errorf("bin width %v does not divide the cut 512", width)
	}
	// Recount each length into its bin, independently of the builder.
	for _, n := range lengths {
		bin := int(float64(n) / width)
		if n > 512 {
			truncated[bin].Y--
		} else {
			fits[bin].Y--
		}
	}
	for i := range fits {
		if fits[i].Y != 0 || truncated[i].Y != 0 {
			t.Errorf("bin %d (centre %v): counts differ from the lengths by %v fits, %v truncated", i, fits[i].X, fits[i].Y, truncated[i].Y)
		}
	}
	mark := ss[SeriesFits]["markLine"].(map[string]any)["data"].([]any)[0].(map[string]any)
	if mark["xAxis"] != 512.0 {
		t.Errorf("cut marked at %v, want 512", mark["xAxis"])
	}
	if sub := obj["title"].(map[string]any)["subtext"].(string); !strings.Contains(sub, "4 (40.0%)") {
		t.Errorf("subtitle %q does not report 4 truncated examples (40.0%%)", sub)
	}
}

func TestBinWidth(t *testing.T) {
	tests := []struct {
		x    float64
		cut  int
		want int
	}{
		{x: 70, cut: 1024, want: 128}, // a power of two divides a power-of-two cut
		{x: 17, cut: 512, want: 32},
		{x: 30, cut: 1000, want: 50}, // 50 divides 1000 (32 does not)
		{x: 0.2, cut: 7, want: 1},    // tiny data: width 1
		{x: 33, cut: 997, want: 50},  // a prime cut: no divisor in range, a nice width instead
		{x: 101, cut: 2048, want: 128},
	}
	for _, tt := range tests {
		if got := binWidth(tt.x, tt.cut); got != tt.want {
			t.Errorf("binWidth(%v, %d) = %d, want %d", tt.x, tt.cut, got, tt.want)
		}
	}
}

func TestNiceStep(t *testing.T) {
	tests := []struct {
		x    float64
		want int
	}{{0.3, 1}, {1, 1}, {1.5, 2}, {3, 5}, {7, 10}, {10, 10}, {11, 20}, {260, 500}}
	for _, tt := range tests {
		if got := niceStep(tt.x); got != tt.want {
			t.Errorf("niceStep(%v) = %d, want %d", tt.x, got, tt.want)
		}
	}
}

func TestLossCurves(t *testing.T) {
	train := []Point{{1, 2.5}, {2, math.NaN()}, {3, 1.25}}
	eval := []Point{{2, 2.0}}
	lr := []Point{{1, 1e-4}, {2, 2e-4}, {3, 1.5e-4}}
	c, err := LossCurves(train, eval, lr)
	if err != nil {
		t.Fatal(err)
	}
	obj := decodeOptions(t, c)
	ss := series(t, obj)
	for name, want := range map[string][]Point{SeriesTrainLoss: train, SeriesEvalLoss: eval, SeriesLearningRate: lr} {
		if got := pairs(t, values(t, ss[name])); !samePoints(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	if idx, _ := ss[SeriesLearningRate]["yAxisIndex"].(float64); idx != 1 {
		t.Errorf("learning rate on y axis %v, want 1 (the right axis)", ss[SeriesLearningRate]["yAxisIndex"])
	}
	if n := len(obj["yAxis"].([]any)); n != 2 {
		t.Errorf("%d y axes, want 2", n)
	}

	// Without a learning rate there is neither its series nor its axis.
	c, err = LossCurves(train, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	obj = decodeOptions(t, c)
	if n := len(obj["yAxis"].([]any)); n != 1 {
		t.Errorf("without a learning rate: %d y axes, want 1", n)
	}
	if _, ok := series(t, obj)[SeriesLearningRate]; ok {
		t.Errorf("without a learning rate: the chart has a learning rate series")
	}
}

func TestAccuracyPerCheckpoint(t *testing.T) {
	steps := []int{0, 100, 200}
	metrics := map[string][]float64{
		"tool_call": {0.1, 0.5, 0.9},
		"parameter": {0, math.NaN(), 1},
		"exact":     {0.05, 0.4, 0.8},
		"no_call":   {0.6, 0.7, 0.75},
	}
	c, err := AccuracyPerCheckpoint(steps, metrics)
	if err != nil {
		t.Fatal(err)
	}
	ss := series(t, decodeOptions(t, c))
	if len(ss) != len(metrics) {
		t.Errorf("%d series, want %d", len(ss), len(metrics))
	}
	for name, vs := range metrics {
		want := make([]Point, len(steps))
		for i := range steps {
			want[i] = Point{float64(steps[i]), vs[i]}
		}
		if got := pairs(t, values(t, ss[name])); !samePoints(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
}

// triples decodes heatmap values [col, row, v] into a row-major matrix; "-" becomes NaN.
func triples(t *testing.T, vs []any, rows, cols int) [][]float64 {
	t.Helper()
	m := make([][]float64, rows)
	for r := range m {
		m[r] = make([]float64, cols)
		for c := range m[r] {
			m[r][c] = -1 // marks a cell the chart lacks
		}
	}
	for _, v := range vs {
		cell := v.([]any)
		c, r := int(cell[0].(float64)), int(cell[1].(float64))
		if x, ok := cell[2].(float64); ok {
			m[r][c] = x
		} else {
			m[r][c] = math.NaN()
		}
	}
	return m
}

func sameMatrix(a, b [][]float64) bool {
	for r := range a {
		if !samePoints(rowPoints(a[r]), rowPoints(b[r])) {
			return false
		}
	}
	return len(a) == len(b)
}

func rowPoints(row []float64) []Point {
	out := make([]Point, len(row))
	for i, v := range row {
		out[i] = Point{float64(i), v}
	}
	return out
}

func TestPerToolHeatmap(t *testing.T) {
	tools := []string{"get_weather", "calculate"}
	checkpoints := []string{"base", "checkpoint-50", "checkpoint-100"}
	vals := [][]float64{{0.1, 0.6, 0.95}, {math.NaN(), 0.5, 1}}
	c, err := PerToolHeatmap(tools, checkpoints, vals)
	if err != nil {
		t.Fatal(err)
	}
	obj := decodeOptions(t, c)
	for _, s := range series(t, obj) {
		if got := triples(t, values(t, s), len(tools), len(checkpoints)); !sameMatrix(got, vals) {
			t.Errorf("cells = %v, want %v", got, vals)
		}
	}
	if got := obj["yAxis"].([]any)[0].(map[string]any)["data"]; !reflect.DeepEqual(got, []any{"get_weather", "calculate"}) {
		t.Errorf("rows = %v, want the tools", got)
	}
	if got := obj["xAxis"].([]any)[0].(map[string]any)["data"]; !reflect.DeepEqual(got, []any{"base", "checkpoint-50", "checkpoint-100"}) {
		t.Errorf("columns = %v, want the checkpoints", got)
	}
}

func TestToolConfusion(t *testing.T) {
	labels := []string{"get_weather", "calculate", "(no call)"}
	counts := [][]int{{8, 1, 1}, {0, 9, 0}, {2, 0, 5}}
	c, err := ToolConfusion(labels, labels, counts)
	if err != nil {
		t.Fatal(err)
	}
	want := make([][]float64, len(counts))
	for i, row := range counts {
		for _, n := range row {
			want[i] = append(want[i], float64(n))
		}
	}
	obj := decodeOptions(t, c)
	for _, s := range series(t, obj) {
		if got := triples(t, values(t, s), 3, 3); !sameMatrix(got, want) {
			t.Errorf("cells = %v, want %v", got, want)
		}
	}
	if got := obj["visualMap"].([]any)[0].(map[string]any)["max"]; got != 9.0 {
		t.Errorf("colour scale max = %v, want the largest count 9", got)
	}
}

func TestBuilderErrors(t *testing.T) {
	tests := []struct {
		name  string
		build func() (Chart, error)
		want  string
	}{
		{"scenario mix of nothing", func() (Chart, error) { return ScenarioMix(dataset.Statistics{}) }, "no examples"},
		{"tool mix without calls", func() (Chart, error) { return ToolMix(dataset.Statistics{Examples: 3}) }, "no tool calls"},
		{"histogram without lengths", func() (Chart, error) { return TokenLengthHistogram(nil, 512) }, "no lengths"},
		{"histogram with a zero cut", func() (Chart, error) { return TokenLengthHistogram([]int{3}, 0) }, "maxSeqLength is 0"},
		{"negative length", func() (Chart, error) { return TokenLengthHistogram([]int{3, -1}, 8) }, "lengths[1] is -1"},
		{"loss without points", func() (Chart, error) { return LossCurves(nil, nil, []Point{{1, 1}}) }, "no train or eval points"},
		{"loss with a NaN step", func() (Chart, error) { return LossCurves([]Point{{1, 1}}, []Point{{math.NaN(), 1}}, nil) }, "eval loss: point 0: X is NaN"},
		{"accuracy without steps", func() (Chart, error) { return AccuracyPerCheckpoint(nil, map[string][]float64{"a": {}}) }, "no checkpoint steps"},
		{"accuracy without metrics", func() (Chart, error) { return AccuracyPerCheckpoint([]int{1}, nil) }, "no metrics"},
		{"steps out of order", func() (Chart, error) {
			return AccuracyPerCheckpoint([]int{0, 200, 100}, map[string][]float64{"a": {0, 0, 0}})
		}, "steps[2] = 100 does not follow steps[1] = 200"},
		{"short metric", func() (Chart, error) {
			return AccuracyPerCheckpoint([]int{0, 100}, map[string][]float64{"exact": {0.5}})
		}, `metric "exact": has 1 values, want one per checkpoint (2)`},
		{"accuracy above one", func() (Chart, error) {
			return AccuracyPerCheckpoint([]int{0, 100}, map[string][]float64{"exact": {0.5, 87}})
		}, `metric "exact": value 1 is 87`},
		{"heatmap without tools", func() (Chart, error) { return PerToolHeatmap(nil, []string{"a"}, nil) }, "at least one tool"},
		{"scenario heatmap without scenarios", func() (Chart, error) { return PerScenarioHeatmap(nil, []string{"a"}, nil) }, "PerScenarioHeatmap: need at least one scenario"},
		{"scenario heatmap value out of range", func() (Chart, error) {
			return PerScenarioHeatmap([]string{"single"}, []string{"c"}, [][]float64{{1.5}})
		}, `scenario "single"`},
		{"heatmap row count", func() (Chart, error) {
			return PerToolHeatmap([]string{"t1", "t2"}, []string{"c"}, [][]float64{{0.5}})
		}, "values has 1 rows, want one per tool (2)"},
		{"heatmap row length", func() (Chart, error) {
			return PerToolHeatmap([]string{"t1"}, []string{"c1", "c2"}, [][]float64{{0.5}})
		}, "values[0] has 1 values, want one per checkpoint (2)"},
		{"heatmap value", func() (Chart, error) {
			return PerToolHeatmap([]string{"t1"}, []string{"c1"}, [][]float64{{-0.5}})
		}, `tool "t1" (values[0]): value 0 is -0.5`},
		{"confusion negative count", func() (Chart, error) {
			return ToolConfusion([]string{"a", "b"}, []string{"a", "b"}, [][]int{{1, 0}, {-2, 3}})
		}, "counts[1][0] (b called as a) is -2"},
		{"confusion shape", func() (Chart, error) {
			return ToolConfusion([]string{"a"}, []string{"a", "b"}, [][]int{{1}})
		}, "counts[0] has 1 values, want one per predicted label (2)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.build()
			if err == nil {
				t.Fatalf("no error (chart %T)", c)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "plots: ") {
				t.Errorf("error %q, want it to start with \"plots: \" and contain %q", err, tt.want)
			}
		})
	}
}
