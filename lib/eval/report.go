package eval

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tooltune/tooltune/internal/atomicfile"
	"github.com/tooltune/tooltune/lib/dataset"
)

// Names and values fixed by the report format.
const (
	// ReportFile is the report's conventional file name.
	ReportFile = "checkpoint_evaluation.json"
	// CreatedBy is the report's "created_by".
	CreatedBy = "tooltune"
	// BaseName names the evaluation of the base model, without an adapter.
	BaseName = "base"
	// BestMetric is the metric that picks the best evaluation.
	BestMetric = "tool_call_accuracy"
)

// CheckpointName names the evaluation of the checkpoint saved at step, as its directory is
// named: "checkpoint-STEP".
func CheckpointName(step int) string { return "checkpoint-" + strconv.Itoa(step) }

// Report is checkpoint_evaluation.json: the base model and every checkpoint evaluated on the
// same cases, ordered by step with the base model first, and the best of them.
type Report struct {
	BaseModel   string `json:"base_model"`
	DataPath    string `json:"data_path"`
	NumExamples int    `json:"num_examples"`
	Seed        uint64 `json:"seed"`
	CreatedBy   string `json:"created_by"`
	// GuidedCalls is true when the calls were generated with guided decoding (lib/guide):
	// well formed and to offered tools by construction, so format and hallucination rates
	// say nothing about the model itself.
	GuidedCalls bool         `json:"guided_calls,omitempty"`
	Evaluations []Evaluation `json:"evaluations"`
	// Top is the report's "best": the evaluation with the highest BestMetric, kept up to date
	// by Add; nil while no evaluation has the metric.
	Top *BestEvaluation `json:"best"`
}

// BestEvaluation names the evaluation with the highest BestMetric.
type BestEvaluation struct {
	Name   string  `json:"name"`
	Step   int     `json:"step"`
	Metric string  `json:"metric"`
	Value  float64 `json:"value"`
}

// NewReport starts an empty report for evaluations of baseModel on numExamples examples of
// the data set at dataPath, selected with seed.
func NewReport(baseModel, dataPath string, numExamples int, seed uint64) *Report {
	return &Report{BaseModel: baseModel, DataPath: dataPath, NumExamples: numExamples, Seed: seed,
		CreatedBy: CreatedBy, Evaluations: []Evaluation{}}
}

// Add puts ev in the report, replacing an evaluation of the same name (a re-run), keeps the
// evaluations ordered (base model first, then by step, then by name) and updates Best.
func (r *Report) Add(ev Evaluation) {
	r.Evaluations = slices.DeleteFunc(r.Evaluations, func(e Evaluation) bool { return e.Name == ev.Name })
	r.Evaluations = append(r.Evaluations, ev)
	slices.SortStableFunc(r.Evaluations, compareEvaluations)
	r.Top = nil
	if b, ok := r.Best(); ok {
		r.Top = &b
	}
}

func compareEvaluations(a, b Evaluation) int {
	if c := cmp.Compare(b2i(a.Name != BaseName), b2i(b.Name != BaseName)); c != 0 {
		return c
	}
	return cmp.Or(cmp.Compare(a.Step, b.Step), cmp.Compare(a.Name, b.Name))
}

// Best returns the evaluation with the highest BestMetric (the earlier one in report order on
// a tie); ok is false when no evaluation has the metric.
func (r *Report) Best() (BestEvaluation, bool) {
	var best BestEvaluation
	found := false
	for _, e := range r.Evaluations {
		v, ok := e.Metrics.Get(BestMetric)
		if ok && (!found || v > best.Value) {
			best, found = BestEvaluation{Name: e.Name, Step: e.Step, Metric: BestMetric, Value: v}, true
		}
	}
	return best, found
}

// WriteFile writes the report as indented JSON (markers such as <|end|> unescaped), atomically
// (see internal/atomicfile), so a reader never sees half a report.
func (r *Report) WriteFile(path string) error {
	err := atomicfile.Write(path, atomicfile.DefaultPerm, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false) // prompts and outputs are full of <|...|> markers: keep them legible
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	})
	if err != nil {
		return fmt.Errorf("eval report: %w", err)
	}
	return nil
}

// ReadReport reads a report written by WriteFile. Numbers inside samples (expected and parsed
// arguments) stay json.Number, as the parser gives them.
func ReadReport(path string) (*Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read report: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var r Report
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("read report %s: %w", path, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read report %s: unexpected data after the report", path)
	}
	for i, e := range r.Evaluations {
		if e.Name == "" {
			return nil, fmt.Errorf("read report %s: evaluations[%d]: name: empty", path, i)
		}
	}
	return &r, nil
}

// WriteTable prints one aligned row per evaluation with its main metrics as percentages
// ("-" where undefined) and marks the best with "*".
func (r *Report) WriteTable(w io.Writer) error {
	rows := [][]string{{"checkpoint", "step", "tool-call", "calls", "params", "exact", "no-call", "format", "halluc."}}
	for _, e := range r.Evaluations {
		name := e.Name
		if r.Top != nil && r.Top.Name == e.Name {
			name += " *"
		}
		m := e.Metrics
		rows = append(rows, []string{name, strconv.Itoa(e.Step),
			percent(m.ToolCallAccuracy), percent(m.CallAccuracy), percent(m.ParameterAccuracy), percent(m.ExactMatch),
			percent(m.NoCallAccuracy), percent(m.ValidFormatRate), percent(m.HallucinatedToolRate)})
	}
	var b strings.Builder
	writeAligned(&b, rows)
	if r.Top != nil {
		fmt.Fprintf(&b, "* best %s = %s\n", r.Top.Metric, percent(&r.Top.Value))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write evaluation table: %w", err)
	}
	return nil
}

// WriteScenarioTable prints each evaluation's tool-call accuracy per scenario (in
// dataset.ScenarioOrder), with the number of cases of
// each in its header. One overall number hides the kinds of request a model has not learned:
// a checkpoint at 50% may be right on nearly every single call and on no parallel one.
// A report without per-scenario metrics prints nothing.
func (r *Report) WriteScenarioTable(w io.Writer) error {
	cases := map[string]int{}
	for _, e := range r.Evaluations {
		for sc, m := range e.PerScenario {
			cases[sc] = max(cases[sc], m.Counts.Cases)
		}
	}
	if len(cases) == 0 {
		return nil
	}
	order := dataset.ScenarioOrder(cases)
	header := []string{"tool-call by scenario"}
	for _, sc := range order {
		header = append(header, fmt.Sprintf("%s (%d)", sc, cases[sc]))
	}
	rows := [][]string{header}
	for _, e := range r.Evaluations {
		row := []string{e.Name}
		for _, sc := range order {
			cell := "-"
			if m, ok := e.PerScenario[sc]; ok {
				cell = percent(m.ToolCallAccuracy)
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	var b strings.Builder
	writeAligned(&b, rows)
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write scenario table: %w", err)
	}
	return nil
}

// writeAligned writes rows as columns separated by " | ": the first column left-aligned, the
// others (numbers) right-aligned.
func writeAligned(b *strings.Builder, rows [][]string) {
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	for _, row := range rows {
		for i, cell := range row {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
			if i == 0 {
				b.WriteString(cell + pad)
			} else {
				b.WriteString(" | " + pad + cell)
			}
		}
		b.WriteString("\n")
	}
}

func percent(p *float64) string {
	if p == nil {
		return "-"
	}
	return strconv.FormatFloat(100**p, 'f', 1, 64) + "%"
}
