package datagen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// sampleSize is the number of examples the properties below are checked on.
const sampleSize = 2000

func generate(t testing.TB, split string, seed uint64) []dataset.Example {
	t.Helper()
	cfg := DefaultConfig()
	cfg.NumExamples, cfg.Split, cfg.Seed = sampleSize, split, seed
	ex, err := Generate(cfg)
	if err != nil {
		t.Fatalf("Generate(%s, seed %d): %v", split, seed, err)
	}
	if len(ex) != sampleSize {
		t.Fatalf("Generate returned %d examples, want %d", len(ex), sampleSize)
	}
	return ex
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDeterministic(t *testing.T) {
	small := func(seed uint64, split string) []byte {
		cfg := DefaultConfig()
		cfg.NumExamples, cfg.Seed, cfg.Split = 300, seed, split
		ex, err := Generate(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return marshal(t, ex)
	}
	for _, split := range []string{SplitTrain, SplitHeldout} {
		a, b := small(7, split), small(7, split)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two runs with seed 7 differ", split)
		}
		if c := small(8, split); bytes.Equal(a, c) {
			t.Errorf("%s: seeds 7 and 8 give identical data", split)
		}
	}
}

// Example i depends only on the config and i, so a longer run extends a shorter one.
func TestLongerRunKeepsPrefix(t *testing.T) {
	cfg := DefaultConfig()
	cfg.NumExamples = 40
	short, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.NumExamples = 80
	long, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(marshal(t, short), marshal(t, long[:40])) {
		t.Error("the first 40 of 80 examples differ from a run of 40")
	}
}

func TestValidAndCovering(t *testing.T) {
	for _, split := range []string{SplitTrain, SplitHeldout} {
		t.Run(split, func(t *testing.T) {
			ex := generate(t, split, 1)
			if problems := dataset.Validate("generated", ex); len(problems) > 0 {
				t.Fatalf("%d validation problems, first: %v", len(problems), problems[0])
			}
			scenarios := map[string]int{}
			called := map[string]int{}
			for _, e := range ex {
				scenarios[e.Scenario]++
				for _, m := range e.Messages {
					for _, c := range m.ToolCalls {
						called[c.Name]++
					}
				}
			}
			for _, s := range dataset.Scenarios() {
				if scenarios[s] == 0 {
					t.Errorf("scenario %s never generated", s)
				}
			}
			for _, tool := range tools.Builtins().Tools() {
				if called[tool.Name] == 0 {
					t.Errorf("tool %s never called", tool.Name)
				}
			}
		})
	}
}

func TestScenarioMixFollowsWeights(t *testing.T) {
	ex := generate(t, SplitTrain, 2)
	counts := map[string]float64{}
	for _, e := range ex {
		counts[e.Scenario]++
	}
	for s, w := range DefaultScenarioWeights() {
		got := counts[s] / sampleSize
		// Binomial standard deviation at n=2000 is at most 0.011; allow 4 of them.
		if math.Abs(got-w) > 0.045 {
			t.Errorf("scenario %s: share %.3f, want about %.2f", s, got, w)
		}
	}
}

func TestStructureByScenario(t *testing.T) {
	for _, split := range []string{SplitTrain, SplitHeldout} {
		for i, e := range generate(t, split, 3) {
			if err := checkStructure(e); err != nil {
				t.Fatalf("%s example %d (%s): %v\n%s", split, i, e.Scenario, err, marshal(t, e.Messages))
			}
		}
	}
}

// checkStructure checks the shape each scenario promises.
func checkStructure(e dataset.Example) error {
	last := e.Messages[len(e.Messages)-1]
	if last.Role != dataset.RoleAssistant || len(last.ToolCalls) > 0 || strings.TrimSpace(last.Content) == "" {
		return fmt.Errorf("does not end with an assistant answer in prose: %+v", last)
	}
	var callTurns [][]dataset.ToolCall
	var results []map[string]any
	errorResults := 0
	for _, m := range e.Messages {
		if len(m.ToolCalls) > 0 {
			callTurns = append(callTurns, m.ToolCalls)
		}
		if m.Role == dataset.RoleTool {
			var res map[string]any
			if err := json.Unmarshal([]byte(m.Content), &res); err != nil {
				return fmt.Errorf("tool message is not a JSON object: %v", err)
			}
			if _, ok := res["error"]; ok {
				errorResults++
			}
			results = append(results, res)
		}
	}
	switch e.Scenario {
	case dataset.ScenarioSingle:
		if len(callTurns) != 1 || len(callTurns[0]) != 1 {
			return fmt.Errorf("single: want one call, got %v", callTurns)
		}
	case dataset.ScenarioParallel:
		if len(callTurns) != 1 || len(callTurns[0]) < 2 {
			return fmt.Errorf("parallel: want one turn of >= 2 calls, got %v", callTurns)
		}
	case dataset.ScenarioMultiStep:
		if len(callTurns) != 2 || len(callTurns[0]) != 1 || len(callTurns[1]) != 1 {
			return fmt.Errorf("multi_step: want two turns of one call, got %v", callTurns)
		}
		if !usesValueOf(callTurns[1][0].Parameters, results[0]) {
			return fmt.Errorf("multi_step: second call %v uses no value of the first result %v", callTurns[1][0].Parameters, results[0])
		}
	case dataset.ScenarioNoTool, dataset.ScenarioClarify:
		if len(callTurns) != 0 {
			return fmt.Errorf("%s: want no calls, got %v", e.Scenario, callTurns)
		}
		if e.Scenario == dataset.ScenarioClarify && !strings.Contains(last.Content, "?") && !strings.Contains(last.Content, "I just need to know") {
			return fmt.Errorf("clarify: the reply asks nothing: %q", last.Content)
		}
	case dataset.ScenarioErrorRecovery:
		if errorResults == 0 {
			return fmt.Errorf("error_recovery: no tool result has an error")
		}
		if _, ok := results[0]["error"]; !ok {
			return fmt.Errorf("error_recovery: the first call did not fail")
		}
	default:
		return fmt.Errorf("unknown scenario %q", e.Scenario)
	}
	if errorResults > 0 && e.Scenario != dataset.ScenarioErrorRecovery {
		return fmt.Errorf("%s: unexpected tool error", e.Scenario)
	}
	// The answer reads values from the last successful result.
	for i := len(results) - 1; i >= 0; i-- {
		if _, failed := results[i]["error"]; failed {
			continue
		}
		if !mentionsValueOf(last.Content, results[i]) {
			return fmt.Errorf("the answer %q quotes no value of the result %v", last.Content, results[i])
		}
		break
	}
	return nil
}

// leaves collects the strings and numbers in a JSON value.
func leaves(v any, out *[]any) {
	switch x := v.(type) {
	case map[string]any:
		for _, item := range x {
			leaves(item, out)
		}
	case []any:
		for _, item := range x {
			leaves(item, out)
		}
	case string, float64:
		*out = append(*out, x)
	}
}

// usesValueOf reports whether a call's arguments contain a value of a result: an equal
// number, or a string of the result inside an argument string.
func usesValueOf(args map[string]any, res map[string]any) bool {
	var have, want []any
	leaves(args, &have)
	leaves(res, &want)
	for _, w := range want {
		for _, h := range have {
			switch wv := w.(type) {
			case string:
				if hs, ok := h.(string); ok && len(wv) >= 3 && strings.Contains(hs, wv) {
					return true
				}
			case float64:
				if hf, ok := tools.AsFloat(h); ok && hf == wv {
					return true
				}
			}
		}
	}
	return false
}

// mentionsValueOf reports whether text quotes a non-trivial value of a result.
func mentionsValueOf(text string, res map[string]any) bool {
	var want []any
	leaves(res, &want)
	for _, w := range want {
		switch wv := w.(type) {
		case string:
			if len(wv) >= 3 && strings.Contains(text, wv) {
				return true
			}
		case float64:
			if wv != math.Trunc(wv) || math.Abs(wv) >= 10 {
				if strings.Contains(text, strconv.FormatFloat(wv, 'f', -1, 64)) {
					return true
				}
			}
		}
	}
	return false
}

func TestUserMessagesAreVaried(t *testing.T) {
	ex := generate(t, SplitTrain, 4)
	seen := map[string]bool{}
	for _, e := range ex {
		seen[firstUser(e)] = true
	}
	if share := float64(len(seen)) / sampleSize; share < 0.95 {
		t.Errorf("only %.1f%% of user messages are distinct, want >= 95%%", 100*share)
	}
}

func firstUser(e dataset.Example) string {
	for _, m := range e.Messages {
		if m.Role == dataset.RoleUser {
			return m.Content
		}
	}
	return ""
}

func TestCallIntroIsTheMajority(t *testing.T) {
	turns, intro := 0, 0
	for _, e := range generate(t, SplitTrain, 5) {
		for _, m := range e.Messages {
			if len(m.ToolCalls) > 0 {
				turns++
				if m.Content == CallIntro {
					intro++
				}
			}
		}
	}
	if float64(intro) < 0.75*float64(turns) {
		t.Errorf("%d of %d call turns say %q, want at least 75%%", intro, turns, CallIntro)
	}
}

// Relative dates ("tomorrow", "on Friday", "March 3rd") need the model to know today: an
// example without a system message giving today's date must state every date it calls with
// its year, and the system message's weekday must be right.
func TestRelativeDatesAreAnchored(t *testing.T) {
	anchored := 0
	for i, e := range generate(t, SplitTrain, 6) {
		if e.Messages[0].Role == dataset.RoleSystem {
			anchored++
			var weekday, iso string
			if _, err := fmt.Sscanf(strings.TrimSuffix(e.Messages[0].Content, "."), "Today is %s %s", &weekday, &iso); err != nil {
				t.Fatalf("example %d: unexpected system message %q", i, e.Messages[0].Content)
			}
			day, err := time.Parse("2006-01-02", iso)
			if err != nil || day.Weekday().String()+"," != weekday {
				t.Fatalf("example %d: system message %q has a wrong weekday or date", i, e.Messages[0].Content)
			}
			continue
		}
		user := firstUser(e)
		for _, m := range e.Messages {
			for _, c := range m.ToolCalls {
				if date, ok := c.Parameters["date"].(string); ok && !strings.Contains(user, date[:4]) {
					t.Fatalf("example %d calls with date %s but neither anchors today nor states the year: %q", i, date, user)
				}
			}
		}
	}
	if anchored == 0 {
		t.Error("no example uses a relative date")
	}
}

func TestToolsPerExample(t *testing.T) {
	for _, n := range []int{1, 4, 19} {
		cfg := DefaultConfig()
		cfg.NumExamples, cfg.ToolsPerExample = 200, n
		ex, err := Generate(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range ex {
			needed := map[string]bool{}
			for _, m := range e.Messages {
				for _, c := range m.ToolCalls {
					needed[c.Name] = true
				}
			}
			want := max(n, len(needed))
			if len(e.Tools) != want && !(e.Scenario == dataset.ScenarioNoTool && len(e.Tools) < n) {
				t.Fatalf("ToolsPerExample %d: example %d (%s) offers %d tools, want %d", n, i, e.Scenario, len(e.Tools), want)
			}
		}
	}
	// The default draws 3 to 6 tools.
	sizes := map[int]bool{}
	for _, e := range generate(t, SplitTrain, 9) {
		sizes[len(e.Tools)] = true
	}
	for n := minToolsOffered; n <= maxToolsOffered; n++ {
		if !sizes[n] {
			t.Errorf("no example offers %d tools", n)
		}
	}
}

// A request no offered tool can serve must not have that tool's domain offered.
func TestUnsupportedRequestsExcludeTheirTools(t *testing.T) {
	reg := tools.Builtins()
	domainOf := map[string]string{}
	for _, e := range reg.Entries() {
		domainOf[e.Tool.Name] = e.Domain
	}
	found := 0
	for _, e := range generate(t, SplitTrain, 10) {
		reply := e.Messages[len(e.Messages)-1].Content
		if e.Scenario != dataset.ScenarioNoTool || !strings.Contains(reply, "tool") || !strings.Contains(reply, "can't") && !strings.Contains(reply, "don't have") {
			continue
		}
		found++
		for _, tg := range allGens() {
			if strings.Contains(reply, " "+tg.action+":") || strings.Contains(reply, "to "+tg.action+" right now") {
				for _, offered := range e.Tools {
					if domainOf[offered.Name] == domainOf[tg.name] {
						t.Fatalf("refused to %s but offers %s: %s", tg.action, offered.Name, reply)
					}
				}
			}
		}
	}
	if found == 0 {
		t.Fatal("no unsupported-request examples found")
	}
}

func TestNoiseRate(t *testing.T) {
	for _, noise := range []float64{0, 1} {
		cfg := DefaultConfig()
		cfg.NumExamples, cfg.Noise = 300, noise
		ex, err := Generate(cfg)
		if err != nil {
			t.Fatal(err)
		}
		clean := 0
		for _, e := range ex {
			if u := firstUser(e); u == strings.TrimSpace(u) && !strings.Contains(u, "  ") && strings.ContainsAny(u[len(u)-1:], ".?!\"") {
				clean++
			}
		}
		if noise == 0 && clean < 280 { // a few templates legitimately end without punctuation
			t.Errorf("Noise 0: only %d of 300 user messages look clean", clean)
		}
		if noise == 1 && clean > 200 {
			t.Errorf("Noise 1: %d of 300 user messages look clean", clean)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	cfg := DefaultConfig()
	cfg.NumExamples = 1000
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Generate(cfg); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cfg.NumExamples*b.N)/b.Elapsed().Seconds(), "examples/s")
}
