package corpus

import (
	"fmt"
	"strings"
	"testing"
)

func TestErrandsAreWellFormed(t *testing.T) {
	kinds := map[string]bool{}
	for _, e := range errands() {
		if kinds[e.Kind] {
			t.Errorf("two errands of kind %q: the \"about X or Y\" question needs distinct kinds", e.Kind)
		}
		kinds[e.Kind] = true
		for _, phrase := range append([]string{e.Plain}, e.Casual...) {
			if strings.Count(phrase, "%s") != 1 || strings.Contains(strings.ReplaceAll(phrase, "%s", ""), "%") {
				t.Errorf("%s: phrase %q must hold exactly one %%s", e.Kind, phrase)
			}
		}
		if len(e.Vague) == 0 || e.Missing == "" {
			t.Errorf("%s: no vague requests or nothing they miss", e.Kind)
		}
		if len(e.Casual) < 6 || len(e.Things) < 6 {
			t.Errorf("%s: %d casual phrases and %d things, want at least 6 of each", e.Kind, len(e.Casual), len(e.Things))
		}
	}
}

// TestEverydayRewritesCopyTheObject: a casual request rewritten in plain words keeps its
// object word for word, so the kind also trains copying.
func TestEverydayRewritesCopyTheObject(t *testing.T) {
	exs, err := Generate(Config{NumExamples: 400, Seed: 5, KindWeights: map[string]float64{KindEveryday: 1}})
	if err != nil {
		t.Fatal(err)
	}
	rewrites := 0
	for i, ex := range exs {
		q, a := ex.Messages[len(ex.Messages)-2].Content, ex.Messages[len(ex.Messages)-1].Content
		if ex.Messages[0].Role == "system" || len(ex.Messages) != 2 || !strings.Contains(q, "plain") && !strings.Contains(q, "simply") {
			continue
		}
		casual := q[strings.Index(q, "\"")+1 : strings.LastIndex(q, "\"")]
		found := false
		for _, e := range errands() {
			for _, thing := range e.Things {
				for _, c := range e.Casual {
					if strings.EqualFold(fmt.Sprintf(c, thing), casual) {
						found = true
						if want := capitalize(fmt.Sprintf(e.Plain, thing)) + "."; a != want {
							t.Errorf("example %d: %q rewritten as %q, want %q", i, casual, a, want)
						}
					}
				}
			}
		}
		if !found {
			t.Errorf("example %d: %q is no errand's casual phrase", i, casual)
		}
		rewrites++
	}
	if rewrites < 40 {
		t.Errorf("only %d plain-word rewrites in 400 conversations", rewrites)
	}
}
