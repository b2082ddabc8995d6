package plots

import (
	"fmt"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// grid is a labelled matrix drawn as a heatmap: cells[row][col], NaN for an empty cell.
type grid struct {
	title, subtitle string
	cols, rows      []string
	cells           [][]float64
	max             float64
	colors          []string
	// label is the JavaScript formatter of a cell's label.
	label string
}

// Heatmap layout, in pixels.
const (
	cellWidth   = 90
	cellHeight  = 30
	rotateAbove = 11 // column labels longer than this many characters are slanted
)

// heatmap draws g with the first row at the top and the colour scale at the right. Axis names
// would collide with long tool names, so the subtitle says what rows and columns are.
func heatmap(g grid) *charts.HeatMap {
	var data []opts.HeatMapData
	for r, row := range g.cells {
		for c, v := range row {
			data = append(data, opts.HeatMapData{Value: []any{c, r, chartValue(v)}})
		}
	}
	rotate := 0.0
	for _, c := range g.cols {
		if len(c) > rotateAbove {
			rotate = 30
		}
	}
	width := max(640, 330+cellWidth*len(g.cols))
	height := max(360, 210+cellHeight*len(g.rows))
	// Interval 0 shows every label; go-echarts types it as a string, which ECharts would
	// misread, so it goes in as a raw JavaScript number.
	everyLabel := string(opts.FuncOpts("0"))
	hm := charts.NewHeatMap()
	hm.SetGlobalOptions(append(baseOptions(g.title, g.subtitle, width, height),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "20", Right: "110", Top: "75", Bottom: "20", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: g.cols,
			AxisLabel: &opts.AxisLabel{Interval: everyLabel, Rotate: rotate},
			SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: g.rows, Inverse: opts.Bool(true),
			AxisLabel: &opts.AxisLabel{Interval: everyLabel},
			SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}),
		charts.WithVisualMapOpts(opts.VisualMap{
			Calculable: opts.Bool(true), Min: 0, Max: float32(g.max),
			Orient: "vertical", Right: "15", Top: "middle",
			InRange: &opts.VisualMapInRange{Color: g.colors},
		}),
	)...)
	hm.AddSeries(g.title, data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: string(opts.FuncOpts(g.label))}))
	return hm
}

// checkMatrix checks that m has one row per row label and one value per column label.
func checkMatrix[T any](m [][]T, rows, cols int, what, rowWhat, colWhat string) error {
	if len(m) != rows {
		return fmt.Errorf("%s has %d rows, want one per %s (%d)", what, len(m), rowWhat, rows)
	}
	for i, row := range m {
		if len(row) != cols {
			return fmt.Errorf("%s[%d] has %d values, want one per %s (%d)", what, i, len(row), colWhat, cols)
		}
	}
	return nil
}

// PerToolHeatmap shows one accuracy per tool (row) and checkpoint (column): values[t][c] is
// the accuracy of calls to tools[t] at checkpoints[c], in [0, 1], or NaN where the checkpoint
// was not evaluated on that tool. It shows which tools training helps and which it leaves
// behind, which a single overall accuracy hides.
func PerToolHeatmap(tools, checkpoints []string, values [][]float64) (*charts.HeatMap, error) {
	return accuracyHeatmap("PerToolHeatmap", "tool", tools, checkpoints, values)
}

// PerScenarioHeatmap is PerToolHeatmap by scenario (single, parallel, no_tool, ...): which
// kinds of request training teaches, and which it does not (two calls at once, or asking for
// a missing value, can stay at 0% while single calls pass 60%).
func PerScenarioHeatmap(scenarios, checkpoints []string, values [][]float64) (*charts.HeatMap, error) {
	return accuracyHeatmap("PerScenarioHeatmap", "scenario", scenarios, checkpoints, values)
}

// accuracyHeatmap draws tool-call accuracies, in [0, 1] or NaN, one row per label of what
// ("tool", "scenario") and one column per checkpoint; fn names the caller in errors.
func accuracyHeatmap(fn, what string, rows, checkpoints []string, values [][]float64) (*charts.HeatMap, error) {
	if len(rows) == 0 || len(checkpoints) == 0 {
		return nil, fmt.Errorf("plots: %s: need at least one %s and one checkpoint (have %d and %d)", fn, what, len(rows), len(checkpoints))
	}
	if err := checkMatrix(values, len(rows), len(checkpoints), "values", what, "checkpoint"); err != nil {
		return nil, fmt.Errorf("plots: %s: %w", fn, err)
	}
	for r, row := range values {
		if err := checkFractions(row, len(checkpoints)); err != nil {
			return nil, fmt.Errorf("plots: %s: %s %q (values[%d]): %w", fn, what, rows[r], r, err)
		}
	}
	return heatmap(grid{
		title:    "Tool-call accuracy per " + what,
		subtitle: "rows: " + what + "; columns: checkpoint",
		cols:     checkpoints, rows: rows, cells: values, max: 1,
		colors: []string{"#d73027", "#fee08b", "#1a9850"},
		label:  "function (p) { var v = p.value[2]; return typeof v === 'number' ? Math.round(v * 100) + '%' : 'n/a'; }",
	}), nil
}

// ToolConfusion shows which tool the model called (column) for each tool it should have
// called (row): counts[e][p] is how often expected[e] was answered with predicted[p]. Labels
// such as "(no call)" name the cases without a call. The diagonal is right; a bright cell off
// it names two tools the model mixes up.
func ToolConfusion(expected, predicted []string, counts [][]int) (*charts.HeatMap, error) {
	if len(expected) == 0 || len(predicted) == 0 {
		return nil, fmt.Errorf("plots: ToolConfusion: need at least one expected and one predicted label (have %d and %d)", len(expected), len(predicted))
	}
	if err := checkMatrix(counts, len(expected), len(predicted), "counts", "expected label", "predicted label"); err != nil {
		return nil, fmt.Errorf("plots: ToolConfusion: %w", err)
	}
	cells := make([][]float64, len(counts))
	peak, total := 0, 0
	for e, row := range counts {
		cells[e] = make([]float64, len(row))
		for p, n := range row {
			if n < 0 {
				return nil, fmt.Errorf("plots: ToolConfusion: counts[%d][%d] (%s called as %s) is %d, want >= 0", e, p, expected[e], predicted[p], n)
			}
			cells[e][p] = float64(n)
			peak = max(peak, n)
			total += n
		}
	}
	return heatmap(grid{
		title:    "Expected tool vs. called tool",
		subtitle: fmt.Sprintf("rows: expected tool; columns: called tool; %d cases", total),
		cols:     predicted, rows: expected, cells: cells, max: math.Max(1, float64(peak)),
		colors: []string{"#f7fbff", "#6baed6", "#08306b"},
		label:  "function (p) { return p.value[2] ? String(p.value[2]) : ''; }",
	}), nil
}
