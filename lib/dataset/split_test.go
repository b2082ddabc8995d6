package dataset

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

// numbered returns n examples told apart by their user message ("0", "1", ...); the scenario
// of example i is scenarios[i % len(scenarios)].
func numbered(n int, scenarios ...string) []Example {
	out := make([]Example, n)
	for i := range out {
		out[i] = Example{Messages: []Message{user(fmt.Sprint(i))}}
		if len(scenarios) > 0 {
			out[i].Scenario = scenarios[i%len(scenarios)]
		}
	}
	return out
}

func ids(examples []Example) []string {
	out := make([]string, len(examples))
	for i, ex := range examples {
		out[i] = ex.Messages[0].Content
	}
	return out
}

func TestSplitSizesAndDisjointness(t *testing.T) {
	tests := []struct {
		n        int
		fraction float64
		wantEval int
	}{
		{10, 0.2, 2},
		{10, 0, 0},
		{10, 1, 10},
		{7, 0.5, 4}, // 3.5 rounds half away from zero
		{3, 0.1, 0},
		{0, 0.3, 0},
		{101, 0.1, 10},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d*%v", tt.n, tt.fraction), func(t *testing.T) {
			examples := numbered(tt.n, ScenarioSingle, ScenarioParallel, ScenarioNoTool)
			train, eval, err := Split(examples, tt.fraction, 42)
			if err != nil {
				t.Fatal(err)
			}
			if len(eval) != tt.wantEval || len(train) != tt.n-tt.wantEval {
				t.Fatalf("got %d train / %d eval, want %d / %d", len(train), len(eval), tt.n-tt.wantEval, tt.wantEval)
			}
			all := append(ids(train), ids(eval)...)
			slices.Sort(all)
			want := ids(examples)
			slices.Sort(want)
			if !slices.Equal(all, want) {
				t.Errorf("train+eval is not a partition of the input: %v", all)
			}
			for _, part := range [][]Example{train, eval} { // input order is kept
				if !slices.IsSortedFunc(part, func(a, b Example) int { return atoi(a) - atoi(b) }) {
					t.Errorf("order not kept: %v", ids(part))
				}
			}
		})
	}
}

func atoi(ex Example) int {
	var n int
	fmt.Sscan(ex.Messages[0].Content, &n)
	return n
}

func TestSplitDeterministic(t *testing.T) {
	examples := numbered(200, ScenarioSingle, ScenarioParallel)
	_, first, _ := Split(examples, 0.25, 7)
	_, again, _ := Split(examples, 0.25, 7)
	if !slices.Equal(ids(first), ids(again)) {
		t.Errorf("same seed, different splits:\n%v\n%v", ids(first), ids(again))
	}
	differs := 0
	for seed := uint64(8); seed < 13; seed++ {
		if _, other, _ := Split(examples, 0.25, seed); !slices.Equal(ids(first), ids(other)) {
			differs++
		}
	}
	if differs == 0 {
		t.Errorf("five other seeds all gave the split of seed 7")
	}
}

func TestSplitStratified(t *testing.T) {
	var examples []Example
	for _, s := range []struct {
		scenario string
		n        int
	}{{ScenarioSingle, 60}, {ScenarioParallel, 25}, {ScenarioNoTool, 10}, {ScenarioClarify, 5}} {
		examples = append(examples, numbered(s.n, s.scenario)...)
	}
	_, eval, err := Split(examples, 0.1, 3)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, ex := range eval {
		got[ex.Scenario]++
	}
	// Exact shares 6, 2.5, 1, 0.5: floors 6, 2, 1, 0 and one left over for the first of the
	// two largest remainders (parallel before clarify).
	want := map[string]int{ScenarioSingle: 6, ScenarioParallel: 3, ScenarioNoTool: 1}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("eval per scenario %v, want %v", got, want)
	}
}

func TestAllocate(t *testing.T) {
	tests := []struct {
		sizes []int
		want  int
		quota []int
	}{
		{[]int{5, 3, 2}, 5, []int{3, 1, 1}}, // 2.5 1.5 1
		{[]int{1, 1, 1}, 2, []int{1, 1, 0}},
		{[]int{4, 4}, 8, []int{4, 4}},
		{[]int{3, 7}, 0, []int{0, 0}},
		{[]int{1, 2, 97}, 10, []int{0, 0, 10}}, // 0.1 0.2 9.7: the 0.7 remainder wins
	}
	for _, tt := range tests {
		strata := make([][]int, len(tt.sizes))
		total := 0
		for k, n := range tt.sizes {
			strata[k] = make([]int, n)
			total += n
		}
		if got := allocate(strata, tt.want, total); !slices.Equal(got, tt.quota) {
			t.Errorf("allocate(%v, %d) = %v, want %v", tt.sizes, tt.want, got, tt.quota)
		}
	}
}

func TestSplitRejectsBadFractions(t *testing.T) {
	for _, f := range []float64{-0.1, 1.01, math.NaN(), math.Inf(1)} {
		if _, _, err := Split(numbered(5), f, 1); err == nil {
			t.Errorf("fraction %v accepted", f)
		}
	}
}

func TestShuffle(t *testing.T) {
	examples := numbered(50)
	before := ids(examples)
	a := Shuffle(examples, 99)
	b := Shuffle(examples, 99)
	if !slices.Equal(ids(a), ids(b)) {
		t.Errorf("same seed, different orders")
	}
	if !slices.Equal(ids(examples), before) {
		t.Errorf("Shuffle modified its input")
	}
	if slices.Equal(ids(a), before) {
		t.Errorf("50 examples left in input order")
	}
	got := slices.Clone(ids(a))
	slices.Sort(got)
	want := slices.Clone(before)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("not a permutation")
	}
	if len(Shuffle(nil, 1)) != 0 {
		t.Errorf("Shuffle(nil) not empty")
	}
}
