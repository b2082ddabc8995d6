package guide

import (
	"bytes"
	"encoding/json"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/datagen"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tokenizer"
	"github.com/tooltune/tooltune/lib/tools"
)

func mustSyntax(t testing.TB, tmpl chat.Template) chat.CallSyntax {
	t.Helper()
	syn, err := SyntaxOf(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	return syn
}

func mustGrammar(t *testing.T, syn chat.CallSyntax, offered []tools.Tool) *grammar {
	t.Helper()
	g, err := newGrammar(syn, offered)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// accepts feeds text (what follows the opening marker) and returns how many bytes were
// accepted and whether the block closed.
func accepts(g *grammar, text string) (int, bool) {
	c := g.start()
	for i := 0; i < len(text); i++ {
		if c.closed() {
			return i, true
		}
		if !c.feed(text[i]) {
			return i, false
		}
	}
	return len(text), c.closed()
}

func testTools(t testing.TB) []tools.Tool {
	t.Helper()
	const schema = `[
	{"name": "get_weather", "description": "Weather now.", "parameters": {"type": "object", "properties": {
		"location": {"type": "string"},
		"unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["location"]}},
	{"name": "get_weather_forecast", "description": "Forecast.", "parameters": {"type": "object", "properties": {
		"location": {"type": "string"},
		"days": {"type": "integer"},
		"ratio": {"type": "number"},
		"alerts": {"type": "boolean"},
		"cc": {"type": "array", "items": {"type": "string"}},
		"size": {"enum": [1, 10]},
		"extra": {"type": "object"},
		"note": {}}, "required": ["location", "days"]}}]`
	var ts []tools.Tool
	if err := json.Unmarshal([]byte(schema), &ts); err != nil {
		t.Fatal(err)
	}
	return ts
}

func TestCallGrammar(t *testing.T) {
	orig := mustSyntax(t, chat.Compact{})
	hermes := mustSyntax(t, chat.Hermes{})
	const close = "\n</tool_call>"
	tests := []struct {
		name   string
		syn    chat.CallSyntax
		text   string
		closed bool // the whole text is accepted and closes the block
		stop   int  // otherwise: the bytes accepted before the first refused one (-1: all)
	}{
		{"shortest call", orig, "\nname: get_weather\nparameters: {\"location\": \"Oslo\"}" + close, true, 0},
		{"name that is a prefix of another", orig, "\nname: get_weather_forecast\nparameters: {\"location\": \"Oslo\", \"days\": 3}" + close, true, 0},
		{"every type", orig, "\nname: get_weather_forecast\nparameters: {\"days\": -12, \"location\": \"a \\\"b\\\" \\u00e9\", \"ratio\": 2.5e-3, \"alerts\": false, \"cc\": [\"x\", \"y\"], \"size\": 10, \"extra\": {\"k\": [1, {\"z\": null}]}, \"note\": true}" + close, true, 0},
		{"no space after colon and comma", orig, "\nname: get_weather\nparameters: {\"location\":\"Oslo\",\"unit\":\"celsius\"}" + close, true, 0},
		{"empty array", orig, "\nname: get_weather_forecast\nparameters: {\"location\": \"Oslo\", \"days\": 1, \"cc\": []}" + close, true, 0},
		{"hermes", hermes, "\n{\"name\": \"get_weather\", \"arguments\": {\"location\": \"Oslo\"}}\n</tool_call>", true, 0},
		{"tool not offered", orig, "\nname: send_email", false, len("\nname: ")},
		{"tool cut short", orig, "\nname: get_weat\n", false, len("\nname: get_weat")},
		{"unknown parameter", orig, "\nname: get_weather\nparameters: {\"city\"", false, len("\nname: get_weather\nparameters: {\"")},
		{"parameter twice", orig, "\nname: get_weather\nparameters: {\"location\": \"a\", \"location\"", false, len("\nname: get_weather\nparameters: {\"location\": \"a\", \"")},
		{"missing required parameter", orig, "\nname: get_weather\nparameters: {\"unit\": \"celsius\"}", false, len("\nname: get_weather\nparameters: {\"unit\": \"celsius\"")},
		{"empty object with a required parameter", orig, "\nname: get_weather\nparameters: {}", false, len("\nname: get_weather\nparameters: {")},
		{"value outside the enum", orig, "\nname: get_weather\nparameters: {\"location\": \"a\", \"unit\": \"kelvin\"}", false, len("\nname: get_weather\nparameters: {\"location\": \"a\", \"unit\": \"")},
		{"string for an integer", orig, "\nname: get_weather_forecast\nparameters: {\"days\": \"3\"", false, len("\nname: get_weather_forecast\nparameters: {\"days\": ")},
		{"fraction for an integer", orig, "\nname: get_weather_forecast\nparameters: {\"days\": 3.5", false, len("\nname: get_weather_forecast\nparameters: {\"days\": 3")},
		{"leading zero", orig, "\nname: get_weather_forecast\nparameters: {\"days\": 03", false, len("\nname: get_weather_forecast\nparameters: {\"days\": 0")},
		{"number enum cut short", orig, "\nname: get_weather_forecast\nparameters: {\"location\": \"a\", \"days\": 1, \"size\": 1}" + close, true, 0},
		{"bad escape", orig, "\nname: get_weather\nparameters: {\"location\": \"a\\x", false, len("\nname: get_weather\nparameters: {\"location\": \"a\\")},
		{"newline inside a string", orig, "\nname: get_weather\nparameters: {\"location\": \"a\nb", false, len("\nname: get_weather\nparameters: {\"location\": \"a")},
		{"two spaces", orig, "\nname: get_weather\nparameters: {\"location\":  ", false, len("\nname: get_weather\nparameters: {\"location\": ")},
		{"comma after the last declared key", orig, "\nname: get_weather\nparameters: {\"unit\": \"celsius\", \"location\": \"a\", ", false, len("\nname: get_weather\nparameters: {\"unit\": \"celsius\", \"location\": \"a\"")},
		{"trailing comma", orig, "\nname: get_weather\nparameters: {\"location\": \"a\",}", false, len("\nname: get_weather\nparameters: {\"location\": \"a\",")},
		{"end of turn inside the block", orig, "\nname: get_weather\nparameters: {\"location\": \"a\"}<|end|>", false, len("\nname: get_weather\nparameters: {\"location\": \"a\"}")},
		{"text after the block is free", orig, "\nname: get_weather\nparameters: {\"location\": \"a\"}" + close + "\nanything {", true, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := mustGrammar(t, tc.syn, testTools(t))
			n, closed := accepts(g, tc.text)
			if tc.closed {
				if !closed {
					t.Fatalf("refused at byte %d (%q) of %q", n, tc.text[n:], tc.text)
				}
				return
			}
			if closed || n != tc.stop {
				t.Fatalf("accepted %d bytes (closed %v), want %d: %q | %q", n, closed, tc.stop, tc.text[:n], tc.text[n:])
			}
		})
	}
}

// TestGrammarAcceptsRenderedCalls checks the grammar against lib/chat's own rendering: every
// call of a generated dataset, as each template writes it, is accepted to its closing marker.
func TestGrammarAcceptsRenderedCalls(t *testing.T) {
	cfg := datagen.DefaultConfig()
	cfg.NumExamples = 300
	exs, err := datagen.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Strings that JSON writers escape differently: HTML characters, non-ASCII, a float enum.
	var odd []tools.Tool
	if err := json.Unmarshal([]byte(`[{"name": "pick", "description": "Pick.", "parameters": {"type": "object", "properties": {
		"größe": {"type": "string", "enum": ["a&b", "<c>", "été"]},
		"rate": {"type": "number", "enum": [1.0, 2.5]}}, "required": ["größe"]}}]`), &odd); err != nil {
		t.Fatal(err)
	}
	exs = append(exs, dataset.Example{Tools: odd, Messages: []dataset.Message{
		{Role: dataset.RoleUser, Content: "Pick."},
		{Role: dataset.RoleAssistant, ToolCalls: []dataset.ToolCall{{Name: "pick", Parameters: map[string]any{"größe": "a&b", "rate": 1.0}}}},
	}})
	for _, tmpl := range []chat.Template{chat.Compact{}, chat.Original{}, chat.Hermes{}} {
		syn := mustSyntax(t, tmpl)
		calls := 0
		for i, ex := range exs {
			r, err := tmpl.Render(ex)
			if err != nil {
				t.Fatal(err)
			}
			g := mustGrammar(t, syn, ex.Tools)
			// The system turn's instruction shows a made-up call; the calls follow the user.
			turns := r.Text[strings.Index(r.Text, chat.UserMarker):]
			blocks := strings.Split(turns, chat.CallOpen)[1:]
			for _, b := range blocks {
				end := strings.Index(b, chat.CallClose) + len(chat.CallClose)
				if n, closed := accepts(g, b[:end]); !closed {
					t.Fatalf("%s, example %d: refused at byte %d: %q | %q", tmpl.Name(), i, n, b[:n], b[n:end])
				}
				calls++
			}
		}
		if calls < 300 {
			t.Fatalf("%s: only %d calls checked", tmpl.Name(), calls)
		}
	}
}

// ownTemplate stands for a model's own Jinja template: a Template with no CallSyntax method.
type ownTemplate struct{ chat.Template }

func (ownTemplate) Name() string { return "jinja:model" }

func TestSyntaxOfTheModelsOwnTemplate(t *testing.T) {
	if _, err := SyntaxOf(ownTemplate{chat.Original{}}); err == nil {
		t.Fatal("no error for a template without a known call syntax")
	}
}

// tinyVocabulary is the tokenizer of the shipped model.
func tinyVocabulary(t testing.TB) (*tokenizer.Tokenizer, *Vocabulary) {
	t.Helper()
	tok, err := tokenizer.LoadDir("../../models/tooltune-tiny")
	if err != nil {
		t.Fatal(err)
	}
	v, err := TokenizerVocabulary(tok)
	if err != nil {
		t.Fatal(err)
	}
	return tok, v
}

// TestAllowedMatchesTokenByToken checks the shared-prefix walk against trying every token on
// its own, at every byte of a few calls.
func TestAllowedMatchesTokenByToken(t *testing.T) {
	_, v := tinyVocabulary(t)
	g, err := NewGuider(mustSyntax(t, chat.Compact{}), v).Guide(testTools(t), "")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"\nname: get_weather_forecast\nparameters: {\"days\": 12, \"location\": \"S\\u00e3o Paulo\", \"cc\": [\"a@b.c\"], \"extra\": {\"k\": 1.5}}\n</tool_call>",
		"\nname: get_weather\nparameters: {\"location\": \"Oslo\", \"unit\": \"fahrenheit\"}\n</tool_call>",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for _, text := range texts {
		g.call = g.g.start()
		for i := 0; i < len(text); i++ {
			if i%3 == 0 || rng.IntN(4) == 0 {
				got := g.allowed()
				inValue := g.call.part == partName || g.call.part == partArgs
				for id, tokText := range v.byID {
					c := g.call
					want := len(tokText) > 0 && !(inValue && v.special[id])
					for _, b := range tokText {
						if !c.feed(b) {
							want = false
							break
						}
					}
					if got[id] != want {
						t.Fatalf("after %q: token %d %q allowed %v, want %v", text[:i], id, tokText, got[id], want)
					}
				}
				checked++
			}
			if !g.call.feed(text[i]) {
				t.Fatalf("refused %q at byte %d", text, i)
			}
		}
	}
	if checked < 40 {
		t.Fatalf("only %d states checked", checked)
	}
}

// TestMaskFollowsTheGeneration drives a Guide as generation does: free text before the block,
// a masked choice inside it, free text after it.
func TestMaskFollowsTheGeneration(t *testing.T) {
	tok, v := tinyVocabulary(t)
	// The instruction of the system turn shows a made-up call in a block of its own.
	prompt := "<|system|>\n" + chat.CompactInstruction + "\n<|user|>\nWeather in Oslo?\n<|assistant|>\n"
	g, err := NewGuider(mustSyntax(t, chat.Compact{}), v).Guide(testTools(t), prompt)
	if err != nil {
		t.Fatal(err)
	}
	encode := func(s string) []int {
		ids, err := tok.Encode(s, false)
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	flat := func() []float32 { return make([]float32, len(v.byID)) }
	count := func(l []float32) int {
		n := 0
		for _, x := range l {
			if !math.IsInf(float64(x), -1) {
				n++
			}
		}
		return n
	}

	generated := encode("I'll check that.\n")
	l := flat()
	g.Mask(generated, l)
	if count(l) != len(v.byID) {
		t.Fatalf("outside a block %d tokens masked", len(v.byID)-count(l))
	}

	generated = append(generated, encode("<tool_call>\nname: get_weather")...)
	l = flat()
	g.Mask(generated, l)
	for id, x := range l {
		if math.IsInf(float64(x), -1) {
			continue
		}
		text := tok.Decode([]int{id}, false)
		if !strings.HasPrefix("_forecast", text) && !strings.HasPrefix(text, "\nparameters: {\""[:min(len(text), 15)]) {
			t.Errorf("token %d %q allowed after a tool name", id, text)
		}
	}
	if count(l) == 0 {
		t.Fatal("every token masked")
	}

	generated = append(generated, encode("\nparameters: {\"location\": \"Oslo\"}\n</tool_call>\n")...)
	l = flat()
	g.Mask(generated, l)
	if count(l) != len(v.byID) {
		t.Fatalf("after the block %d tokens masked", len(v.byID)-count(l))
	}
}

// TestGuideStartsInsideABlockThePromptOpened: a prompt may begin the call for the model.
func TestGuideStartsInsideABlockThePromptOpened(t *testing.T) {
	tok, v := tinyVocabulary(t)
	guider := NewGuider(mustSyntax(t, chat.Compact{}), v)
	for _, tc := range []struct {
		prompt string
		in     bool
	}{
		{"<|assistant|>\n", false},
		{chat.CompactInstruction + "\n<|user|>\nhi\n<|assistant|>\n", false},
		{"<|assistant|>\n<tool_call>", true},
		{"<|assistant|>\n<tool_call>\nname: get_weather\nparameters: {\"location\": \"", true},
		{"<|assistant|>\n<tool_call>\nname: get_weather\nparameters: {\"location\": \"a\"}\n</tool_call>\n", false},
	} {
		g, err := guider.Guide(testTools(t), tc.prompt)
		if err != nil {
			t.Fatal(err)
		}
		l := make([]float32, len(v.byID))
		g.Mask(nil, l)
		masked := slices.ContainsFunc(l, func(x float32) bool { return math.IsInf(float64(x), -1) })
		if masked != tc.in {
			t.Errorf("prompt %q: masked %v, want %v", tc.prompt, masked, tc.in)
		}
		if tc.in {
			id, _ := tok.TokenID(chat.EndOfTurn)
			if !math.IsInf(float64(l[id]), -1) {
				t.Errorf("prompt %q: the end of turn is allowed inside a block", tc.prompt)
			}
		}
	}
}

// TestGuidedWalksNeverDeadEnd writes calls with random allowed tokens (randomWalk), to every
// tool of a generated dataset and to the test tools (every JSON type), in the compact and
// Hermes syntaxes, and checks that the guide never lets a token through after which no token
// fits: a walk either closes its block or could go on. The walks favour structural tokens so
// that they reach the ends of values and objects, where such dead ends hide (a comma after
// the last key).
func TestGuidedWalksNeverDeadEnd(t *testing.T) {
	_, v := tinyVocabulary(t)
	cfg := datagen.DefaultConfig()
	cfg.NumExamples = 200
	exs, err := datagen.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	catalog := map[string]tools.Tool{}
	for _, ex := range exs {
		for _, tl := range ex.Tools {
			catalog[tl.Name] = tl
		}
	}
	for _, tl := range testTools(t) {
		catalog[tl.Name] = tl
	}
	rng := rand.New(rand.NewPCG(1, 2))
	walks, closed := 0, 0
	for _, tmpl := range []chat.Template{chat.Compact{}, chat.Hermes{}} {
		guider := NewGuider(mustSyntax(t, tmpl), v)
		for _, name := range slices.Sorted(maps.Keys(catalog)) {
			for range 6 {
				walks++
				if randomWalk(t, guider, v, catalog[name], rng) {
					closed++
				}
			}
		}
	}
	if closed < walks/4 {
		t.Errorf("only %d of %d walks closed their block: the walk does not reach the ends of calls", closed, walks)
	}
	t.Logf("%d tools, %d walks, %d closed", len(catalog), walks, closed)
}

// joined is the text of a sequence of tokens of v.
func joined(v *Vocabulary, ids []int) string {
	var b bytes.Buffer
	for _, id := range ids {
		b.Write(v.byID[id])
	}
	return b.String()
}

// randomWalk writes a call to tl with random allowed tokens, half the picks among those with
// a quote, bracket, comma or colon, until the block closes or 150 tokens are written, and
// reports whether it closed. It fails the test where no token fits, or where the guide cannot
// follow a token it allowed.
func randomWalk(t *testing.T, guider *Guider, v *Vocabulary, tl tools.Tool, rng *rand.Rand) bool {
	t.Helper()
	g, err := guider.Guide([]tools.Tool{tl}, "<|assistant|>\n<tool_call>")
	if err != nil {
		t.Fatal(err)
	}
	structural := func(text []byte) bool { return bytes.ContainsAny(text, "\"}],:") }
	var generated []int
	for len(generated) < 150 && g.in {
		var ids, preferred []int
		for id, ok := range g.allowed() {
			if ok {
				ids = append(ids, id)
				if structural(v.byID[id]) {
					preferred = append(preferred, id)
				}
			}
		}
		if len(ids) == 0 {
			t.Fatalf("%s: no token fits after %q", tl.Name, joined(v, generated))
		}
		if len(preferred) > 0 && rng.IntN(2) == 0 {
			ids = preferred
		}
		generated = append(generated, ids[rng.IntN(len(ids))])
		g.follow(generated)
		if g.off {
			t.Fatalf("%s: the guide let through a token it cannot follow: %q", tl.Name, joined(v, generated))
		}
	}
	return !g.in
}
