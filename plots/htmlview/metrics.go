package htmlview

import (
	"fmt"
	"html"
	"strings"

	"github.com/tooltune/tooltune/lib/eval"
)

// MetricsTable renders a report's evaluations as a table: one row per evaluation (base model
// first), one column per metric of eval.MetricNames as a percentage, "–" where a metric is
// undefined (no case to measure it on), and the best evaluation (eval.BestMetric) marked.
// Each cell's title holds the counts behind its ratio.
func MetricsTable(r *eval.Report) string {
	var b strings.Builder
	b.WriteString(`<table style="border-collapse:collapse;font-family:sans-serif;font-size:13px;margin:4px 0"><tr style="background:#f0f0f0">`)
	b.WriteString(`<th style="text-align:left;padding:4px 8px">evaluation</th><th style="padding:4px 8px">cases</th>`)
	for _, name := range eval.MetricNames() {
		fmt.Fprintf(&b, `<th style="padding:4px 8px">%s</th>`, html.EscapeString(strings.ReplaceAll(name, "_", " ")))
	}
	b.WriteString(`</tr>`)
	for _, e := range r.Evaluations {
		best := r.Top != nil && r.Top.Name == e.Name
		name := html.EscapeString(e.Name)
		if best {
			name = `<b>` + name + ` ★</b>`
		}
		fmt.Fprintf(&b, `<tr style="border-top:1px solid #e5e5e5"><td style="padding:4px 8px">%s</td><td style="padding:4px 8px;text-align:right">%d</td>`,
			name, e.Metrics.Counts.Cases)
		for _, metric := range eval.MetricNames() {
			b.WriteString(metricCell(e.Metrics, metric))
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</table>`)
	if r.Top != nil {
		fmt.Fprintf(&b, `<div style="font-family:sans-serif;font-size:12px;color:#555">★ best by %s: %s (%s)</div>`,
			html.EscapeString(r.Top.Metric), html.EscapeString(r.Top.Name), pct(r.Top.Value))
	}
	return b.String()
}

// metricCell writes one metric as a percentage on a background from red (0) to green (1),
// reversed for the hallucination rate, where lower is better.
func metricCell(m eval.Metrics, metric string) string {
	v, ok := m.Get(metric)
	if !ok {
		return `<td style="padding:4px 8px;text-align:right;color:#999" title="undefined: no case to measure it on">–</td>`
	}
	good := v
	if metric == "hallucinated_tool_rate" {
		good = 1 - v
	}
	return fmt.Sprintf(`<td style="padding:4px 8px;text-align:right;background:%s" title="%s">%s</td>`,
		shade(good), html.EscapeString(countsOf(m.Counts, metric)), pct(v))
}

// shade is a background colour from light red (0) through light yellow to light green (1).
func shade(good float64) string {
	good = min(max(good, 0), 1)
	if good < 0.5 {
		return fmt.Sprintf("rgb(253,%d,%d)", 216+int(good*2*(243-216)), 214-int(good*2*(214-180)))
	}
	return fmt.Sprintf("rgb(%d,%d,%d)", 253-int((good-0.5)*2*(253-198)), 243-int((good-0.5)*2*(243-239)), 180+int((good-0.5)*2*(206-180)))
}

// countsOf names the counts a metric is the ratio of (lib/eval's definitions).
func countsOf(c eval.Counts, metric string) string {
	num, den, _ := c.Fraction(metric)
	return fmt.Sprintf("%d of %d", num, den)
}

func pct(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }
