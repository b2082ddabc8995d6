package corpus

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/dataset"
)

// catalogForms reads the form names and field names of a catalog system message.
func catalogForms(t *testing.T, system string) map[string]map[string]bool {
	t.Helper()
	out := map[string]map[string]bool{}
	for _, line := range strings.Split(system, "\n")[1:] {
		var entry struct {
			Form   string `json:"form"`
			Fields struct {
				Properties map[string]json.RawMessage `json:"properties"`
				Required   []string                   `json:"required"`
			} `json:"fields"`
		}
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("catalog line %q: %v", line, err)
		}
		out[entry.Form] = map[string]bool{}
		for f := range entry.Fields.Properties {
			out[entry.Form][f] = true
		}
		for _, r := range entry.Fields.Required {
			if !out[entry.Form][r] {
				t.Fatalf("catalog line %q requires %q, which it does not list", line, r)
			}
		}
	}
	return out
}

// TestCatalogAnswersFillListedFormsWithCopiedValues checks every filled answer of the catalog
// kind: each form it names is in the catalog, each key is one of that form's fields, and each
// string value is copied from the conversation's user messages.
func TestCatalogAnswersFillListedFormsWithCopiedValues(t *testing.T) {
	exs, err := Generate(Config{NumExamples: 600, Seed: 5, KindWeights: map[string]float64{KindCatalog: 1}})
	if err != nil {
		t.Fatal(err)
	}
	var filled, twoForms, noFit, asked int
	for i, ex := range exs {
		if ex.Messages[0].Role != dataset.RoleSystem {
			t.Fatalf("example %d: no catalog system message", i)
		}
		forms := catalogForms(t, ex.Messages[0].Content)
		var users string
		for _, m := range ex.Messages[1:] {
			if m.Role == dataset.RoleUser {
				users += m.Content + "\n"
				continue
			}
			switch {
			case strings.HasPrefix(m.Content, "None of these forms"):
				noFit++
				continue
			case strings.Contains(m.Content, "needs one more field"):
				asked++
				continue
			}
			lines := strings.Split(m.Content, "\n")
			if len(lines)%2 != 0 || forms[lines[0]] == nil {
				continue // an answer in prose (the catalog's fact questions)
			}
			filled++
			if len(lines) == 4 {
				twoForms++
			}
			for j := 0; j < len(lines); j += 2 {
				fields := forms[lines[j]]
				if fields == nil {
					t.Fatalf("example %d: answer names %q, not in the catalog:\n%s", i, lines[j], ex.Messages[0].Content)
				}
				var obj map[string]any
				if err := json.Unmarshal([]byte(lines[j+1]), &obj); err != nil {
					t.Fatalf("example %d: answer %q: %v", i, lines[j+1], err)
				}
				for k, v := range obj {
					if !fields[k] {
						t.Errorf("example %d: %s has no field %q", i, lines[j], k)
					}
					if s, ok := v.(string); ok && !strings.Contains(users, s) {
						t.Errorf("example %d: value %q of %s is not in the request %q", i, s, k, users)
					}
				}
			}
		}
	}
	// Each branch of catalogTopic appears: one form, two forms, no form fits, a missing field.
	if filled < 300 || twoForms < 40 || noFit < 40 || asked < 40 {
		t.Errorf("filled %d (two forms %d), no fit %d, asked %d of 600: a branch is missing or rare", filled, twoForms, noFit, asked)
	}
}

// TestCatalogNeighboursShareAWord checks that a catalog's entries are told apart by reading
// them: from the second on, most share their verb or object with an earlier one.
func TestCatalogNeighboursShareAWord(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var shared, later int
	for range 300 {
		svcs := catalogServices(rng, 4)
		seen := map[string]bool{}
		for i, s := range svcs {
			if seen[s.name()] {
				t.Fatalf("service %s twice in one catalog", s.name())
			}
			seen[s.name()] = true
			if i == 0 {
				continue
			}
			later++
			for _, o := range svcs[:i] {
				if o.verb.Verb == s.verb.Verb || o.obj.Short == s.obj.Short {
					shared++
					break
				}
			}
		}
	}
	if shared*2 < later {
		t.Errorf("%d of %d later entries share a word with an earlier one; want most", shared, later)
	}
}

// TestCatalogKeepsToErrandsWithoutTools checks that no catalog service is an errand of
// lib/datagen's tools (everyday.go lists them): the base model must learn to read catalogs,
// not the tools' jobs.
func TestCatalogKeepsToErrandsWithoutTools(t *testing.T) {
	banned := []string{"music", "song", "news", "headline", "search", "email", "mail", "translate", "direction", "weather", "forecast", "convert", "currency", "exchange"}
	for _, s := range allServices() {
		text := strings.ToLower(s.plain() + " " + strings.Join(s.obj.Said, " ") + " " + strings.Join(s.verb.Casual, " "))
		for _, w := range banned {
			if strings.Contains(text, w) {
				t.Errorf("service %s mentions %q", s.name(), w)
			}
		}
	}
}
