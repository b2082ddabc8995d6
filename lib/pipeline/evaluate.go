package pipeline

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/tooltune/tooltune/internal/progress"
	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/eval"
	"github.com/tooltune/tooltune/lib/guide"
	"github.com/tooltune/tooltune/lib/hub"
	"github.com/tooltune/tooltune/lib/lora"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/tokenizer"
	"github.com/tooltune/tooltune/lib/train"
)

// EvalConfig says what to evaluate on and how to generate. Its fields mirror the flags of the
// original evaluate_checkpoints.py.
type EvalConfig struct {
	// DataPath is the held-out dataset.
	DataPath string
	// NumExamples picks that many examples at random (seeded by Seed); 0 means all.
	NumExamples int
	Seed        uint64
	// BaseModel is the model the adapters were trained on; "" means the one named in the first
	// checkpoint's adapter_config.json.
	BaseModel    string
	MaxNewTokens int
	Temperature  float64
	// BatchSize is how many prompts are generated together.
	BatchSize int
	// OutputFile receives the JSON report (written atomically); "" writes nothing.
	OutputFile string
	// SkipBase leaves the base model out of the report.
	SkipBase bool
	// ChatTemplate renders the prompts, as in TrainConfig: use the one the model was trained
	// with. EvaluateCheckpoints reads "" as the template the training run recorded
	// (TemplateRecordFile), or LegacyTemplate when there is no record; EvaluateBase as
	// DefaultTemplate.
	ChatTemplate string
	// GuidedCalls generates with guided decoding (lib/guide): inside a <tool_call> block only
	// tokens that keep a well-formed call to an offered tool are picked. Whether to call, which
	// tool and which values stay the model's choice.
	GuidedCalls bool
}

func (c EvalConfig) withDefaults() EvalConfig {
	if c.MaxNewTokens <= 0 {
		c.MaxNewTokens = 256
	}
	if c.BatchSize <= 0 {
		c.BatchSize = eval.DefaultBatchSize
	}
	return c
}

// evalSession holds what every evaluation of one run shares: the cases and the base model.
type evalSession struct {
	cfg    EvalConfig
	cases  []eval.Case
	lm     *LoadedModel
	guider *guide.Guider // nil unless cfg.GuidedCalls
	report *eval.Report
	log    io.Writer
}

func newEvalSession(ctx context.Context, cfg EvalConfig, log io.Writer) (*evalSession, error) {
	cfg = cfg.withDefaults()
	exs, err := loadValid(cfg.DataPath)
	if err != nil {
		return nil, err
	}
	lm, err := LoadModel(ctx, cfg.BaseModel, nil, hub.Config{})
	if err != nil {
		return nil, err
	}
	tmpl, err := Template(cfg.ChatTemplate, lm.Dir)
	if err != nil {
		return nil, err
	}
	idx := eval.Select(exs, cfg.NumExamples, cfg.Seed)
	cases, err := eval.Cases(exs, eval.CaseConfig{Indices: idx, Chat: []chat.Option{chat.WithTemplate(tmpl)}})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.DataPath, err)
	}
	s := &evalSession{
		cfg: cfg, cases: cases, lm: lm, log: log,
		report: eval.NewReport(cfg.BaseModel, cfg.DataPath, len(idx), cfg.Seed),
	}
	guided := ""
	if cfg.GuidedCalls {
		if s.guider, err = NewGuider(tmpl, lm.Tokenizer); err != nil {
			return nil, err
		}
		s.report.GuidedCalls = true
		guided = ", calls guided to the offered tools' schemas"
	}
	fmt.Fprintf(log, "Evaluating on %d cases from %d examples of %s (seed %d), model %s%s\n", len(cases), len(idx), cfg.DataPath, cfg.Seed, lm.Dir, guided)
	return s, nil
}

// GuidedCallsUsage describes the --guided_calls flag of the commands that generate.
const GuidedCallsUsage = "guided decoding of tool calls: inside a <tool_call> block only tokens that keep a well-formed call to an offered tool, with arguments its schema allows, are picked (whether to call, which tool and which values stay the model's choice)"

// NewGuider returns the guider of calls written with tmpl by a model with tokenizer tok.
func NewGuider(tmpl chat.Template, tok *tokenizer.Tokenizer) (*guide.Guider, error) {
	syn, err := guide.SyntaxOf(tmpl)
	if err != nil {
		return nil, err
	}
	vocab, err := guide.TokenizerVocabulary(tok)
	if err != nil {
		return nil, err
	}
	return guide.NewGuider(syn, vocab), nil
}

// evaluate runs the model as it currently is (base, or with an adapter attached) on every case
// and adds the result to the report.
func (s *evalSession) evaluate(name string, step int, path string) (eval.Evaluation, error) {
	gen := s.lm.Generator(model.GenerateConfig{MaxNewTokens: s.cfg.MaxNewTokens, Temperature: s.cfg.Temperature, Seed: s.cfg.Seed}, s.cfg.BatchSize)
	gen.Guider = s.guider
	bar := progress.New(s.log, len(s.cases), "evaluating "+name)
	ev, err := eval.Evaluate(name, step, gen, s.cases, eval.EvalConfig{BatchSize: s.cfg.BatchSize, Path: path, Progress: func(done, _ int) { bar.Set(done) }})
	bar.Finish()
	if err != nil {
		return ev, fmt.Errorf("evaluating %s: %w", name, err)
	}
	s.report.Add(ev)
	m := ev.Metrics
	fmt.Fprintf(s.log, "  %s: tool-call accuracy %s (calls %s, no-call %s), parameter accuracy %s (%.1f cases/s)\n",
		name, pct(m.ToolCallAccuracy), pct(m.CallAccuracy), pct(m.NoCallAccuracy), pct(m.ParameterAccuracy), ev.ExamplesPerSecond)
	return ev, nil
}

func pct(p *float64) string {
	if p == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", 100**p)
}

// EvaluateBase measures the base model alone (the --base_model_inference stage).
func EvaluateBase(ctx context.Context, cfg EvalConfig, log io.Writer) (*eval.Report, error) {
	s, err := newEvalSession(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	if _, err := s.evaluate(eval.BaseName, 0, s.lm.Dir); err != nil {
		return nil, err
	}
	return s.report, s.finish()
}

// EvaluateCheckpoints measures the base model (unless cfg.SkipBase) and every checkpoint-STEP
// adapter in checkpointDir, oldest first, and writes the report. With no checkpoint but an
// adapter in checkpointDir itself, that adapter is evaluated.
func EvaluateCheckpoints(ctx context.Context, checkpointDir string, cfg EvalConfig, log io.Writer) (*eval.Report, error) {
	dirs, err := train.Checkpoints(checkpointDir)
	if err != nil {
		return nil, err
	}
	if len(dirs) == 0 && lora.IsAdapterDir(checkpointDir) {
		dirs = []string{checkpointDir}
	}
	if len(dirs) == 0 {
		return nil, fmt.Errorf("no checkpoint-* directories and no adapter in %s", checkpointDir)
	}
	if cfg.ChatTemplate == "" {
		var recorded bool
		if cfg.ChatTemplate, recorded, err = AdapterTemplate(checkpointDir); err != nil {
			return nil, err
		}
		if recorded {
			fmt.Fprintf(log, "Chat template %q, recorded by the training run\n", cfg.ChatTemplate)
		} else {
			fmt.Fprintf(log, "No chat template recorded in %s: using %q, the format of runs before the record (--chat_template chooses)\n", checkpointDir, cfg.ChatTemplate)
		}
	}
	if cfg.BaseModel == "" {
		if cfg.BaseModel, err = adapterBaseModel(dirs[0]); err != nil {
			return nil, fmt.Errorf("%w; name the base model (--base_model_name)", err)
		}
	}
	s, err := newEvalSession(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	if !cfg.SkipBase {
		if _, err := s.evaluate(eval.BaseName, 0, s.lm.Dir); err != nil {
			return nil, err
		}
	}
	var adapters *lora.Adapters
	for _, dir := range dirs {
		if adapters == nil {
			adapters, err = lora.Load(s.lm.Model, dir)
		} else {
			err = adapters.SetFrom(dir)
		}
		if err != nil {
			return nil, err
		}
		step, isCheckpoint := train.CheckpointStep(dir)
		name := filepath.Base(dir)
		if isCheckpoint {
			name = eval.CheckpointName(step)
		} else {
			step = 0 // an adapter directory that is not a checkpoint
		}
		if _, err := s.evaluate(name, step, dir); err != nil {
			return nil, err
		}
	}
	return s.report, s.finish()
}

// finish writes the report and prints its table.
func (s *evalSession) finish() error {
	fmt.Fprintln(s.log)
	if err := s.report.WriteTable(s.log); err != nil {
		return err
	}
	fmt.Fprintln(s.log)
	if err := s.report.WriteScenarioTable(s.log); err != nil {
		return err
	}
	if s.cfg.OutputFile == "" {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(s.cfg.OutputFile), 0o755); err != nil {
		return err
	}
	if err := s.report.WriteFile(s.cfg.OutputFile); err != nil {
		return err
	}
	fmt.Fprintf(s.log, "\nReport with every sample: %s\n", s.cfg.OutputFile)
	return nil
}
