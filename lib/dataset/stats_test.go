package dataset

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// statsExamples is a hand-made set whose statistics are worked out by hand below.
func statsExamples() []Example {
	w := func(c string) ToolCall { return call("w", map[string]any{"c": c}) } // JSON: 35 runes
	return []Example{
		{Scenario: ScenarioNoTool, Messages: []Message{user("hi"), answer("hello")}}, // 2+5 = 7
		{Scenario: ScenarioSingle, Messages: []Message{ // 11+35+2+4 = 52
			user("héllo wörld"), calls("", w("x")), result("w", "ok"), answer("done"),
		}},
		{Scenario: ScenarioParallel, Messages: []Message{ // 2+35+35+1+1+2 = 76
			user("hi"), calls("", w("a"), w("b")), result("w", "1"), result("w", "2"), answer("ok"),
		}},
		{Messages: []Message{sys("sys"), user("q"), answer("a")}}, // 3+1+1 = 5
	}
}

func TestStats(t *testing.T) {
	want := Statistics{
		Examples:             4,
		Messages:             14,
		MessagesByRole:       map[string]int{RoleSystem: 1, RoleUser: 4, RoleAssistant: 6, RoleTool: 3},
		ToolCalls:            3,
		CallTurns:            2,
		CallsByTool:          map[string]int{"w": 3},
		ByScenario:           map[string]int{ScenarioNoTool: 1, ScenarioSingle: 1, ScenarioParallel: 1, "": 1},
		ByCallCount:          map[int]int{0: 2, 1: 1, 2: 1},
		UserMessages:         4,
		DistinctUserMessages: 3,
		ArgumentUses:         map[string]int{"w.c": 3},
		DistinctArguments:    map[string]int{"w.c": 3},
		// lengths 5, 7, 52, 76: mean 140/4; nearest rank p50 = 2nd value, p90 = ceil(3.6) = 4th.
		Length: Distribution{Min: 5, Max: 76, Mean: 35, P50: 7, P90: 76},
	}
	got := Stats(statsExamples())
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Stats:\n got %+v\nwant %+v", got, want)
	}
	if r := got.DistinctUserRatio(); r != 0.75 {
		t.Errorf("DistinctUserRatio = %v, want 0.75", r)
	}
}

func TestStatsEmpty(t *testing.T) {
	s := Stats(nil)
	if s.Examples != 0 || s.Length != (Distribution{}) || s.DistinctUserRatio() != 0 {
		t.Errorf("Stats(nil) = %+v", s)
	}
	if !strings.Contains(s.String(), "examples") {
		t.Errorf("empty table lacks the totals:\n%s", s)
	}
}

func TestNearestRank(t *testing.T) {
	tests := []struct {
		sorted []int
		p      float64
		want   int
	}{
		{[]int{3}, 50, 3},
		{[]int{3}, 90, 3},
		{[]int{1, 2}, 50, 1},
		{[]int{1, 2}, 90, 2},
		{[]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 50, 5},
		{[]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90, 9},
		{[]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 90, 10},
		{[]int{1, 2, 3}, 0, 1},
	}
	for _, tt := range tests {
		if got := nearestRank(tt.sorted, tt.p); got != tt.want {
			t.Errorf("nearestRank(%v, %v) = %d, want %d", tt.sorted, tt.p, got, tt.want)
		}
	}
}

func TestStatsTable(t *testing.T) {
	const want = `examples                       4
messages                      14
tool calls                     3
assistant turns with calls     2
user messages                  4
distinct user messages         3   75.0%

conversation length (characters)
  min                          5
  p50                          7
  mean                      35.0
  p90                         76
  max                         76

messages by role
  system                       1    7.1%
  user                         4   28.6%
  assistant                    6   42.9%
  tool                         3   21.4%

examples by scenario
  single                       1   25.0%
  parallel                     1   25.0%
  no_tool                      1   25.0%
  (none)                       1   25.0%

examples by number of calls
  0                            2   50.0%
  1                            1   25.0%
  2                            1   25.0%

calls by tool
  w                            3  100.0%

distinct values per argument (share of its uses)
  w.c                          3  100.0%
`
	if got := Stats(statsExamples()).String(); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
}

func BenchmarkStats(b *testing.B) {
	examples := manyExamples(1000)
	for b.Loop() {
		Stats(examples)
	}
}

// Repeated values count once; values compare as JSON, so 2 and 2.0 are one value and "2" another.
func TestStatsDistinctArguments(t *testing.T) {
	exs := []Example{
		{Messages: []Message{user("a"), calls("", call("w", map[string]any{"c": "x", "n": 2}), call("w", map[string]any{"c": "x"}))}},
		{Messages: []Message{user("b"), calls("", call("w", map[string]any{"c": "y", "n": 2.0}), call("v", map[string]any{"n": "2"}))}},
	}
	s := Stats(exs)
	wantUses := map[string]int{"w.c": 3, "w.n": 2, "v.n": 1}
	wantDistinct := map[string]int{"w.c": 2, "w.n": 1, "v.n": 1}
	if !reflect.DeepEqual(s.ArgumentUses, wantUses) || !reflect.DeepEqual(s.DistinctArguments, wantDistinct) {
		t.Errorf("uses %v distinct %v, want %v and %v", s.ArgumentUses, s.DistinctArguments, wantUses, wantDistinct)
	}
	if !strings.Contains(s.String(), "  w.c                          2   66.7%") {
		t.Errorf("table lacks the w.c row:\n%s", s)
	}
}

func TestScenarioOrder(t *testing.T) {
	m := map[string]bool{"zeta": true, ScenarioClarify: true, "alpha": true, ScenarioSingle: false}
	want := []string{ScenarioSingle, ScenarioClarify, "alpha", "zeta"}
	if got := ScenarioOrder(m); !slices.Equal(got, want) {
		t.Errorf("ScenarioOrder = %v, want %v", got, want)
	}
}
