package plots

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Point is one point of a curve, such as (training step, loss).
type Point struct {
	X, Y float64
}

// Series names of LossCurves.
const (
	SeriesTrainLoss    = "train loss"
	SeriesEvalLoss     = "eval loss"
	SeriesLearningRate = "learning rate"
)

// missing is how ECharts marks a value that is absent: a gap in a line, an empty heatmap cell.
const missing = "-"

// chartValue is v, or missing when v is NaN or infinite (which JSON cannot hold): a diverged
// loss shows as a gap rather than failing the whole chart.
func chartValue(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return missing
	}
	return v
}

// LossCurves draws the training and evaluation loss against the step, with the learning rate
// on a second axis at the right: a loss that jumps when the rate peaks, or flattens when it
// decays, reads at a glance. eval and lr may be empty. Points must have a finite X; a Y that is
// NaN or infinite leaves a gap.
func LossCurves(train, eval, lr []Point) (*charts.Line, error) {
	if len(train) == 0 && len(eval) == 0 {
		return nil, fmt.Errorf("plots: LossCurves: no train or eval points")
	}
	named := []struct {
		name   string
		points []Point
	}{{SeriesTrainLoss, train}, {SeriesEvalLoss, eval}, {SeriesLearningRate, lr}}
	for _, s := range named {
		if err := checkX(s.points); err != nil {
			return nil, fmt.Errorf("plots: LossCurves: %s: %w", s.name, err)
		}
	}
	line := charts.NewLine()
	line.SetGlobalOptions(append(baseOptions("Loss and learning rate", "", DefaultWidth, DefaultHeight),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "32"}),
		charts.WithGridOpts(opts.Grid{Left: "60", Right: "90", Top: "80", Bottom: "60"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "step", NameLocation: "middle", NameGap: 30}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "loss", Scale: opts.Bool(true)}),
	)...)
	if len(lr) > 0 {
		line.ExtendYAxis(opts.YAxis{Type: "value", Name: "learning rate", Position: "right",
			SplitLine: &opts.SplitLine{Show: opts.Bool(false)}})
	}
	if len(train) > 0 {
		line.AddSeries(SeriesTrainLoss, pointData(train), charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(false)}))
	}
	if len(eval) > 0 {
		line.AddSeries(SeriesEvalLoss, pointData(eval), charts.WithLineChartOpts(opts.LineChart{
			ShowSymbol: opts.Bool(true), Symbol: "circle", SymbolSize: 7}))
	}
	if len(lr) > 0 {
		line.AddSeries(SeriesLearningRate, pointData(lr),
			charts.WithLineChartOpts(opts.LineChart{YAxisIndex: 1, ShowSymbol: opts.Bool(false)}),
			charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed", Width: 1.5}))
	}
	return line, nil
}

// checkX reports the first point whose X is not a finite number.
func checkX(points []Point) error {
	for i, p := range points {
		if math.IsNaN(p.X) || math.IsInf(p.X, 0) {
			return fmt.Errorf("point %d: X is %v, want a finite number", i, p.X)
		}
	}
	return nil
}

// pointData converts points to [x, y] pairs for a value x axis.
func pointData(points []Point) []opts.LineData {
	data := make([]opts.LineData, len(points))
	for i, p := range points {
		data[i] = opts.LineData{Value: []any{p.X, chartValue(p.Y)}}
	}
	return data
}

// AccuracyPerCheckpoint draws one line per metric (tool-call, parameter, exact-match and
// no-call accuracy, or any others) against the checkpoint step, on a 0-1 scale: it shows
// which checkpoint to keep and whether a metric stops improving while another still does.
// metrics[name][i] is the metric at steps[i]; steps must increase; values must lie in [0, 1]
// or be NaN (not measured, drawn as a gap). Lines are in name order.
func AccuracyPerCheckpoint(steps []int, metrics map[string][]float64) (*charts.Line, error) {
	if len(steps) == 0 {
		return nil, fmt.Errorf("plots: AccuracyPerCheckpoint: no checkpoint steps")
	}
	if len(metrics) == 0 {
		return nil, fmt.Errorf("plots: AccuracyPerCheckpoint: no metrics")
	}
	for i := 1; i < len(steps); i++ {
		if steps[i] <= steps[i-1] {
			return nil, fmt.Errorf("plots: AccuracyPerCheckpoint: steps[%d] = %d does not follow steps[%d] = %d; steps must increase",
				i, steps[i], i-1, steps[i-1])
		}
	}
	names := slices.Sorted(maps.Keys(metrics))
	for _, name := range names {
		if err := checkFractions(metrics[name], len(steps)); err != nil {
			return nil, fmt.Errorf("plots: AccuracyPerCheckpoint: metric %q: %w", name, err)
		}
	}
	line := charts.NewLine()
	line.SetGlobalOptions(append(baseOptions("Accuracy per checkpoint", "", DefaultWidth, DefaultHeight),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "32"}),
		charts.WithGridOpts(opts.Grid{Left: "60", Right: "40", Top: "80", Bottom: "60"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "checkpoint step", NameLocation: "middle", NameGap: 30,
			Min: steps[0], Max: steps[len(steps)-1]}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "accuracy", Min: 0, Max: 1}),
	)...)
	for _, name := range names {
		data := make([]opts.LineData, len(steps))
		for i, v := range metrics[name] {
			data[i] = opts.LineData{Value: []any{steps[i], chartValue(v)}}
		}
		line.AddSeries(name, data, charts.WithLineChartOpts(opts.LineChart{
			ShowSymbol: opts.Bool(true), Symbol: "circle", SymbolSize: 7}))
	}
	return line, nil
}

// checkFractions checks that values has n entries, each in [0, 1] or NaN.
func checkFractions(values []float64, n int) error {
	if len(values) != n {
		return fmt.Errorf("has %d values, want one per checkpoint (%d)", len(values), n)
	}
	for i, v := range values {
		if !math.IsNaN(v) && (v < 0 || v > 1) {
			return fmt.Errorf("value %d is %v, want a fraction in [0, 1] (or NaN when not measured)", i, v)
		}
	}
	return nil
}
