package htmlview

import (
	"encoding/base64"
	"fmt"
	"html"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/tooltune/tooltune/lib/train"
)

// TrainingView is the state of a running (or finished) training run, as a notebook shows it
// while it trains.
type TrainingView struct {
	// MaxSteps is the run's number of optimizer steps.
	MaxSteps int
	// Entries are the records of train_log.jsonl so far, in order: training steps (loss,
	// learning_rate, tokens_per_second) and evaluations (eval_loss).
	Entries []train.LogEntry
	// Checkpoints are the checkpoint directories saved so far.
	Checkpoints []string
	// Elapsed is the wall time since training started.
	Elapsed time.Duration
	// Status is a short phrase such as "training", "interrupted" or "done".
	Status string
}

// Size of the loss sparkline, in pixels.
const (
	sparkWidth  = 460
	sparkHeight = 130
)

// TrainingProgress renders a training run's progress: a bar with the step, the latest loss,
// learning rate, speed and held-out loss, a small loss curve, and the checkpoints saved. The
// curve is an SVG inside an <img>, so it shows in untrusted notebooks too. A notebook calls
// this again whenever the log grows and replaces its output (gonbui.UpdateHTML).
func TrainingProgress(v TrainingView) string {
	var last, lastEval *train.LogEntry
	var trainPts, evalPts [][2]float64
	for i := range v.Entries {
		e := &v.Entries[i]
		if e.Loss != nil {
			last = e
			trainPts = append(trainPts, [2]float64{float64(e.Step), *e.Loss})
		}
		if e.EvalLoss != nil {
			lastEval = e
			evalPts = append(evalPts, [2]float64{float64(e.Step), *e.EvalLoss})
		}
	}
	step := 0
	if last != nil {
		step = last.Step
	}
	done := 0.0
	if v.MaxSteps > 0 {
		done = min(1, float64(step)/float64(v.MaxSteps))
	}
	var b strings.Builder
	b.WriteString(`<div style="font-family:sans-serif;font-size:13px;max-width:720px">`)
	fmt.Fprintf(&b, `<div><b>%s</b>: step %d of %d · %s elapsed</div>`, html.EscapeString(v.Status), step, v.MaxSteps, v.Elapsed.Round(time.Second))
	fmt.Fprintf(&b, `<div style="background:#eee;border-radius:4px;height:12px;width:100%%;margin:4px 0"><div style="background:#3b6fd8;border-radius:4px;height:12px;width:%.1f%%"></div></div>`, 100*done)
	var facts []string
	if last != nil {
		facts = append(facts, fmt.Sprintf("loss <b>%s</b>", num(last.Loss, "%.4f")),
			"learning rate "+num(last.LearningRate, "%.2e"), num(last.TokensPerSecond, "%.0f")+" tokens/s")
	}
	if lastEval != nil {
		facts = append(facts, fmt.Sprintf("held-out loss <b>%s</b> (step %d)", num(lastEval.EvalLoss, "%.4f"), lastEval.Step))
	}
	if len(facts) > 0 {
		fmt.Fprintf(&b, `<div>%s</div>`, strings.Join(facts, " · "))
	}
	if len(trainPts) > 1 || len(evalPts) > 0 {
		svg := sparkline(trainPts, evalPts, v.MaxSteps)
		fmt.Fprintf(&b, `<img alt="loss so far" width="%d" height="%d" src="data:image/svg+xml;base64,%s">`,
			sparkWidth, sparkHeight, base64.StdEncoding.EncodeToString([]byte(svg)))
	}
	if len(v.Checkpoints) > 0 {
		names := make([]string, len(v.Checkpoints))
		for i, c := range v.Checkpoints {
			names[i] = html.EscapeString(filepath.Base(c))
		}
		fmt.Fprintf(&b, `<div style="color:#555">checkpoints saved: %s</div>`, strings.Join(names, ", "))
	}
	b.WriteString(`</div>`)
	return b.String()
}

// num formats *p, or "–" when p is nil.
func num(p *float64, format string) string {
	if p == nil {
		return "–"
	}
	return fmt.Sprintf(format, *p)
}

// sparkline draws the training loss as a line and the held-out loss as dots, over steps 0 to
// maxSteps, with the loss range written at the left.
func sparkline(trainPts, evalPts [][2]float64, maxSteps int) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range append(append([][2]float64{}, trainPts...), evalPts...) {
		if !math.IsNaN(p[1]) && !math.IsInf(p[1], 0) {
			lo, hi = min(lo, p[1]), max(hi, p[1])
		}
	}
	if lo > hi {
		lo, hi = 0, 1
	}
	if hi-lo < 1e-9 {
		lo, hi = lo-0.5, hi+0.5
	}
	const left, right, top, bottom = 48, 10, 10, 22
	xMax := math.Max(float64(maxSteps), 1)
	x := func(step float64) float64 { return left + (sparkWidth-left-right)*step/xMax }
	y := func(loss float64) float64 { return top + (sparkHeight-top-bottom)*(hi-loss)/(hi-lo) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="10">`, sparkWidth, sparkHeight)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/>`, sparkWidth, sparkHeight)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#bbb"/>`, left, sparkHeight-bottom, sparkWidth-right, sparkHeight-bottom)
	fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" fill="#555">%.2f</text>`, left-4, y(hi)+4, hi)
	fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" fill="#555">%.2f</text>`, left-4, y(lo)+4, lo)
	fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#555">step 0</text>`, left, sparkHeight-6)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" fill="#555">%d</text>`, sparkWidth-right, sparkHeight-6, maxSteps)
	var pts []string
	for _, p := range trainPts {
		if !math.IsNaN(p[1]) && !math.IsInf(p[1], 0) {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(p[0]), y(p[1])))
		}
	}
	if len(pts) > 0 {
		fmt.Fprintf(&b, `<polyline fill="none" stroke="#3b6fd8" stroke-width="1.5" points="%s"/>`, strings.Join(pts, " "))
	}
	for _, p := range evalPts {
		if !math.IsNaN(p[1]) && !math.IsInf(p[1], 0) {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="#e67e22"/>`, x(p[0]), y(p[1]))
		}
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#3b6fd8">train loss</text><text x="%d" y="%d" fill="#e67e22">held-out loss</text>`,
		sparkWidth-150, top+8, sparkWidth-80, top+8)
	b.WriteString(`</svg>`)
	return b.String()
}
