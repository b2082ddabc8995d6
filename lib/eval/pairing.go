package eval

import (
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// pairResult is what an expected call was paired with: the predicted call's index (-1 for
// none) and the verdicts on their parameters.
type pairResult struct {
	predicted int
	keys      []keyResult
}

// pairCalls pairs every expected call with at most one predicted call of the same name so that
// as many calls as possible are paired and, among such pairings, the most parameters agree.
// The result has one entry per expected call.
func pairCalls(ts []tools.Tool, expected, predicted []dataset.ToolCall) []pairResult {
	out := make([]pairResult, len(expected))
	for i := range out {
		out[i].predicted = -1
	}
	done := make([]bool, len(expected))
	for e := range expected {
		if done[e] {
			continue
		}
		name := expected[e].Name
		es := indicesNamed(expected, name)
		ps := indicesNamed(predicted, name)
		for _, i := range es {
			done[i] = true
		}
		if len(ps) == 0 {
			continue
		}
		schema := paramSchema(ts, name)
		keys := make([][][]keyResult, len(es))
		weight := make([][]int, len(es))
		for i, ei := range es {
			keys[i] = make([][]keyResult, len(ps))
			weight[i] = make([]int, len(ps))
			for j, pj := range ps {
				keys[i][j] = compareObject(schema, expected[ei].Parameters, predicted[pj].Parameters)
				weight[i][j] = countOK(keys[i][j])
			}
		}
		for i, j := range assign(weight) {
			if j >= 0 {
				out[es[i]] = pairResult{predicted: ps[j], keys: keys[i][j]}
			}
		}
	}
	return out
}

// paramSchema returns the parameter schema of the named tool, or an empty object schema when
// the example does not offer it (values are then compared by their expected types).
func paramSchema(ts []tools.Tool, name string) *tools.Schema {
	if t := toolNamed(ts, name); t != nil {
		return &t.Parameters
	}
	return &tools.Schema{Type: tools.TypeObject}
}

func indicesNamed(calls []dataset.ToolCall, name string) []int {
	var out []int
	for i, c := range calls {
		if c.Name == name {
			out = append(out, i)
		}
	}
	return out
}

func countOK(rs []keyResult) int {
	n := 0
	for _, r := range rs {
		if r.ok {
			n++
		}
	}
	return n
}

// maxExactRows bounds the rows assign pairs exactly: its table has 2^rows entries per column.
// One assistant turn rarely makes more than a handful of calls to the same tool.
const maxExactRows = 10

// assign pairs rows with distinct columns, maximising first the number of pairs and then the
// total weight, and returns each row's column (-1 for none). Up to maxExactRows rows the
// answer is exact (dynamic programming over the subsets of rows, column by column); beyond,
// pairs are taken greedily by weight.
func assign(weight [][]int) []int {
	rows := len(weight)
	if rows == 0 {
		return nil
	}
	if rows > maxExactRows {
		return assignGreedy(weight)
	}
	cols := len(weight[0])
	// A pairing's value: the pair count in the high bits, the weight sum in the low ones, so
	// that comparing values compares pair counts first.
	const pairUnit = int64(1) << 32
	best := make([]int64, 1<<rows)
	for m := 1; m < len(best); m++ {
		best[m] = -1 // not reachable yet
	}
	choice := make([][]int8, cols) // choice[c][m]: row given column c to reach rows m, or -1
	for c := range cols {
		next := append([]int64(nil), best...)
		choice[c] = make([]int8, len(best))
		for m := range choice[c] {
			choice[c][m] = -1
		}
		for m, v := range best {
			if v < 0 {
				continue
			}
			for r := range rows {
				bit := 1 << r
				if m&bit != 0 {
					continue
				}
				if cand := v + pairUnit + int64(weight[r][c]); cand > next[m|bit] {
					next[m|bit], choice[c][m|bit] = cand, int8(r)
				}
			}
		}
		best = next
	}
	mask := 0
	for m, v := range best {
		if v > best[mask] {
			mask = m
		}
	}
	out := make([]int, rows)
	for r := range out {
		out[r] = -1
	}
	for c := cols - 1; c >= 0; c-- {
		if r := choice[c][mask]; r >= 0 {
			out[r] = c
			mask &^= 1 << r
		}
	}
	return out
}

// assignGreedy repeatedly pairs the free row and column of highest weight (earliest on ties).
func assignGreedy(weight [][]int) []int {
	rows, cols := len(weight), len(weight[0])
	out := make([]int, rows)
	for r := range out {
		out[r] = -1
	}
	colUsed := make([]bool, cols)
	for range min(rows, cols) {
		br, bc := -1, -1
		for r := range rows {
			for c := range cols {
				if out[r] < 0 && !colUsed[c] && (br < 0 || weight[r][c] > weight[br][bc]) {
					br, bc = r, c
				}
			}
		}
		out[br], colUsed[bc] = bc, true
	}
	return out
}
