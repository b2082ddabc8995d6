package train

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tooltune/tooltune/lib/lora"
)

// The tests here run training in a child process (this test binary re-executed with
// helperEnv set) so that they can kill it for real: SIGKILL after a checkpoint, SIGKILL in
// the middle of writing one, SIGINT as Ctrl-C.

const helperEnv = "TOOLTUNE_TRAIN_HELPER"

// helperArgs configures a child training run.
type helperArgs struct {
	ModelDir, OutputDir string
	MaxSteps, SaveSteps int
	// BlockAfterCheckpoint makes the child hang after saving that step's checkpoint.
	BlockAfterCheckpoint int
	// BlockAfterFile makes the child hang while saving a checkpoint, right after writing
	// that file into the temporary directory.
	BlockAfterFile string
	// Resume is a checkpoint to resume from.
	Resume string
	// PrintSteps prints the progress lines ("step N ...") on stdout.
	PrintSteps bool
	// ModulesToSave are trained in full with the adapters (lora.Config.ModulesToSave).
	ModulesToSave []string
}

// loraConfig is the adapter configuration of a run.
func (a helperArgs) loraConfig() lora.Config {
	cfg := lora.DefaultConfig()
	cfg.ModulesToSave = a.ModulesToSave
	return cfg
}

// Fixture sizes shared by the parent and child processes.
const (
	resumeTrain, resumeHeldout = 48, 8
)

func resumeConfig(a helperArgs) Config {
	cfg := testConfig(a.OutputDir)
	cfg.MaxSteps, cfg.SaveSteps = a.MaxSteps, a.SaveSteps
	if a.SaveSteps > 0 {
		cfg.SaveStrategy = SaveSteps
	}
	cfg.GradAccumSteps = 2 // exercise accumulation across the resume too
	cfg.EvalSteps = 4
	return cfg
}

func TestMain(m *testing.M) {
	if args := os.Getenv(helperEnv); args != "" {
		os.Exit(runHelper(args))
	}
	os.Exit(m.Run())
}

// runHelper is the child: it trains as told and reports progress lines on stdout. Ctrl-C
// (SIGINT) and SIGTERM cancel training as the command-line tool does.
func runHelper(raw string) int {
	var a helperArgs
	if err := json.Unmarshal([]byte(raw), &a); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	f, err := buildFixture(a.ModelDir, resumeTrain, resumeHeldout, a.loraConfig())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	cfg := resumeConfig(a)
	if a.PrintSteps {
		cfg.Progress = os.Stdout
	}
	cfg.OnCheckpoint = func(step int, dir string) {
		fmt.Printf("CHECKPOINT %d\n", step)
		if step == a.BlockAfterCheckpoint {
			select {}
		}
	}
	tr, err := New(f.adapters, f.train, f.heldout, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	tr.afterFile = func(name string) error {
		if name == a.BlockAfterFile {
			fmt.Println("SAVING")
			select {}
		}
		return nil
	}
	if a.Resume != "" {
		if err := tr.Resume(a.Resume); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if _, err := tr.Train(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		if errors.Is(err, ErrInterrupted) {
			return 3
		}
		return 1
	}
	return 0
}

// child is a running helper process.
type child struct {
	cmd   *exec.Cmd
	lines chan string
}

func startChild(t *testing.T, a helperArgs) *child {
	t.Helper()
	raw, _ := json.Marshal(a)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+string(raw))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, lines: make(chan string, 100)}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	return c
}

// waitFor returns once the child prints a line starting with prefix, failing the test if it
// exits first.
func (c *child) waitFor(t *testing.T, prefix string) {
	t.Helper()
	timeout := time.After(2 * time.Minute)
	for {
		select {
		case l, ok := <-c.lines:
			if !ok {
				t.Fatalf("child exited before printing %q", prefix)
			}
			if strings.HasPrefix(l, prefix) {
				return
			}
		case <-timeout:
			t.Fatalf("child did not print %q within 2 minutes", prefix)
		}
	}
}

func (c *child) kill(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = c.cmd.Wait()
}

// runInProcess trains in this process, optionally resuming, and returns the trainer.
func runInProcess(t *testing.T, a helperArgs) (*Trainer, *fixture, *Result) {
	t.Helper()
	f := loadFixture(t, a.ModelDir, resumeTrain, resumeHeldout, a.loraConfig())
	tr, err := New(f.adapters, f.train, f.heldout, resumeConfig(a))
	if err != nil {
		t.Fatal(err)
	}
	if a.Resume != "" {
		if err := tr.Resume(a.Resume); err != nil {
			t.Fatal(err)
		}
	}
	res, err := tr.Train(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return tr, f, res
}

func adapterBits(t *testing.T, a *lora.Adapters) [][]uint32 {
	t.Helper()
	values, _, err := a.Values()
	if err != nil {
		t.Fatal(err)
	}
	out := make([][]uint32, len(values))
	for i, v := range values {
		for _, x := range v {
			out[i] = append(out[i], math.Float32bits(x))
		}
	}
	return out
}

// TestResumeAfterSIGKILLIsExact trains 8 steps straight, then trains again in a child process
// that is killed with SIGKILL once checkpoint-4 exists, resumes from it and trains to step 8:
// the losses of steps 5-8, the final adapter and the held-out loss must be bitwise the same.
func TestResumeAfterSIGKILLIsExact(t *testing.T) { checkResumeIsExact(t, nil) }

// TestResumeWithTrainedEmbeddingsIsExact is the same with the embedding table trained too
// (modules_to_save): the checkpoint must restore the table and its optimizer state.
func TestResumeWithTrainedEmbeddingsIsExact(t *testing.T) {
	checkResumeIsExact(t, []string{lora.EmbedTokens})
}

func checkResumeIsExact(t *testing.T, modulesToSave []string) {
	modelDir := t.TempDir()
	const steps = 8
	straightTr, straightF, straight := runInProcess(t, helperArgs{ModelDir: modelDir, OutputDir: t.TempDir(), MaxSteps: steps, ModulesToSave: modulesToSave})

	out := t.TempDir()
	a := helperArgs{ModelDir: modelDir, OutputDir: out, MaxSteps: steps, SaveSteps: steps / 2, BlockAfterCheckpoint: steps / 2,
		ModulesToSave: modulesToSave}
	c := startChild(t, a)
	c.waitFor(t, fmt.Sprintf("CHECKPOINT %d", steps/2))
	c.kill(t)

	latest, err := LatestCheckpoint(out)
	if err != nil {
		t.Fatal(err)
	}
	if latest != CheckpointDir(out, steps/2) {
		t.Fatalf("latest checkpoint %s, want checkpoint-%d", latest, steps/2)
	}
	a.Resume, a.BlockAfterCheckpoint = latest, 0
	resumedTr, resumedF, resumed := runInProcess(t, a)

	if math.Float64bits(resumed.LastLoss) != math.Float64bits(straight.LastLoss) {
		t.Errorf("final step loss %v after resuming, %v straight", resumed.LastLoss, straight.LastLoss)
	}
	if math.Float64bits(resumed.EvalLoss) != math.Float64bits(straight.EvalLoss) {
		t.Errorf("final eval loss %v after resuming, %v straight", resumed.EvalLoss, straight.EvalLoss)
	}
	if !slices.EqualFunc(adapterBits(t, resumedF.adapters), adapterBits(t, straightF.adapters), slices.Equal) {
		t.Error("final adapter weights differ between the straight and the resumed run")
	}
	// The whole history, the child's first half included, matches the straight run's.
	if got, want := historyLosses(resumedTr.State()), historyLosses(straightTr.State()); !slices.Equal(got, want) {
		t.Errorf("log_history losses after resume %v, straight %v", got, want)
	}
	if resumedTr.State().GlobalStep != steps {
		t.Errorf("global_step %d, want %d", resumedTr.State().GlobalStep, steps)
	}
	// train_log.jsonl has each step once: the resumed run trimmed nothing it had not redone.
	if n := countLogSteps(t, filepath.Join(out, LogFile)); n != steps {
		t.Errorf("train_log.jsonl has %d step records, want %d", n, steps)
	}
}

func historyLosses(st TrainerState) []string {
	var out []string
	for _, e := range st.LogHistory {
		switch {
		case e.Loss != nil:
			out = append(out, fmt.Sprintf("%d loss %x", e.Step, math.Float64bits(*e.Loss)))
		case e.EvalLoss != nil:
			out = append(out, fmt.Sprintf("%d eval %x", e.Step, math.Float64bits(*e.EvalLoss)))
		}
	}
	return out
}

func countLogSteps(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var l stepLine
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("bad line %q in %s: %v", line, path, err)
		}
		if l.Loss != nil {
			n++
		}
	}
	return n
}

// TestKillDuringSaveLeavesNoCheckpoint kills the child while it writes checkpoint-2 (after
// the optimizer state, before the trainer state): no checkpoint-2 may be visible, and the
// next run removes the half-written directory.
func TestKillDuringSaveLeavesNoCheckpoint(t *testing.T) {
	modelDir, out := t.TempDir(), t.TempDir()
	a := helperArgs{ModelDir: modelDir, OutputDir: out, MaxSteps: 2, SaveSteps: 2, BlockAfterFile: OptimizerFile}
	if _, err := buildFixture(modelDir, resumeTrain, resumeHeldout, lora.DefaultConfig()); err != nil {
		t.Fatal(err) // writes the model once, before the child needs it
	}
	c := startChild(t, a)
	c.waitFor(t, "SAVING")
	c.kill(t)

	if dirs, _ := Checkpoints(out); len(dirs) != 0 {
		t.Fatalf("complete checkpoints after a kill mid-save: %v", dirs)
	}
	if _, err := os.Stat(CheckpointDir(out, 2)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("checkpoint-2 is visible after a kill mid-save (stat: %v)", err)
	}
	temps, _ := filepath.Glob(filepath.Join(out, tempPrefix+"*"))
	if len(temps) != 1 {
		t.Fatalf("want the one half-written temporary directory, found %v", temps)
	}
	if _, err := ResolveCheckpoint("latest", out); err == nil {
		t.Error("resume latest found a checkpoint after a kill mid-save")
	}
	a.BlockAfterFile = ""
	runInProcess(t, a)
	if temps, _ := filepath.Glob(filepath.Join(out, tempPrefix+"*")); len(temps) != 0 {
		t.Errorf("half-written checkpoint not cleaned up: %v", temps)
	}
	if dirs, _ := Checkpoints(out); len(dirs) != 1 || dirs[0] != CheckpointDir(out, 2) {
		t.Errorf("checkpoints %v, want checkpoint-2", dirs)
	}
}

// TestSIGINTSavesCheckpoint sends Ctrl-C to a child that saves no checkpoints of its own once
// it has done two steps: it must stop with a checkpoint of the step it reached, exit with the
// interrupted status, and that checkpoint must resume.
func TestSIGINTSavesCheckpoint(t *testing.T) {
	modelDir, out := t.TempDir(), t.TempDir()
	if _, err := buildFixture(modelDir, resumeTrain, resumeHeldout, lora.DefaultConfig()); err != nil {
		t.Fatal(err)
	}
	a := helperArgs{ModelDir: modelDir, OutputDir: out, MaxSteps: 40, SaveSteps: 1000, PrintSteps: true}
	c := startChild(t, a)
	c.waitFor(t, "step 2 ")
	if err := c.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := c.cmd.Wait()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != 3 {
		t.Fatalf("child exit: %v, want status 3 (interrupted)", err)
	}
	latest, err := LatestCheckpoint(out)
	if err != nil {
		t.Fatal(err)
	}
	var st TrainerState
	if err := readJSON(filepath.Join(latest, TrainerStateFile), &st); err != nil {
		t.Fatal(err)
	}
	if st.GlobalStep < 2 || st.GlobalStep >= 40 || latest != CheckpointDir(out, st.GlobalStep) {
		t.Fatalf("interrupt checkpoint %s at global_step %d, want the step reached, before the end", latest, st.GlobalStep)
	}
	f := loadFixture(t, modelDir, resumeTrain, resumeHeldout, lora.DefaultConfig())
	tr, err := New(f.adapters, f.train, f.heldout, resumeConfig(a))
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Resume(latest); err != nil {
		t.Fatal(err)
	}
	if tr.Step() != st.GlobalStep {
		t.Errorf("resumed at step %d, checkpoint says %d", tr.Step(), st.GlobalStep)
	}
}
