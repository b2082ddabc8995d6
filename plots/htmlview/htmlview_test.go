package htmlview

import (
	"regexp"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

func weatherExample() dataset.Example {
	return dataset.Example{
		Scenario: dataset.ScenarioSingle,
		Tools: []tools.Tool{{Name: "get_weather", Description: "Current weather",
			Parameters: tools.Schema{Type: "object"}}},
		Messages: []dataset.Message{
			{Role: dataset.RoleUser, Content: "Weather in <Zürich> & Bern?"},
			{Role: dataset.RoleAssistant, Content: "I'll help you with that.", ToolCalls: []dataset.ToolCall{
				{Name: "get_weather", Parameters: map[string]any{"location": "Zürich", "unit": "celsius"}}}},
			{Role: dataset.RoleTool, Name: "get_weather", Content: `{"temperature": 21}`},
			{Role: dataset.RoleAssistant, Content: "It is 21 °C in Zürich."},
		},
	}
}

func TestConversation(t *testing.T) {
	got := Conversation(weatherExample())
	for _, want := range []string{
		"scenario: <b>single</b>",
		"1 tools offered: get_weather",
		"Weather in &lt;Zürich&gt; &amp; Bern?", // content is escaped
		`<b>get_weather</b>({&#34;location&#34;:&#34;Zürich&#34;,&#34;unit&#34;:&#34;celsius&#34;})`,
		"tool · get_weather",
		"It is 21 °C in Zürich.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the HTML lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "<Zürich>") {
		t.Errorf("message text reached the HTML unescaped")
	}
	if n := strings.Count(got, "border-left:4px"); n != 4 {
		t.Errorf("%d message bubbles, want 4", n)
	}
}

// highlighted returns the text of the highlighted spans of LossMask's HTML, unescaped.
func highlighted(html string) []string {
	re := regexp.MustCompile(`<b style="` + trainedStyle + `">([^<]*)</b>`)
	var out []string
	for _, m := range re.FindAllStringSubmatch(html, -1) {
		out = append(out, unescape(m[1]))
	}
	return out
}

func unescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&amp;", "&").Replace(s)
}

func TestLossMaskHighlightsExactlyTheSpans(t *testing.T) {
	r, err := chat.Render(weatherExample())
	if err != nil {
		t.Fatal(err)
	}
	got, err := LossMask(r)
	if err != nil {
		t.Fatal(err)
	}
	spans := highlighted(got)
	if len(spans) != len(r.Spans) {
		t.Fatalf("%d highlighted spans, want %d", len(spans), len(r.Spans))
	}
	for i, s := range r.Spans {
		if spans[i] != r.Text[s.Start:s.End] {
			t.Errorf("span %d highlights %q, want %q", i, spans[i], r.Text[s.Start:s.End])
		}
	}
	// Every byte of the text appears once, in order: removing the tags gives the text back.
	plain := unescape(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(got[strings.Index(got, "<pre"):], ""))
	if plain != r.Text {
		t.Errorf("the HTML does not hold the rendered text unchanged:\n got %q\nwant %q", plain, r.Text)
	}
}

func TestLossMaskRejectsBadSpans(t *testing.T) {
	text := "ab€cd" // € is three bytes: 2..5
	tests := []struct {
		name  string
		spans []chat.Span
		want  string
	}{
		{"past the end", []chat.Span{{Start: 1, End: 9}}, "span 0 [1, 9) ends past the text (7 bytes)"},
		{"reversed", []chat.Span{{Start: 3, End: 1}}, "span 0 [3, 1) ends before it starts"},
		{"overlap", []chat.Span{{Start: 0, End: 2}, {Start: 1, End: 2}}, "span 1 [1, 2) starts before the end of the previous span (2)"},
		{"inside a character", []chat.Span{{Start: 0, End: 3}}, "span 0 [0, 3) splits a UTF-8 character"},
		{"negative", []chat.Span{{Start: -1, End: 1}}, "span 0 [-1, 1) starts before the text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LossMask(chat.Rendered{Text: text, Spans: tt.spans})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	if _, err := LossMask(chat.Rendered{Text: text, Spans: []chat.Span{{Start: 2, End: 5}, {Start: 7, End: 7}}}); err != nil {
		t.Errorf("valid spans rejected: %v", err)
	}
}
