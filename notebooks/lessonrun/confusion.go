package lessonrun

import (
	"cmp"
	"maps"
	"slices"

	"github.com/tooltune/tooltune/lib/eval"
)

// Labels of ToolConfusion's rows and columns that are not tool names.
const (
	// NoCall is the row of cases that expect no call, and the column of expected calls that
	// got none.
	NoCall = "(no call)"
	// Malformed is the column of expected calls answered with a <tool_call> block that does
	// not parse.
	Malformed = "(malformed call)"
)

// Confusion counts, over the samples, which tool the model called for each tool it should
// have called: counts[e][p] is how often expected[e] was answered with predicted[p], in the
// form plots.ToolConfusion draws. lib/eval pairs only calls of the same name; the calls it
// leaves unpaired are matched here in order (the first missing expected call with the first
// extra predicted call, ...), which for the common single-call case is exactly "expected X,
// called Y". Missing calls left over count as NoCall (or Malformed when the output had a
// malformed block), extra calls left over in the NoCall row. Labels are sorted, with the
// NoCall and Malformed labels last.
func Confusion(samples []eval.Sample) (expected, predicted []string, counts [][]int) {
	tally := map[[2]string]int{}
	for _, s := range samples {
		var missing, extra []string
		for _, cv := range s.Verdicts.Calls {
			switch {
			case cv.Expected >= 0 && cv.Predicted >= 0:
				tally[[2]string{cv.Tool, cv.Tool}]++
			case cv.Expected >= 0:
				missing = append(missing, cv.Tool)
			default:
				extra = append(extra, cv.Tool)
			}
		}
		if len(s.Expected) == 0 && len(extra) == 0 {
			answer := NoCall
			if len(s.ParseErrors) > 0 {
				answer = Malformed
			}
			tally[[2]string{NoCall, answer}]++
		}
		for i, e := range missing {
			answer := NoCall
			switch {
			case i < len(extra):
				answer = extra[i]
			case len(s.ParseErrors) > 0:
				answer = Malformed
			}
			tally[[2]string{e, answer}]++
		}
		for _, p := range extra[min(len(missing), len(extra)):] {
			tally[[2]string{NoCall, p}]++
		}
	}
	rows, cols := map[string]bool{}, map[string]bool{}
	for k := range tally {
		rows[k[0]], cols[k[1]] = true, true
	}
	expected, predicted = labels(rows), labels(cols)
	counts = make([][]int, len(expected))
	for i, e := range expected {
		counts[i] = make([]int, len(predicted))
		for j, p := range predicted {
			counts[i][j] = tally[[2]string{e, p}]
		}
	}
	return expected, predicted, counts
}

// labels sorts the set's names, tool names first and the parenthesised labels last.
func labels(set map[string]bool) []string {
	return slices.SortedFunc(maps.Keys(set), func(a, b string) int {
		return cmp.Or(cmp.Compare(special(a), special(b)), cmp.Compare(a, b))
	})
}

func special(label string) int {
	switch label {
	case NoCall:
		return 1
	case Malformed:
		return 2
	}
	return 0
}
