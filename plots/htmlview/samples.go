package htmlview

import (
	"fmt"
	"html"
	"slices"
	"strings"

	"github.com/tooltune/tooltune/lib/eval"
)

// Outcomes of a scored sample, from best to worst (see Outcome).
const (
	OutcomeCorrect     = "correct"
	OutcomeBadFormat   = "invalid format"
	OutcomeWrongParams = "wrong parameters"
	OutcomeWrongTool   = "wrong tool"
)

// Outcome sums up a sample's verdicts in one word, for filtering and headings: the wrong tool
// (or a call where none was wanted, or none where one was), the right tools with a wrong
// parameter, right calls written outside the call format, or correct (lib/eval's exact).
func Outcome(s eval.Sample) string {
	v := s.Verdicts
	switch {
	case !v.ToolCall:
		return OutcomeWrongTool
	case v.Parameters != nil && !*v.Parameters:
		return OutcomeWrongParams
	case !v.Exact:
		return OutcomeBadFormat
	}
	return OutcomeCorrect
}

// SampleFilter picks samples; an empty field matches everything.
type SampleFilter struct {
	// Tool keeps samples that expect a call to this tool or made one.
	Tool string
	// Scenario keeps samples of this scenario (dataset.Scenario*).
	Scenario string
	// Outcome keeps samples with this Outcome.
	Outcome string
}

// Filter returns the samples f matches, in their order.
func Filter(samples []eval.Sample, f SampleFilter) []eval.Sample {
	var out []eval.Sample
	for _, s := range samples {
		if f.Scenario != "" && s.Scenario != f.Scenario {
			continue
		}
		if f.Outcome != "" && Outcome(s) != f.Outcome {
			continue
		}
		if f.Tool != "" && !usesTool(s, f.Tool) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// usesTool reports whether the sample expects or makes a call to tool.
func usesTool(s eval.Sample, tool string) bool {
	for _, c := range append(slices.Clone(s.Expected), s.ParsedCalls...) {
		if c.Name == tool {
			return true
		}
	}
	return false
}

// SampleOptions says how much of a sample to show.
type SampleOptions struct {
	// PromptLines is how many lines of the end of the prompt to show (the user's request is
	// there; the tool list at the start is long); 0 means 4, negative hides the prompt.
	PromptLines int
}

// Colours of the verdicts.
const (
	okColor    = "#e6f4ea"
	wrongColor = "#fde2e1"
	wrongText  = "#a1130b"
)

// Samples renders each sample with Sample under a line that counts them.
func Samples(samples []eval.Sample, opt SampleOptions) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<div style="font-family:sans-serif;font-size:13px;color:#555;margin:4px 0">%d sample(s)</div>`, len(samples))
	for _, s := range samples {
		b.WriteString(Sample(s, opt))
	}
	return b.String()
}

// Sample renders one scored case: a heading with its outcome, the end of the prompt, then
// the expected and the generated calls side by side, one row per call and per parameter,
// with every difference (a tool not called, an extra call, a wrong, missing or unknown
// parameter value) in red with lib/eval's reason; and the raw generated text.
func Sample(s eval.Sample, opt SampleOptions) string {
	var b strings.Builder
	outcome := Outcome(s)
	border := "#2e8b57"
	if outcome != OutcomeCorrect {
		border = "#c0392b"
	}
	fmt.Fprintf(&b, `<div style="font-family:sans-serif;font-size:13px;max-width:980px;margin:10px 0;padding:8px 10px;border:1px solid #ddd;border-left:5px solid %s;border-radius:6px">`, border)
	fmt.Fprintf(&b, `<div style="margin-bottom:6px"><b>example %d</b>, turn %d · scenario <b>%s</b> · <b style="color:%s">%s</b>%s</div>`,
		s.ExampleIndex, s.Turn, html.EscapeString(s.Scenario), border, html.EscapeString(outcome), verdictNotes(s))
	if lines := promptLines(opt); lines > 0 {
		fmt.Fprintf(&b, `<div style="color:#777;font-size:11px">end of the prompt</div><pre style="%s;color:#555">%s</pre>`,
			preStyle, html.EscapeString(tailLines(s.Prompt, lines)))
	}
	writeCallTable(&b, s)
	fmt.Fprintf(&b, `<div style="color:#777;font-size:11px;margin-top:6px">generated text</div><pre style="%s">%s</pre>`,
		preStyle, html.EscapeString(s.Generated))
	b.WriteString(`</div>`)
	return b.String()
}

// malformed stands for a <tool_call> block that does not parse (the reason is in the heading).
const malformed = "(malformed <tool_call> block)"

const preStyle = "white-space:pre-wrap;overflow-wrap:anywhere;font-size:12px;background:#fafafa;border:1px solid #eee;padding:6px;margin:2px 0"

func promptLines(opt SampleOptions) int {
	if opt.PromptLines == 0 {
		return 4
	}
	return opt.PromptLines
}

// verdictNotes lists the verdicts that the outcome does not already say.
func verdictNotes(s eval.Sample) string {
	var notes []string
	if !s.Verdicts.ValidFormat {
		notes = append(notes, "format not valid")
	}
	if s.Verdicts.Hallucinated {
		notes = append(notes, "calls a tool not offered")
	}
	notes = append(notes, s.Verdicts.Format...)
	for _, e := range s.ParseErrors {
		notes = append(notes, fmt.Sprintf("block %d: %s", e.Block, e.Reason))
	}
	if len(notes) == 0 {
		return ""
	}
	return fmt.Sprintf(` <span style="color:%s">(%s)</span>`, wrongText, html.EscapeString(strings.Join(notes, "; ")))
}

// tailLines returns the last n lines of text.
func tailLines(text string, n int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"…"}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// writeCallTable writes the expected and generated calls side by side.
func writeCallTable(b *strings.Builder, s eval.Sample) {
	b.WriteString(`<table style="border-collapse:collapse;font-size:12px;margin-top:6px;width:100%"><tr style="background:#f0f0f0">` +
		`<th style="text-align:left;padding:3px 6px">call / parameter</th><th style="text-align:left;padding:3px 6px">expected</th>` +
		`<th style="text-align:left;padding:3px 6px">generated</th><th style="text-align:left;padding:3px 6px">verdict</th></tr>`)
	if len(s.Expected) == 0 {
		generated := "no call"
		switch {
		case len(s.ParsedCalls) > 0:
			generated = callNames(s)
		case len(s.ParseErrors) > 0:
			generated = malformed
		}
		ok := s.Verdicts.NoCall != nil && *s.Verdicts.NoCall
		row(b, "(the turn)", "no call: answer in words", generated, ok, verdictText(ok, "called a tool"), true)
	}
	for _, cv := range s.Verdicts.Calls {
		writeCallRows(b, s, cv)
	}
	b.WriteString(`</table>`)
}

// writeCallRows writes one call's row and the rows of its parameters.
func writeCallRows(b *strings.Builder, s eval.Sample, cv eval.CallVerdict) {
	expected, generated := "—", "—"
	if cv.Expected >= 0 && cv.Expected < len(s.Expected) {
		expected = s.Expected[cv.Expected].Name
	}
	if cv.Predicted >= 0 && cv.Predicted < len(s.ParsedCalls) {
		generated = s.ParsedCalls[cv.Predicted].Name
		if cv.Expected < 0 {
			generated += "(" + compactJSON(s.ParsedCalls[cv.Predicted].Parameters) + ")"
		}
	}
	if cv.Predicted < 0 && cv.Expected >= 0 && cv.Expected < len(s.Expected) {
		expected += "(" + compactJSON(s.Expected[cv.Expected].Parameters) + ")"
		if len(s.ParseErrors) > 0 {
			generated = malformed
		}
	}
	row(b, "call "+cv.Tool, expected, generated, cv.OK, verdictText(cv.OK, cv.Reason), true)
	if cv.Expected < 0 || cv.Predicted < 0 {
		return
	}
	for _, f := range s.Verdicts.Fields {
		if f.Call != cv.Expected {
			continue
		}
		row(b, "  "+f.Key, valueText(f.Expected), valueText(f.Got), f.OK, verdictText(f.OK, f.Reason), false)
	}
}

// valueText shows a parameter value as JSON, or "(absent)".
func valueText(v any) string {
	if v == nil {
		return "(absent)"
	}
	return compactJSON(v)
}

func verdictText(ok bool, reason string) string {
	if ok {
		return "✓"
	}
	if reason == "" {
		return "✗"
	}
	return "✗ " + reason
}

// callNames lists the names of the sample's parsed calls.
func callNames(s eval.Sample) string {
	names := make([]string, len(s.ParsedCalls))
	for i, c := range s.ParsedCalls {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

// row writes one table row, red when not ok; a call row is bold. Differences are also marked
// by the ✗ in the verdict column, which survives where styles are stripped.
func row(b *strings.Builder, label, expected, generated string, ok bool, verdict string, call bool) {
	bg, color := okColor, "#111"
	if !ok {
		bg, color = wrongColor, wrongText
	}
	weight := "normal"
	if call {
		weight = "bold"
	}
	cell := `<td style="padding:3px 6px;border-top:1px solid #e5e5e5;font-family:monospace;white-space:pre-wrap;overflow-wrap:anywhere;vertical-align:top">%s</td>`
	fmt.Fprintf(b, `<tr style="background:%s;color:%s;font-weight:%s">`, bg, color, weight)
	for _, text := range []string{label, expected, generated, verdict} {
		fmt.Fprintf(b, cell, html.EscapeString(text))
	}
	b.WriteString(`</tr>`)
}
