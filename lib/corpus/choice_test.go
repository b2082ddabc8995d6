package corpus

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/dataset"
)

// TestChoiceAnswersUseTheListedSpelling checks every choice conversation: the answer names a
// form of the catalog, fills each of its fields with a value that field lists, and the request
// says that value in one of its words (so the mapping is learnable, and never ambiguous: no
// word of the request names another value of the same field).
func TestChoiceAnswersUseTheListedSpelling(t *testing.T) {
	exs, err := Generate(Config{NumExamples: 400, Seed: 5, KindWeights: map[string]float64{KindChoice: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate("choice", exs); err != nil {
		t.Fatal(err)
	}
	said := map[string][]string{} // value -> its words, over all fields
	for _, f := range choiceFields() {
		for _, v := range f.Values {
			said[v.Value] = append(said[v.Value], v.Said...)
		}
	}
	seen := map[string]bool{}
	for i, ex := range exs {
		if ex.Messages[0].Role != dataset.RoleSystem || len(ex.Messages) < 3 {
			t.Fatalf("example %d: want a catalog, a request and an answer, got %d messages", i, len(ex.Messages))
		}
		catalog := map[string]map[string][]string{} // form -> field -> listed values
		for _, line := range strings.Split(ex.Messages[0].Content, "\n")[1:] {
			var entry struct {
				Form   string
				Fields struct {
					Properties map[string]struct{ Enum []string }
				}
			}
			if err := json.Unmarshal([]byte(line), &entry); err != nil {
				t.Fatalf("example %d: catalog line %q: %v", i, line, err)
			}
			catalog[entry.Form] = map[string][]string{}
			for name, p := range entry.Fields.Properties {
				catalog[entry.Form][name] = p.Enum
			}
		}
		request := strings.ToLower(ex.Messages[1].Content) // Generate's noise may change case
		name, object, _ := strings.Cut(ex.Messages[2].Content, "\n")
		fields, ok := catalog[name]
		if !ok {
			t.Fatalf("example %d: %q is not a form of the catalog", i, name)
		}
		var obj map[string]string
		if err := json.Unmarshal([]byte(object), &obj); err != nil || len(obj) != len(fields) {
			t.Fatalf("example %d: answer %q does not fill the %d fields of %s (%v)", i, object, len(fields), name, err)
		}
		for field, value := range obj {
			listed, ok := fields[field]
			if !ok || !slices.Contains(listed, value) {
				t.Errorf("example %d: %s=%q is not a value %s lists (%v)", i, field, value, name, listed)
			}
			if !slices.ContainsFunc(said[value], func(w string) bool { return strings.Contains(request, strings.ToLower(w)) }) {
				t.Errorf("example %d: the request %q does not say %q", i, request, value)
			}
			for _, other := range listed {
				if other != value && slices.ContainsFunc(said[other], func(w string) bool { return containsWord(request, strings.ToLower(w)) }) {
					t.Errorf("example %d: the request %q also names %q, another value of %s", i, request, other, field)
				}
			}
			seen[value] = true
		}
	}
	if len(seen) < 30 {
		t.Errorf("only %d distinct values filled in 400 conversations", len(seen))
	}
}

// containsWord reports whether phrase occurs in text between word boundaries.
func containsWord(text, phrase string) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], phrase)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(phrase)
		if (start == 0 || !isLetter(text[start-1])) && (end == len(text) || !isLetter(text[end])) {
			return true
		}
		from = start + 1
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
