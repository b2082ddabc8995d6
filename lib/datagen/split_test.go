package datagen

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// namedTemplates is every template set of the package, named for error messages.
func namedTemplates() map[string]templateSet {
	out := map[string]templateSet{
		"joiners":      joiners(),
		"capital":      capitalTemplates(),
		"country":      countryTemplates(),
		"month":        monthTemplates(),
		"capabilities": capabilityTemplates(),
		"substance":    substanceTemplates(),
	}
	for _, tg := range allGens() {
		out[tg.name] = tg.templates
		out[tg.name+" clarify"] = tg.clarify
	}
	for _, lr := range listRequests() {
		out[lr.tool+" list"] = lr.templates
	}
	for _, c := range allChains() {
		out[c.first+" -> "+c.second] = c.templates
	}
	var chats templateSet
	for i, c := range smallTalk() {
		if isHeldoutIndex(i) {
			chats.heldout = append(chats.heldout, c.user)
		} else {
			chats.train = append(chats.train, c.user)
		}
	}
	out["small talk"] = chats
	return out
}

func TestTemplateCounts(t *testing.T) {
	for _, tg := range allGens() {
		if n := len(tg.templates.train); n < 12 {
			t.Errorf("%s: %d training phrasings, want >= 12", tg.name, n)
		}
		if n := len(tg.templates.heldout); n < 4 {
			t.Errorf("%s: %d held-out phrasings, want >= 4", tg.name, n)
		}
		if len(tg.clarify.train) > 0 != (len(tg.clarify.heldout) > 0) {
			t.Errorf("%s: clarification phrasings exist for one split only", tg.name)
		}
	}
	if n := len(allGens()); n != tools.Builtins().Len() {
		t.Errorf("%d generators for %d built-in tools", n, tools.Builtins().Len())
	}
}

// No phrasing of the held-out split appears anywhere in the training split's phrasings, nor
// is one phrasing listed twice.
func TestTemplatesDisjoint(t *testing.T) {
	all := namedTemplates()
	train := map[string]string{}
	for _, name := range sortedKeys(all) {
		for _, tmpl := range all[name].train {
			if other, dup := train[tmpl]; dup {
				t.Errorf("training phrasing %q listed by both %s and %s", tmpl, other, name)
			}
			train[tmpl] = name
		}
	}
	heldout := map[string]bool{}
	for _, name := range sortedKeys(all) {
		for _, tmpl := range all[name].heldout {
			if other, ok := train[tmpl]; ok {
				t.Errorf("%s: held-out phrasing %q is also a training phrasing of %s", name, tmpl, other)
			}
			if heldout[tmpl] {
				t.Errorf("%s: held-out phrasing %q listed twice", name, tmpl)
			}
			heldout[tmpl] = true
		}
	}
}

// Every phrasing renders with the values its generator draws and expresses every required
// parameter; every clarification phrasing leaves at least one out.
func TestTemplatesRender(t *testing.T) {
	reg := tools.Builtins()
	for _, split := range []string{SplitTrain, SplitHeldout} {
		s := newSampler(1, 0, split, newPools(split))
		for _, tg := range allGens() {
			e, _ := reg.Get(tg.name)
			for _, tmpl := range tg.templates.forSplit(split) {
				for range 20 { // optional parameters vary between draws
					req := tg.sample(s)
					r, err := render(tmpl, req.slots, absentIn(req.args))
					if err != nil {
						t.Fatalf("%s: %v", tg.name, err)
					}
					for _, p := range e.Tool.Parameters.Required {
						if !r.params[p] {
							t.Fatalf("%s: phrasing %q has no slot for required %q", tg.name, tmpl, p)
						}
					}
					if strings.ContainsAny(r.String(), "{}") || strings.Contains(r.String(), "  ") {
						t.Fatalf("%s: phrasing %q rendered badly: %q", tg.name, tmpl, r.String())
					}
				}
			}
			for _, tmpl := range tg.clarify.forSplit(split) {
				req := tg.sample(s)
				r, err := render(tmpl, req.slots, absentIn(req.args))
				if err != nil {
					t.Fatalf("%s clarify: %v", tg.name, err)
				}
				missing := 0
				for _, p := range e.Tool.Parameters.Required {
					if !r.params[p] {
						missing++
						if tg.asks[p] == "" {
							t.Errorf("%s: no question for missing %q", tg.name, p)
						}
					}
				}
				if missing == 0 {
					t.Errorf("%s: clarification phrasing %q leaves nothing out", tg.name, tmpl)
				}
			}
		}
	}
}

// heldoutText lists every text only the held-out split may contain: its pool values and
// its small-talk messages.
func heldoutText() []string {
	out := heldoutValues()
	for i, c := range smallTalk() {
		if isHeldoutIndex(i) {
			out = append(out, c.user)
		}
	}
	return out
}

// heldoutValues lists the pool values only the held-out split may contain. Each is a whole
// name or text, matched as whole words.
func heldoutValues() []string {
	var out []string
	add := func(i int, v ...string) {
		if isHeldoutIndex(i) {
			out = append(out, v...)
		}
	}
	for i, c := range cities() {
		add(i, c.Name)
	}
	for i, p := range people() {
		add(i, p.First, p.Email)
	}
	for i, c := range companies() {
		add(i, c.Name, c.Symbol)
	}
	for i, f := range foreignTexts() {
		add(i, f.Text)
	}
	for i, e := range emailTopics() {
		add(i, e.Subject, e.Body)
	}
	for _, pool := range [][]string{englishTexts(), searchQueries(), eventTitles(), reminderMessages(), restaurants(), newsTopics(), musicQueries(), streets()} {
		for i, v := range pool {
			add(i, v)
		}
	}
	return out
}

// hits returns up to 20 places where text contains one of values as whole words, each as
// the value and its surroundings.
func hits(text string, values []string) []string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = regexp.QuoteMeta(v)
	}
	// One pass over the text with every value as a whole-word alternative.
	re := regexp.MustCompile(`(?:^|\W)(` + strings.Join(quoted, "|") + `)(?:$|\W)`)
	var hits []string
	for _, loc := range re.FindAllStringSubmatchIndex(text, 20) {
		hits = append(hits, fmt.Sprintf("%q in %q", text[loc[2]:loc[3]], text[max(0, loc[0]-60):min(len(text), loc[1]+60)]))
	}
	return hits
}

// allText is every message and call argument of exs, one per line.
func allText(exs []dataset.Example) string {
	var text strings.Builder
	for _, e := range exs {
		for _, m := range e.Messages {
			text.WriteString(m.Content + "\n")
			for _, c := range m.ToolCalls {
				b, _ := json.Marshal(c.Parameters)
				text.Write(b)
				text.WriteString("\n")
			}
		}
	}
	return text.String()
}

func TestHeldoutValuesNeverInTraining(t *testing.T) {
	for _, hit := range hits(allText(generate(t, SplitTrain, 11)), heldoutText()) {
		t.Errorf("held-out value in training data: %s", hit)
	}
	// And the held-out split does use them.
	var held strings.Builder
	for _, e := range generate(t, SplitHeldout, 11) {
		for _, m := range e.Messages {
			held.WriteString(m.Content + "\n")
		}
	}
	used := 0
	for _, v := range heldoutValues() {
		if strings.Contains(held.String(), v) {
			used++
		}
	}
	if used < len(heldoutValues())/2 {
		t.Errorf("held-out data uses only %d of %d held-out values", used, len(heldoutValues()))
	}
}

// Held-out phrasings filled with training values: no held-out value appears, and no user
// message is one the training split produces.
func TestHeldoutPhrasingsWithTrainingValues(t *testing.T) {
	cfg := DefaultConfig()
	cfg.NumExamples, cfg.Split, cfg.ValueSplit, cfg.Seed = sampleSize, SplitHeldout, SplitTrain, 12
	exs, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, hit := range hits(allText(exs), heldoutValues()) {
		t.Errorf("held-out value with ValueSplit train: %s", hit)
	}
	train := map[string]bool{}
	for _, e := range generate(t, SplitTrain, 12) {
		train[firstUser(e)] = true
	}
	for _, e := range exs {
		if u := firstUser(e); train[u] {
			t.Errorf("user message also in training: %q", u)
		}
	}
	cfg.ValueSplit = "test"
	if _, err := Generate(cfg); err == nil || !strings.Contains(err.Error(), "ValueSplit") {
		t.Errorf("ValueSplit %q: error %v, want one naming ValueSplit", cfg.ValueSplit, err)
	}
}

// The user messages of the two splits have no phrasing in common: no held-out message can
// be produced by a training template.
func TestSplitsShareNoUserMessage(t *testing.T) {
	train := map[string]bool{}
	for _, e := range generate(t, SplitTrain, 12) {
		train[firstUser(e)] = true
	}
	for _, e := range generate(t, SplitHeldout, 12) {
		if u := firstUser(e); train[u] {
			t.Errorf("held-out user message also in training: %q", u)
		}
	}
}

func TestSplitPool(t *testing.T) {
	pool := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	tests := []struct {
		split string
		want  []int
	}{
		{SplitTrain, []int{0, 1, 2, 3, 5, 6, 7, 8, 10}},
		{SplitHeldout, []int{4, 9}},
	}
	for _, tt := range tests {
		got := splitPool(pool, tt.split)
		if len(got) != len(tt.want) {
			t.Fatalf("%s: got %v, want %v", tt.split, got, tt.want)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Fatalf("%s: got %v, want %v", tt.split, got, tt.want)
			}
		}
	}
}

func TestPoolsAreLargeAndUnique(t *testing.T) {
	if n := len(cities()); n < 60 {
		t.Errorf("%d cities, want >= 60", n)
	}
	unique := func(name string, values []string) {
		seen := map[string]bool{}
		for _, v := range values {
			if seen[v] {
				t.Errorf("%s: %q listed twice", name, v)
			}
			seen[v] = true
		}
	}
	var cityNames, firsts, lasts, symbols []string
	for _, c := range cities() {
		cityNames = append(cityNames, c.Name)
	}
	for _, p := range people() {
		firsts, lasts = append(firsts, p.First), append(lasts, p.Last)
	}
	for _, c := range companies() {
		symbols = append(symbols, c.Symbol)
	}
	unique("cities", cityNames)
	unique("first names", firsts)
	unique("last names", lasts)
	unique("tickers", symbols)
	unique("queries", searchQueries())
	unique("restaurants", restaurants())
}
