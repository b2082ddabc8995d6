package htmlview

import (
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/eval"
)

func TestMetricsTable(t *testing.T) {
	c := weatherCase(t)
	right := eval.Score(c, call("get_weather", `{"location": "Zürich", "unit": "celsius"}`))
	prose := eval.Score(c, "Sunny.<|end|>")
	r := eval.NewReport("base-model", "heldout.jsonl", 2, 1)
	r.Add(eval.Evaluation{Name: eval.BaseName, Metrics: eval.Aggregate([]eval.Sample{prose, prose})})
	r.Add(eval.Evaluation{Name: eval.CheckpointName(8), Step: 8, Metrics: eval.Aggregate([]eval.Sample{right, prose})})
	html := MetricsTable(r)
	for _, want := range []string{
		"tool call accuracy", "hallucinated tool rate",
		"<td style=\"padding:4px 8px\">base</td>",
		"<b>checkpoint-8 ★</b>",
		`title="1 of 2">50.0%`,                // checkpoint-8's tool-call accuracy, with its counts
		`title="0 of 2">0.0%`,                 // base's
		"undefined: no case to measure it on", // no no-call case: no-call accuracy is undefined
		"★ best by tool_call_accuracy: checkpoint-8 (50.0%)",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the table lacks %q:\n%s", want, html)
		}
	}
	if n := strings.Count(html, "<tr"); n != 3 {
		t.Errorf("%d rows, want a header and one per evaluation (3)", n)
	}
}

func TestShade(t *testing.T) {
	for _, tt := range []struct {
		good float64
		want string
	}{{0, "rgb(253,216,214)"}, {0.5, "rgb(253,243,180)"}, {1, "rgb(198,239,206)"}, {-1, "rgb(253,216,214)"}, {2, "rgb(198,239,206)"}} {
		if got := shade(tt.good); got != tt.want {
			t.Errorf("shade(%v) = %s, want %s", tt.good, got, tt.want)
		}
	}
}
