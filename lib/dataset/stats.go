package dataset

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tooltune/tooltune/lib/tools"
)

// Statistics summarises a dataset: what is in it (tools called, scenarios, calls per example)
// and how big its conversations are, to spot an unbalanced or degenerate generated set before
// spending hours training on it.
type Statistics struct {
	Examples int
	Messages int
	// MessagesByRole counts messages per role (unknown roles included under their own name).
	MessagesByRole map[string]int
	// ToolCalls is the number of calls over all assistant messages; CallTurns the number of
	// assistant messages that make at least one call.
	ToolCalls int
	CallTurns int
	// CallsByTool counts calls per tool name.
	CallsByTool map[string]int
	// ByScenario counts examples per scenario; examples without one count under "".
	ByScenario map[string]int
	// ByCallCount maps a number of calls to how many examples make that many.
	ByCallCount map[int]int
	// Length is the distribution of conversation lengths in characters (runes): the content of
	// every message plus the compact JSON of every call, an approximation of the rendered text.
	Length Distribution
	// UserMessages counts user messages and DistinctUserMessages the different texts among
	// them; a low ratio means the generator repeats itself.
	UserMessages         int
	DistinctUserMessages int
	// ArgumentUses counts, per "tool.parameter", the calls that pass it, and DistinctArguments
	// the different values among them. A free-text argument with few distinct values (twenty
	// news topics over thousands of calls) can be memorised by a model instead of copied from
	// the request, and then fails on every value it has not seen.
	ArgumentUses      map[string]int
	DistinctArguments map[string]int
}

// Distribution is a five-number summary. Percentiles use the nearest-rank method: P50 and P90
// are values that occur in the data.
type Distribution struct {
	Min, Max int
	Mean     float64
	P50, P90 int
}

// DistinctUserRatio is DistinctUserMessages / UserMessages, or 0 when there are none.
func (s *Statistics) DistinctUserRatio() float64 {
	if s.UserMessages == 0 {
		return 0
	}
	return float64(s.DistinctUserMessages) / float64(s.UserMessages)
}

// Stats computes the statistics of a dataset.
func Stats(examples []Example) Statistics {
	s := Statistics{
		Examples:       len(examples),
		MessagesByRole: map[string]int{},
		CallsByTool:    map[string]int{},
		ByScenario:     map[string]int{},
		ByCallCount:    map[int]int{},
		ArgumentUses:   map[string]int{},
	}
	distinct := map[string]bool{}
	argValues := map[string]map[string]bool{}
	lengths := make([]int, len(examples))
	for i := range examples {
		ex := &examples[i]
		s.ByScenario[ex.Scenario]++
		calls := 0
		for _, m := range ex.Messages {
			s.Messages++
			s.MessagesByRole[m.Role]++
			lengths[i] += utf8.RuneCountInString(m.Content)
			if m.Role == RoleUser {
				s.UserMessages++
				distinct[m.Content] = true
			}
			if len(m.ToolCalls) > 0 {
				s.CallTurns++
			}
			for _, c := range m.ToolCalls {
				calls++
				s.CallsByTool[c.Name]++
				lengths[i] += callLength(c)
				countArguments(c, s.ArgumentUses, argValues)
			}
		}
		s.ToolCalls += calls
		s.ByCallCount[calls]++
	}
	s.DistinctUserMessages = len(distinct)
	s.Length = distribution(lengths)
	s.DistinctArguments = map[string]int{}
	for arg, values := range argValues {
		s.DistinctArguments[arg] = len(values)
	}
	return s
}

// countArguments adds the arguments of c to uses and their values, in tools.CanonicalJSON form
// (so 2 and 2.0 are one value), to values.
func countArguments(c ToolCall, uses map[string]int, values map[string]map[string]bool) {
	for key, v := range c.Parameters {
		arg := c.Name + "." + key
		uses[arg]++
		if values[arg] == nil {
			values[arg] = map[string]bool{}
		}
		values[arg][tools.CanonicalJSON(v)] = true
	}
}

// callLength is the length in runes of a call's compact JSON.
func callLength(c ToolCall) int {
	raw, err := marshalCompact(c)
	if err != nil { // a value JSON cannot hold: count what can be counted
		return utf8.RuneCountInString(c.Name)
	}
	return utf8.RuneCount(raw)
}

func distribution(values []int) Distribution {
	if len(values) == 0 {
		return Distribution{}
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	sum := 0
	for _, v := range sorted {
		sum += v
	}
	return Distribution{
		Min:  sorted[0],
		Max:  sorted[len(sorted)-1],
		Mean: float64(sum) / float64(len(sorted)),
		P50:  nearestRank(sorted, 50),
		P90:  nearestRank(sorted, 90),
	}
}

// nearestRank is the smallest value with at least p percent of the sorted values at or below it.
func nearestRank(sorted []int, p float64) int {
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[max(rank, 1)-1]
}

// String renders the statistics as the table WriteTable prints.
func (s Statistics) String() string {
	var b strings.Builder
	s.WriteTable(&b)
	return b.String()
}

// WriteTable prints the statistics as aligned sections: totals, lengths, then per role, per scenario
// (in Scenarios() order, then any others), per number of calls and per tool (most called first).
// Counts are right-aligned, followed by their share of the section's total.
func (s Statistics) WriteTable(w io.Writer) error {
	var t table
	t.row("examples", s.Examples, "")
	t.row("messages", s.Messages, "")
	t.row("tool calls", s.ToolCalls, "")
	t.row("assistant turns with calls", s.CallTurns, "")
	t.row("user messages", s.UserMessages, "")
	t.row("distinct user messages", s.DistinctUserMessages, percent(s.DistinctUserMessages, s.UserMessages))

	t.section("conversation length (characters)")
	t.row("  min", s.Length.Min, "")
	t.row("  p50", s.Length.P50, "")
	t.row("  mean", fmt.Sprintf("%.1f", s.Length.Mean), "")
	t.row("  p90", s.Length.P90, "")
	t.row("  max", s.Length.Max, "")

	t.section("messages by role")
	for _, r := range orderedKeys(s.MessagesByRole, roles()) {
		t.row("  "+r, s.MessagesByRole[r], percent(s.MessagesByRole[r], s.Messages))
	}
	t.section("examples by scenario")
	for _, sc := range ScenarioOrder(s.ByScenario) {
		label := sc
		if label == "" {
			label = "(none)"
		}
		t.row("  "+label, s.ByScenario[sc], percent(s.ByScenario[sc], s.Examples))
	}
	t.section("examples by number of calls")
	for _, n := range slices.Sorted(maps.Keys(s.ByCallCount)) {
		t.row(fmt.Sprintf("  %d", n), s.ByCallCount[n], percent(s.ByCallCount[n], s.Examples))
	}
	t.section("calls by tool")
	for _, name := range byCountDesc(s.CallsByTool) {
		t.row("  "+name, s.CallsByTool[name], percent(s.CallsByTool[name], s.ToolCalls))
	}
	t.section("distinct values per argument (share of its uses)")
	for _, arg := range slices.Sorted(maps.Keys(s.ArgumentUses)) {
		t.row("  "+arg, s.DistinctArguments[arg], percent(s.DistinctArguments[arg], s.ArgumentUses[arg]))
	}
	return t.write(w)
}

// table lays out label / value / share rows with the values right-aligned in one column.
type table struct {
	rows [][3]string
}

func (t *table) row(label string, value any, share string) {
	t.rows = append(t.rows, [3]string{label, fmt.Sprint(value), share})
}

// section starts a titled group, after a blank line.
func (t *table) section(title string) {
	t.rows = append(t.rows, [3]string{}, [3]string{title, "", ""})
}

func (t *table) write(w io.Writer) error {
	var width [3]int
	for _, r := range t.rows {
		for k, cell := range r {
			if k > 0 || r[1] != "" { // titles may be longer than the label column
				width[k] = max(width[k], utf8.RuneCountInString(cell))
			}
		}
	}
	var b strings.Builder
	for _, r := range t.rows {
		line := r[0]
		if r[1] != "" {
			line = pad(r[0], width[0], false) + "  " + pad(r[1], width[1], true) + "  " + pad(r[2], width[2], true)
		}
		b.WriteString(strings.TrimRight(line, " "))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// pad widens s with spaces to width runes, on the left when right-aligning.
func pad(s string, width int, right bool) string {
	fill := strings.Repeat(" ", max(0, width-utf8.RuneCountInString(s)))
	if right {
		return fill + s
	}
	return s + fill
}

func percent(part, total int) string {
	if total == 0 {
		return ""
	}
	return fmt.Sprintf("%.1f%%", 100*float64(part)/float64(total))
}

// orderedKeys lists the keys of m: first those of known in that order, then the others sorted.
func orderedKeys[V any](m map[string]V, known []string) []string {
	var out []string
	for _, k := range known {
		if _, ok := m[k]; ok {
			out = append(out, k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains(known, k) {
			out = append(out, k)
		}
	}
	return out
}

// byCountDesc lists the keys of counts by decreasing count, ties by name.
func byCountDesc(counts map[string]int) []string {
	keys := slices.Collect(maps.Keys(counts))
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), strings.Compare(a, b))
	})
	return keys
}
