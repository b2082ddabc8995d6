package htmlview

import (
	"encoding/base64"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tooltune/tooltune/lib/train"
)

func ptr(v float64) *float64 { return &v }

// embeddedSVG returns the decoded SVG of the progress block's image, or "".
func embeddedSVG(t *testing.T, html string) string {
	t.Helper()
	m := regexp.MustCompile(`src="data:image/svg\+xml;base64,([^"]+)"`).FindStringSubmatch(html)
	if m == nil {
		return ""
	}
	svg, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return string(svg)
}

func TestTrainingProgress(t *testing.T) {
	entries := []train.LogEntry{
		{Step: 1, Loss: ptr(3.5), LearningRate: ptr(1e-3), TokensPerSecond: ptr(400)},
		{Step: 2, Loss: ptr(math.NaN()), LearningRate: ptr(2e-3), TokensPerSecond: ptr(410)},
		{Step: 2, EvalLoss: ptr(3.25)},
		{Step: 3, Loss: ptr(2.75), LearningRate: ptr(1.5e-3), TokensPerSecond: ptr(420)},
	}
	html := TrainingProgress(TrainingView{MaxSteps: 12, Entries: entries, Checkpoints: []string{"out/checkpoint-2"},
		Elapsed: 2500 * time.Millisecond, Status: "run <1>"})
	for _, want := range []string{
		"<b>run &lt;1&gt;</b>: step 3 of 12 · 3s elapsed",
		"width:25.0%",
		"loss <b>2.7500</b>", "learning rate 1.50e-03", "420 tokens/s",
		"held-out loss <b>3.2500</b> (step 2)",
		"checkpoints saved: checkpoint-2",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the block lacks %q:\n%s", want, html)
		}
	}
	svg := embeddedSVG(t, html)
	if svg == "" {
		t.Fatalf("no loss curve image:\n%s", html)
	}
	if strings.Contains(svg, "NaN") {
		t.Errorf("the curve has NaN coordinates:\n%s", svg)
	}
	// Two finite training losses make the line; the eval loss a dot; the range is 2.75..3.5.
	if !regexp.MustCompile(`<polyline [^>]*points="[0-9.]+,[0-9.]+ [0-9.]+,[0-9.]+"`).MatchString(svg) ||
		strings.Count(svg, "<circle") != 1 || !strings.Contains(svg, ">3.50<") || !strings.Contains(svg, ">2.75<") {
		t.Errorf("unexpected curve:\n%s", svg)
	}
}

func TestTrainingProgressBeforeTheFirstStep(t *testing.T) {
	html := TrainingProgress(TrainingView{MaxSteps: 0, Status: "starting"})
	if !strings.Contains(html, "step 0 of 0") || strings.Contains(html, "<img") || strings.Contains(html, "NaN") {
		t.Errorf("unexpected block before any step:\n%s", html)
	}
}
