package plots

import (
	"fmt"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Histogram series names of TokenLengthHistogram.
const (
	SeriesFits      = "fits"
	SeriesTruncated = "truncated"
)

// targetBins is about how many bins TokenLengthHistogram draws.
const targetBins = 30

// TokenLengthHistogram is a histogram of tokenized example lengths with the training cut
// marked: examples longer than maxSeqLength lose their end, often the assistant's answer, so
// the share of truncated examples (the red part, and the subtitle) says whether the cut fits
// the data. The bins have a round width, start at 0 and, where a round width allows, have an
// edge at the cut; each bin stacks the examples that fit and those that are truncated, so a
// bin that straddles the cut shows both.
func TokenLengthHistogram(lengths []int, maxSeqLength int) (*charts.Bar, error) {
	if len(lengths) == 0 {
		return nil, fmt.Errorf("plots: TokenLengthHistogram: no lengths")
	}
	if maxSeqLength <= 0 {
		return nil, fmt.Errorf("plots: TokenLengthHistogram: maxSeqLength is %d, want > 0", maxSeqLength)
	}
	longest := maxSeqLength
	for i, n := range lengths {
		if n < 0 {
			return nil, fmt.Errorf("plots: TokenLengthHistogram: lengths[%d] is %d, want >= 0", i, n)
		}
		longest = max(longest, n)
	}
	width := binWidth(float64(longest+1)/targetBins, maxSeqLength)
	bins := longest/width + 1
	fits := make([]int, bins)
	truncated := make([]int, bins)
	for _, n := range lengths {
		if n > maxSeqLength {
			truncated[n/width]++
		} else {
			fits[n/width]++
		}
	}
	cut := 0
	for _, t := range truncated {
		cut += t
	}

	title := "Example length in tokens"
	subtitle := fmt.Sprintf("%d examples; %d (%.1f%%) longer than max_seq_length = %d are truncated",
		len(lengths), cut, 100*float64(cut)/float64(len(lengths)), maxSeqLength)
	bar := charts.NewBar()
	bar.SetGlobalOptions(append(baseOptions(title, subtitle, DefaultWidth, DefaultHeight),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "52"}),
		charts.WithGridOpts(opts.Grid{Left: "60", Right: "40", Top: "90", Bottom: "60"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "tokens", NameLocation: "middle", NameGap: 30, Min: 0}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "examples"}),
		charts.WithColorsOpts(opts.Colors{"#5470c6", "#ee6666"}),
	)...)
	stack := charts.WithBarChartOpts(opts.BarChart{Stack: "length", BarCategoryGap: "8%"})
	bar.AddSeries(SeriesFits, binData(fits, width), stack,
		charts.WithMarkLineNameXAxisItemOpts(opts.MarkLineNameXAxisItem{
			Name: fmt.Sprintf("max_seq_length = %d", maxSeqLength), XAxis: maxSeqLength}),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			Label:     &opts.Label{Show: opts.Bool(true), Formatter: "{b}", Position: "end"},
			LineStyle: &opts.LineStyle{Color: "#c23531", Width: 2, Type: "dashed"},
		}))
	bar.AddSeries(SeriesTruncated, binData(truncated, width), stack)
	return bar, nil
}

// binData places each count at the centre of its bin on a value axis.
func binData(counts []int, width int) []opts.BarData {
	data := make([]opts.BarData, len(counts))
	for i, c := range counts {
		data[i] = opts.BarData{Value: []any{float64(i*width) + float64(width)/2, c}}
	}
	return data
}

// binWidth is a round bin width near x (at least x, at most twice it) that divides cut, so
// that the cut falls on a bin edge and no bin mixes examples that fit with truncated ones; a
// power of two for the usual power-of-two cuts. Without one it is niceStep(x).
func binWidth(x float64, cut int) int {
	lo, hi := max(x, 1), 2*max(x, 1)
	best := 0
	consider := func(c int) {
		if float64(c) >= lo && float64(c) <= hi && cut%c == 0 && (best == 0 || c < best) {
			best = c
		}
	}
	for p := 1; float64(p) <= hi; p *= 10 {
		consider(p)
		consider(2 * p)
		consider(5 * p)
	}
	for p := 1; float64(p) <= hi; p *= 2 {
		consider(p)
	}
	if best == 0 {
		return niceStep(x)
	}
	return best
}

// niceStep is the smallest width of the form 1, 2 or 5 times a power of ten that is at least
// x (and at least 1): bin edges then fall on round numbers.
func niceStep(x float64) int {
	if x <= 1 {
		return 1
	}
	pow := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range [...]float64{1, 2, 5, 10} {
		if m*pow >= x {
			return int(m * pow)
		}
	}
	return int(10 * pow)
}
