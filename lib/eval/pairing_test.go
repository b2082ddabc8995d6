package eval

import (
	"math/rand/v2"
	"testing"
)

// bruteForceBest is the reference for assign: it tries every way to give each row a distinct
// column or none and returns the best (pairs, total weight).
func bruteForceBest(weight [][]int) (pairs, total int) {
	cols := len(weight[0])
	used := make([]bool, cols)
	var walk func(r, p, w int)
	walk = func(r, p, w int) {
		if r == len(weight) {
			if p > pairs || (p == pairs && w > total) {
				pairs, total = p, w
			}
			return
		}
		walk(r+1, p, w)
		for c := range cols {
			if !used[c] {
				used[c] = true
				walk(r+1, p+1, w+weight[r][c])
				used[c] = false
			}
		}
	}
	walk(0, 0, 0)
	return pairs, total
}

// checkAssignment verifies that a is a valid partial assignment and returns its value.
func checkAssignment(t *testing.T, weight [][]int, a []int) (pairs, total int) {
	t.Helper()
	if len(a) != len(weight) {
		t.Fatalf("assignment %v for %d rows", a, len(weight))
	}
	seen := map[int]bool{}
	for r, c := range a {
		if c < 0 {
			continue
		}
		if c >= len(weight[r]) || seen[c] {
			t.Fatalf("assignment %v reuses or overflows column %d", a, c)
		}
		seen[c] = true
		pairs++
		total += weight[r][c]
	}
	return pairs, total
}

func TestAssignMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 400 {
		rows, cols := 1+r.IntN(5), 1+r.IntN(6)
		weight := make([][]int, rows)
		for i := range weight {
			weight[i] = make([]int, cols)
			for j := range weight[i] {
				weight[i][j] = r.IntN(4)
			}
		}
		gotPairs, gotTotal := checkAssignment(t, weight, assign(weight))
		wantPairs, wantTotal := bruteForceBest(weight)
		if gotPairs != wantPairs || gotTotal != wantTotal {
			t.Fatalf("trial %d, weights %v: assign gives %d pairs weighing %d, best is %d weighing %d",
				trial, weight, gotPairs, gotTotal, wantPairs, wantTotal)
		}
	}
}

func TestAssignGreedyBeyondExactLimit(t *testing.T) {
	rows := maxExactRows + 3
	weight := make([][]int, rows)
	for i := range weight {
		weight[i] = make([]int, rows-1)
		for j := range weight[i] {
			if i == j {
				weight[i][j] = 5 // the diagonal is the best pairing
			}
		}
	}
	a := assign(weight)
	pairs, total := checkAssignment(t, weight, a)
	if pairs != rows-1 || total != 5*(rows-1) {
		t.Errorf("greedy assignment %v: %d pairs weighing %d, want %d weighing %d", a, pairs, total, rows-1, 5*(rows-1))
	}
}

func TestAssignEmpty(t *testing.T) {
	if a := assign(nil); a != nil {
		t.Errorf("assign(nil) = %v", a)
	}
}
