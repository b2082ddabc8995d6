package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tooltune/tooltune/internal/atomicfile"
	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/corpus"
	"github.com/tooltune/tooltune/lib/datagen"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/modelcheck"
	"github.com/tooltune/tooltune/lib/tokenizer"
	"github.com/tooltune/tooltune/lib/tokenizer/trainer"
	"github.com/tooltune/tooltune/lib/train"
)

// heldoutSeedOffset separates the held-out corpus's seed from the training corpus's.
const heldoutSeedOffset = 1_000_003

// samplePrompts are asked of the finished model, greedily; the answers go into the model card
// and must end with <|end|>.
func samplePrompts() []string {
	return []string{"Hello! My name is Anna.", "What is the capital of Japan?", "What is 12 plus 30?",
		// Names and values no corpus conversation holds: answered right only by copying.
		"Hi, I'm Zephyrine Oakhurst.", "Write this as a JSON object: city Quillon, count 417, email wren.tallis@example.com"}
}

// probeRequests is the number of copy probe requests (see copyProbe).
const probeRequests = 48

// maxSampleTokens bounds each sample answer.
const maxSampleTokens = 64

// summary is what the model card reports about a build.
type summary struct {
	Opts                         options
	Config                       *model.Config
	Params                       int
	CorpusExamples, CorpusTokens int
	TokenizerTexts               int
	Epochs                       float64
	FirstLoss, FinalLoss         float64 // mean training loss of the first and last logging windows
	HeldoutLoss, HeldoutLossLong float64 // packed in rows of SeqLen and of LongSeqLen
	TokensPerSecond              float64
	TrainTime, TotalTime         time.Duration
	Backend                      string
	Samples                      []sample
	Probe                        probeResult
	Catalog                      catalogResult
}

type sample struct{ Prompt, Answer string }

// partialSuffix names the directory a build writes into; it replaces o.Out only once every
// file is written and the model passes its conformance checks, so a failed or interrupted
// build never leaves a half-replaced model in o.Out.
const partialSuffix = ".partial"

// build runs the whole recipe and writes o.Out.
func build(o options, log io.Writer) (*summary, error) {
	final := o.Out
	o.Out = final + partialSuffix
	if err := os.RemoveAll(o.Out); err != nil {
		return nil, err
	}
	s, err := buildIn(o, log)
	if err != nil {
		return s, err
	}
	if err := os.RemoveAll(final); err != nil {
		return s, err
	}
	if err := os.Rename(o.Out, final); err != nil {
		return s, err
	}
	s.Opts.Out = final
	return s, nil
}

// buildIn runs the recipe, writing into o.Out.
func buildIn(o options, log io.Writer) (*summary, error) {
	start := time.Now()
	s := &summary{Opts: o, CorpusExamples: o.CorpusExamples}
	s.Opts.Out = strings.TrimSuffix(o.Out, partialSuffix) // what the card's command names
	logf := func(format string, args ...any) { fmt.Fprintf(log, format+"\n", args...) }

	logf("[1/5] generating the corpus: %d conversations (seed %d)", o.CorpusExamples, o.Seed)
	exs, heldout, err := makeCorpus(o)
	if err != nil {
		return nil, err
	}

	logf("[2/5] the tokenizer")
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, err
	}
	var tok *tokenizer.Tokenizer
	var texts int
	if o.InitFrom != "" {
		logf("      reusing the tokenizer of %s", o.InitFrom)
		tok, err = copyTokenizer(o.InitFrom, o.Out)
	} else {
		logf("      training a %d-token byte-level BPE", o.VocabSize)
		tok, texts, err = makeTokenizer(o, exs)
	}
	if err != nil {
		return nil, err
	}
	s.TokenizerTexts = texts

	seqs, err := encode(exs, tok, o.LongSeqLen)
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	heldSeqs, err := encode(heldout, tok, o.LongSeqLen)
	if err != nil {
		return nil, fmt.Errorf("held-out corpus: %w", err)
	}
	for _, q := range seqs {
		s.CorpusTokens += len(q)
	}
	ph := o.phases()
	s.Epochs = float64(ph.shortSteps*o.Batch*o.SeqLen+ph.longSteps*ph.longRows*o.LongSeqLen) / float64(s.CorpusTokens)
	logf("      corpus: %d tokens (%.1f per conversation); %d steps of %d×%d then %d steps of %d×%d tokens: about %.2f epochs",
		s.CorpusTokens, float64(s.CorpusTokens)/float64(len(seqs)), ph.shortSteps, o.Batch, o.SeqLen,
		ph.longSteps, ph.longRows, o.LongSeqLen, s.Epochs)

	logf("[3/5] building the model")
	m, err := makeModel(o, tok)
	if err != nil {
		return nil, err
	}
	s.Config, s.Params = m.Config, m.Config.NumParameters()
	s.Backend = model.DescribeBackend(m.Backend)
	logf("      %s: %.2fM parameters, backend %s", m.Config, float64(s.Params)/1e6, s.Backend)

	logf("[4/5] training %d steps", o.Steps)
	if err := trainModel(o, m, seqs, heldSeqs, s, log); err != nil {
		return nil, err
	}

	logf("[5/5] writing %s", o.Out)
	if err := m.Save(o.Out); err != nil {
		return nil, err
	}
	s.TotalTime = time.Since(start)
	if err := writeGenerationConfig(o.Out, m.Config); err != nil {
		return nil, err
	}
	// Check what was written, from the files, with the project's conformance checks; the
	// sample answers are generated by the reloaded model.
	rep, checkErr := modelcheck.Check(o.Out, modelcheck.Options{Backend: m.Backend, GenerationPrompts: samplePrompts(), MaxNewTokens: maxSampleTokens})
	if rep != nil {
		for i, p := range samplePrompts() {
			if i < len(rep.Generations) {
				s.Samples = append(s.Samples, sample{p, rep.Generations[i]})
				logf("      %q -> %q", p, rep.Generations[i])
			}
		}
	}
	if checkErr == nil {
		if s.Probe, s.Catalog, err = runProbes(o.Out, m.Backend, o.Seed); err != nil {
			return nil, err
		}
		logf("      %s", s.Probe)
		logf("      %s", s.Catalog)
	}
	if err := writeModelCard(o.Out, s); err != nil {
		return nil, err
	}
	if checkErr != nil {
		return s, fmt.Errorf("the model in %s fails its conformance check (train longer?), so it does not replace %s: %w",
			o.Out, s.Opts.Out, checkErr)
	}
	return s, nil
}

// makeCorpus generates the training corpus and a held-out one from another seed.
func makeCorpus(o options) (train, heldout []dataset.Example, err error) {
	cfg := corpus.DefaultConfig()
	cfg.NumExamples, cfg.Seed = o.CorpusExamples, o.Seed
	if cfg.KindWeights, err = o.kindWeights(); err != nil {
		return nil, nil, err
	}
	if train, err = corpus.Generate(cfg); err != nil {
		return nil, nil, err
	}
	cfg.NumExamples, cfg.Seed = o.HeldoutExamples, o.Seed+heldoutSeedOffset
	if heldout, err = corpus.Generate(cfg); err != nil {
		return nil, nil, err
	}
	return train, heldout, nil
}

// makeTokenizer trains the tokenizer on the rendered corpus plus rendered tool-use
// conversations, writes tokenizer.json and tokenizer_config.json to o.Out and loads them back
// with lib/tokenizer (so the model is trained on exactly what a user of the files gets).
func makeTokenizer(o options, exs []dataset.Example) (*tokenizer.Tokenizer, int, error) {
	var texts []string
	for i, ex := range exs {
		r, err := chat.Render(ex)
		if err != nil {
			return nil, 0, fmt.Errorf("corpus example %d: %w", i, err)
		}
		texts = append(texts, r.Text)
	}
	if o.ToolTexts > 0 {
		dcfg := datagen.DefaultConfig()
		dcfg.NumExamples, dcfg.Seed = o.ToolTexts, o.Seed
		tools, err := datagen.Generate(dcfg)
		if err != nil {
			return nil, 0, fmt.Errorf("tool-use texts for the tokenizer: %w", err)
		}
		for i, ex := range tools {
			r, err := chat.Render(ex)
			if err != nil {
				return nil, 0, fmt.Errorf("tool-use example %d: %w", i, err)
			}
			texts = append(texts, r.Text)
		}
	}
	tcfg := trainer.DefaultConfig()
	tcfg.VocabSize = o.VocabSize
	tcfg.SplitPattern = splitPatterns()[o.PreTokenizer]
	trained, err := trainer.Train(tcfg, texts)
	if err != nil {
		return nil, 0, err
	}
	if err := trained.WriteFiles(o.Out); err != nil {
		return nil, 0, err
	}
	tok, err := tokenizer.LoadDir(o.Out)
	return tok, len(texts), err
}

// copyTokenizer copies the tokenizer files of the model in dir into out and loads them.
func copyTokenizer(dir, out string) (*tokenizer.Tokenizer, error) {
	for _, name := range []string{trainer.TokenizerFile, trainer.TokenizerConfigFile} {
		if err := atomicfile.CopyFile(filepath.Join(dir, name), filepath.Join(out, name)); err != nil {
			return nil, err
		}
	}
	return tokenizer.LoadDir(out)
}

// encode tokenizes conversations as fine-tuning will (lib/train.Tokenize: rendered with the
// chat template, encoded turn by turn), cut to maxLen tokens.
func encode(exs []dataset.Example, tok *tokenizer.Tokenizer, maxLen int) ([][]int32, error) {
	seqs, _, err := train.Tokenize(exs, tok, train.TokenizeConfig{MaxSeqLength: maxLen})
	if err != nil {
		return nil, err
	}
	out := make([][]int32, len(seqs))
	for i, s := range seqs {
		out[i] = s.IDs
	}
	return out, nil
}

// makeModel builds the decoder with random weights (special token ids from the tokenizer), or
// loads the model of --init_from.
func makeModel(o options, tok *tokenizer.Tokenizer) (*model.Model, error) {
	if o.InitFrom != "" {
		backend, err := model.NewBackend()
		if err != nil {
			return nil, err
		}
		return model.Load(backend, o.InitFrom)
	}
	bos, okB := tok.BOS()
	eos, okE := tok.EOS()
	pad, okP := tok.Pad()
	if !okB || !okE || !okP {
		return nil, fmt.Errorf("tokenizer_config.json lacks a bos, eos or pad token")
	}
	arch := architecture{Hidden: o.Hidden, Layers: o.Layers, Heads: o.Heads, KVHeads: o.KVHeads, FFN: o.FFN,
		Vocab: tok.VocabSize(), MaxPositions: trainer.DefaultConfig().ModelMaxLength}
	cfg, err := arch.modelConfig(bos, eos, pad)
	if err != nil {
		return nil, err
	}
	backend, err := model.NewBackend()
	if err != nil {
		return nil, err
	}
	m := model.New(backend, cfg)
	if err := m.InitRandom(o.Seed, o.InitStd); err != nil {
		return nil, err
	}
	return m, nil
}

// phases splits the steps into the short-row phase and the final long-row phase, which keeps
// the tokens per step (fewer, longer rows) so that the learning-rate schedule needs no change.
type phases struct {
	shortSteps, longSteps, longRows int
}

func (o options) phases() phases {
	long := int(math.Round(o.LongFraction * float64(o.Steps)))
	return phases{shortSteps: o.Steps - long, longSteps: long, longRows: max(1, o.Batch*o.SeqLen/o.LongSeqLen)}
}

// trainModel runs the optimizer steps, printing progress and held-out losses. Most steps see
// rows of SeqLen tokens (cheap: attention cost grows with the row length); the last ones see
// rows of LongSeqLen, so that the model has been trained at every position fine-tuning uses.
func trainModel(o options, m *model.Model, seqs, heldout [][]int32, s *summary, log io.Writer) error {
	tr, err := newFullTrainer(m, optimConfig{LearningRate: o.LR, WarmupRatio: o.Warmup, WeightDecay: o.WeightDecay, MaxGradNorm: o.GradClip, Steps: o.Steps})
	if err != nil {
		return err
	}
	ph := o.phases()
	short := &batchStream{seqs: seqs, rowsPerBatch: o.Batch, rowLen: o.SeqLen, seed: o.Seed}
	long := &batchStream{seqs: seqs, rowsPerBatch: ph.longRows, rowLen: o.LongSeqLen, seed: o.Seed}
	prog := newProgress(log, o.Steps, o.LogEvery)
	start := time.Now()
	var tokens int
	s.FirstLoss = math.NaN()
	for step := 1; step <= o.Steps; step++ {
		stream := short
		if step > ph.shortSteps {
			stream = long
		}
		b, epoch := stream.next()
		r, err := tr.trainStep(b)
		if err != nil {
			return err
		}
		tokens += b.RealTokens
		if mean, ok := prog.step(step, epoch, r, b.Len, tokens, time.Since(start)); ok {
			if math.IsNaN(s.FirstLoss) {
				s.FirstLoss = mean
			}
			s.FinalLoss = mean
		}
		if len(heldout) > 0 && (step == o.Steps || o.EvalEvery > 0 && step%o.EvalEvery == 0) {
			if s.HeldoutLoss, err = evalLoss(m, heldout, o.Batch, o.SeqLen); err != nil {
				return err
			}
			fmt.Fprintf(log, "      step %d: held-out loss %.4f (rows of %d)\n", step, s.HeldoutLoss, o.SeqLen)
		}
	}
	s.TrainTime = time.Since(start)
	s.TokensPerSecond = float64(tokens) / s.TrainTime.Seconds()
	s.HeldoutLossLong = math.NaN()
	if len(heldout) > 0 {
		if s.HeldoutLossLong, err = evalLoss(m, heldout, ph.longRows, o.LongSeqLen); err != nil {
			return err
		}
		fmt.Fprintf(log, "      held-out loss %.4f (rows of %d)\n", s.HeldoutLossLong, o.LongSeqLen)
	}
	return nil
}

// evalLoss is the mean next-token loss over the held-out conversations, packed like training
// data (in their own order).
func evalLoss(m *model.Model, seqs [][]int32, rowsPerBatch, rowLen int) (float64, error) {
	rows := packRows(seqs, identity(len(seqs)), rowLen)
	var sum, count float64
	for start := 0; start < len(rows); start += rowsPerBatch {
		b := makePackedBatch(rows[start:min(start+rowsPerBatch, len(rows))], rowsPerBatch, rowLen)
		tokens := make([][]int32, b.Rows)
		mask := make([][]bool, b.Rows)
		positions := make([][]int32, b.Rows)
		for r := range b.Rows {
			tokens[r] = b.Tokens[r*rowLen : (r+1)*rowLen]
			mask[r] = b.Valid[r*rowLen : (r+1)*rowLen]
			positions[r] = b.Positions[r*rowLen : (r+1)*rowLen]
		}
		out, err := m.Logits(model.Batch{Tokens: tokens, Mask: mask, Positions: positions})
		if err != nil {
			return 0, fmt.Errorf("held-out loss: %w", err)
		}
		for i, w := range b.Weights {
			if w == 0 {
				continue
			}
			sum += negLogSoftmax(out.Data[i*out.Vocab:(i+1)*out.Vocab], int(b.Labels[i]))
			count++
		}
	}
	if count == 0 {
		return math.NaN(), nil
	}
	return sum / count, nil
}

// negLogSoftmax is -log softmax(logits)[label], computed stably in float64.
func negLogSoftmax(logits []float32, label int) float64 {
	maxLogit := math.Inf(-1)
	for _, v := range logits {
		maxLogit = math.Max(maxLogit, float64(v))
	}
	var sum float64
	for _, v := range logits {
		sum += math.Exp(float64(v) - maxLogit)
	}
	return math.Log(sum) + maxLogit - float64(logits[label])
}

func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
