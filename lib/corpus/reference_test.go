package corpus

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tooltune/tooltune/lib/datagen"
	"github.com/tooltune/tooltune/lib/dataset"
)

// TestFormAnswersFollowTheCatalog checks every filled form: its name is a form of the system
// message's catalog, its JSON parses, every value is in the user's words, and every required
// field of that form is present. Questions asking for a missing field name a required one.
func TestFormAnswersFollowTheCatalog(t *testing.T) {
	exs, err := Generate(Config{NumExamples: 500, Seed: 7, KindWeights: map[string]float64{KindForm: 1}, FollowUp: 0.99})
	if err != nil {
		t.Fatal(err)
	}
	var filled, asked, other int
	for i, ex := range exs {
		if ex.Messages[0].Role != dataset.RoleSystem {
			t.Fatalf("example %d: no catalog in a system message", i)
		}
		catalog := parseCatalog(t, i, ex.Messages[0].Content)
		users := ""
		for j, m := range ex.Messages[1:] {
			if m.Role == dataset.RoleUser {
				users += m.Content + "\n"
				continue
			}
			name, object, ok := strings.Cut(m.Content, "\n")
			req, isForm := catalog[name]
			switch {
			case ok && isForm:
				filled++
				var obj map[string]any
				if err := json.Unmarshal([]byte(object), &obj); err != nil {
					t.Fatalf("example %d message %d: %q is not JSON: %v", i, j+1, object, err)
				}
				for k, v := range obj {
					if !strings.Contains(users, stringOf(v)) {
						t.Errorf("example %d: field %s=%v is not in the user's words %q", i, k, v, users)
					}
				}
				for _, k := range req {
					if _, ok := obj[k]; !ok {
						t.Errorf("example %d: form %s lacks its required field %q: %s", i, name, k, object)
					}
				}
			case strings.Contains(m.Content, "needs one more field"):
				asked++
				field := regexp.MustCompile(`field: (\w+) `).FindStringSubmatch(m.Content)
				form := regexp.MustCompile(`^The (\S+) form`).FindStringSubmatch(m.Content)
				if field == nil || form == nil || !slices.Contains(catalog[form[1]], field[1]) {
					t.Errorf("example %d: %q does not ask for a required field of a listed form", i, m.Content)
				}
			default:
				other++
			}
		}
	}
	if filled < 300 || asked < 30 || other < 30 {
		t.Errorf("filled %d forms, asked %d times, answered %d other questions; want a mix of all three", filled, asked, other)
	}
}

// parseCatalog reads the form lines of a system message: form name -> required fields.
func parseCatalog(t *testing.T, index int, system string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, line := range strings.Split(system, "\n")[1:] {
		var entry struct {
			Form   string
			Fields struct{ Required []string }
		}
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("example %d: catalog line %q: %v", index, line, err)
		}
		out[entry.Form] = entry.Fields.Required
	}
	if len(out) < 2 {
		t.Fatalf("example %d: catalog has %d forms, want 2 or more", index, len(out))
	}
	return out
}

// TestCodesStateTheGeneratorsFacts checks every airport code, time zone and ticker the codes
// kind states against lib/datagen's tables, and every date against the time package.
func TestCodesStateTheGeneratorsFacts(t *testing.T) {
	exs, err := Generate(Config{NumExamples: 800, Seed: 9, KindWeights: map[string]float64{KindCodes: 1}, FollowUp: 0.99})
	if err != nil {
		t.Fatal(err)
	}
	airport, zone, ticker := map[string]string{}, map[string]string{}, map[string]string{}
	for _, c := range datagen.Cities() {
		airport[c.Name], zone[c.Name] = c.Airport, c.TimeZone
	}
	for _, c := range datagen.Companies() {
		ticker[c.Name] = c.Symbol
	}
	airportRe := regexp.MustCompile(`^(?:The main airport of (.+) has the code|(.+)'s airport code is|For (.+), use the airport code) (\w+)\.$`)
	zoneRe := regexp.MustCompile(`^(?:(.+) is in the|The IANA time zone of (.+) is|(.+) keeps the time of) (\S+?)(?: time zone)?\.$`)
	tickerRe := regexp.MustCompile(`^(?:(.+) trades under the ticker|The ticker symbol of (.+) is|(.+)'s shares are listed as) (\S+)\.$`)
	relRe := regexp.MustCompile(`Today is \w+, (\d{4}-\d\d-\d\d)\.`)
	counts := map[string]int{}
	for i, ex := range exs {
		for _, m := range ex.Messages {
			if m.Role != dataset.RoleAssistant {
				continue
			}
			for kind, c := range map[string]struct {
				re    *regexp.Regexp
				table map[string]string
			}{"airport": {airportRe, airport}, "zone": {zoneRe, zone}, "ticker": {tickerRe, ticker}} {
				g := c.re.FindStringSubmatch(m.Content)
				if g == nil {
					continue
				}
				counts[kind]++
				name := g[1] + g[2] + g[3]
				if want := c.table[name]; want != g[4] {
					t.Errorf("example %d: %q: %s of %q is %q", i, m.Content, kind, name, want)
				}
			}
		}
		if g := relRe.FindStringSubmatch(ex.Messages[0].Content); g != nil {
			counts["relative date"]++
			today, _ := time.Parse("2006-01-02", g[1])
			days := map[string]int{"today": 0, "tomorrow": 1}
			phrase := regexp.MustCompile(`(today|tomorrow|in (\d+) days)`).FindStringSubmatch(ex.Messages[1].Content)
			n, ok := days[phrase[1]]
			if !ok {
				n, _ = strconv.Atoi(phrase[2])
			}
			if want := today.AddDate(0, 0, n).Format("2006-01-02"); !strings.Contains(ex.Messages[2].Content, want) {
				t.Errorf("example %d: %q %s from %s: got %q, want %s", i, ex.Messages[1].Content, phrase[1], g[1], ex.Messages[2].Content, want)
			}
		}
	}
	for _, kind := range []string{"airport", "zone", "ticker", "relative date"} {
		if counts[kind] < 40 {
			t.Errorf("only %d %s answers checked in 800 conversations", counts[kind], kind)
		}
	}
}
