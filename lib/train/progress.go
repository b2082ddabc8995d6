package train

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/schollz/progressbar/v3"
	"github.com/tooltune/tooltune/internal/atomicfile"
	"github.com/tooltune/tooltune/internal/progress"
)

// reporter shows training progress: a progress bar with loss, learning rate and tokens/s
// when the output is a terminal, a plain line per logging step otherwise (logs, notebooks,
// CI). Every step and evaluation also goes to train_log.jsonl as one JSON object per line.
type reporter struct {
	out io.Writer // nil: print nothing
	bar *progressbar.ProgressBar
	log io.Writer
}

func newReporter(out, log io.Writer, total, done int) *reporter {
	r := &reporter{out: out, log: log}
	if out != nil && progress.IsTerminal(out) {
		r.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(out),
			progressbar.OptionSetDescription("training"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionShowDescriptionAtLineEnd(),
		)
		_ = r.bar.Set(done)
	}
	return r
}

// stepLine is one train_log.jsonl record.
type stepLine struct {
	Step            int      `json:"step"`
	Epoch           float64  `json:"epoch"`
	Loss            *float64 `json:"loss,omitempty"`
	LearningRate    *float64 `json:"learning_rate,omitempty"`
	GradNorm        *float64 `json:"grad_norm,omitempty"`
	TokensPerSecond *float64 `json:"tokens_per_second,omitempty"`
	EvalLoss        *float64 `json:"eval_loss,omitempty"`
}

func (r *reporter) record(l stepLine) {
	data, err := json.Marshal(l)
	if err == nil {
		_, _ = r.log.Write(append(data, '\n'))
	}
}

func (r *reporter) step(step int, epoch float64, s stepResult, tokensPerSecond float64) {
	r.record(stepLine{Step: step, Epoch: round4(epoch), Loss: ptr(s.loss), LearningRate: ptr(s.lr), GradNorm: ptr(s.gradNorm), TokensPerSecond: ptr(round4(tokensPerSecond))})
	desc := fmt.Sprintf("loss %.4f lr %.2e %.0f tok/s", s.loss, s.lr, tokensPerSecond)
	switch {
	case r.bar != nil:
		r.bar.Describe(desc)
		_ = r.bar.Set(step)
	case r.out != nil:
		fmt.Fprintf(r.out, "step %d epoch %.2f %s grad_norm %.3f\n", step, epoch, desc, s.gradNorm)
	}
}

func (r *reporter) eval(step int, epoch, loss float64) {
	r.record(stepLine{Step: step, Epoch: round4(epoch), EvalLoss: ptr(loss)})
	r.printf("step %d epoch %.2f eval_loss %.4f", step, epoch, loss)
}

// printf prints a line, above the bar when there is one.
func (r *reporter) printf(format string, args ...any) {
	if r.out == nil {
		return
	}
	if r.bar != nil {
		_ = r.bar.Clear()
	}
	fmt.Fprintf(r.out, format+"\n", args...)
}

func (r *reporter) finish() {
	if r.bar != nil {
		_ = r.bar.Finish()
		fmt.Fprintln(r.out)
	}
}

// trimLog drops the train_log.jsonl records after step: a run killed after its last
// checkpoint logged steps that the resumed run will do again.
func trimLog(path string, step int) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("train: %w", err)
	}
	var kept bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var l stepLine
		if json.Unmarshal(sc.Bytes(), &l) != nil || l.Step > step {
			continue // a line cut by the kill, or a step to be redone
		}
		kept.Write(sc.Bytes())
		kept.WriteByte('\n')
	}
	if err := atomicfile.WriteFile(path, kept.Bytes()); err != nil {
		return fmt.Errorf("train: %w", err)
	}
	return nil
}
