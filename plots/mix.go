package plots

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/tooltune/tooltune/lib/dataset"
)

// noScenarioLabel names the examples without a scenario in ScenarioMix.
const noScenarioLabel = "(none)"

// ScenarioMix is a donut chart of how many examples each scenario kind has, in
// dataset.Scenarios() order (then unknown kinds, sorted). A skewed mix is the first thing to
// see in a generated set: a model trained on calls alone never learns when not to call.
func ScenarioMix(s dataset.Statistics) (*charts.Pie, error) {
	if s.Examples == 0 {
		return nil, fmt.Errorf("plots: ScenarioMix: the statistics count no examples")
	}
	var data []opts.PieData
	for _, sc := range orderedScenarios(s.ByScenario) {
		name := sc
		if name == "" {
			name = noScenarioLabel
		}
		data = append(data, opts.PieData{Name: name, Value: s.ByScenario[sc]})
	}
	title := "Examples by scenario"
	subtitle := fmt.Sprintf("%d examples", s.Examples)
	pie := charts.NewPie()
	pie.SetGlobalOptions(append(baseOptions(title, subtitle, 760, 460),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: "{b}: {c} ({d}%)"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}), // every slice is labelled
	)...)
	pie.AddSeries("examples", data, charts.WithPieChartOpts(opts.PieChart{
		Radius: []string{"38%", "66%"},
		Center: []string{"50%", "56%"},
	}), charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: "{b}: {c} ({d}%)"}))
	return pie, nil
}

// orderedScenarios lists the scenario keys of counts: known kinds in dataset.Scenarios()
// order, then the others sorted by name.
func orderedScenarios(counts map[string]int) []string {
	known := dataset.Scenarios()
	var out []string
	for _, sc := range known {
		if counts[sc] > 0 {
			out = append(out, sc)
		}
	}
	for _, sc := range slices.Sorted(maps.Keys(counts)) {
		if counts[sc] > 0 && !slices.Contains(known, sc) {
			out = append(out, sc)
		}
	}
	return out
}

// ToolMix is a horizontal bar chart of how many calls each tool gets, most called on top. A
// tool that is rarely called is one the model will rarely learn to call.
func ToolMix(s dataset.Statistics) (*charts.Bar, error) {
	if s.ToolCalls == 0 || len(s.CallsByTool) == 0 {
		return nil, fmt.Errorf("plots: ToolMix: the statistics count no tool calls")
	}
	names := slices.Collect(maps.Keys(s.CallsByTool))
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(s.CallsByTool[b], s.CallsByTool[a]), strings.Compare(a, b))
	})
	data := make([]opts.BarData, len(names))
	for i, n := range names {
		data[i] = opts.BarData{Name: n, Value: s.CallsByTool[n]}
	}
	title := "Calls by tool"
	subtitle := fmt.Sprintf("%d calls to %d tools", s.ToolCalls, len(names))
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(baseOptions(title, subtitle, 820, 110+26*len(names)),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "8%", Top: "70", Bottom: "40", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "calls", NameLocation: "middle", NameGap: 26}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: names, Inverse: opts.Bool(true)}),
	)...)
	bar.AddSeries("calls", data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Position: "right"}))
	return bar, nil
}
