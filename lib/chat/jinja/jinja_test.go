package jinja

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// TestRenderSpansHandChecked checks the assistant spans of the im_start-style template against
// text written out by hand.
func TestRenderSpansHandChecked(t *testing.T) {
	tmpl, err := Load("testdata/imstyle/tokenizer_config.json")
	if err != nil {
		t.Fatal(err)
	}
	ex := loadConversations(t)[0] // system, user, assistant call, tool, assistant answer
	text, spans, err := tmpl.Render(ex)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Zürich\", \"unit\": \"celsius\"}}\n</tool_call><|im_end|>\n",
		"It is 4.5 °C with light snow in Zürich.<|im_end|>\n",
	}
	if len(spans) != len(want) {
		t.Fatalf("got %d spans, want %d", len(spans), len(want))
	}
	for i, s := range spans {
		if got := text[s.Start:s.End]; got != want[i] {
			t.Errorf("span %d = %q, want %q", i, got, want[i])
		}
		if !strings.HasSuffix(text[:s.Start], "<|im_start|>assistant\n") {
			t.Errorf("span %d does not start right after the assistant header: %q", i, text[max(0, s.Start-30):s.Start])
		}
	}
	if !strings.HasSuffix(text, want[1]) || spans[1].End != len(text) {
		t.Errorf("last span %v does not end the %d-byte text", spans[1], len(text))
	}
}

func TestRenderRejectsBadMessages(t *testing.T) {
	tmpl, err := Load("testdata/imstyle/tokenizer_config.json")
	if err != nil {
		t.Fatal(err)
	}
	call := []dataset.ToolCall{{Name: "f", Parameters: map[string]any{"x": 1}}}
	tests := []struct {
		name    string
		msgs    []dataset.Message
		wantErr string
	}{
		{"unknown role", []dataset.Message{{Role: "user", Content: "hi"}, {Role: "robot", Content: "x"}}, `message 1: role: unknown role "robot"`},
		{"user tool call", []dataset.Message{{Role: "user", Content: "hi", ToolCalls: call}}, `message 0: tool_calls: only assistant messages make tool calls, not "user"`},
		{"unnamed call", []dataset.Message{{Role: "user"}, {Role: "assistant", ToolCalls: []dataset.ToolCall{{}}}}, "message 1: tool_calls[0].name: empty"},
		{"unencodable parameter", []dataset.Message{{Role: "user"}, {Role: "assistant", ToolCalls: []dataset.ToolCall{{Name: "f", Parameters: map[string]any{"c": make(chan int)}}}}}, "message 1: tool_calls[0].parameters"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := tmpl.Render(dataset.Example{Messages: tc.msgs})
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Render error = %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestRenderPromptRange(t *testing.T) {
	tmpl, err := New("inline", "{% for m in messages %}{{ m.content }}|{% endfor %}{% if add_generation_prompt %}>{% endif %}", Config{})
	if err != nil {
		t.Fatal(err)
	}
	ex := dataset.Example{Messages: []dataset.Message{{Role: "user", Content: "a"}, {Role: "assistant", Content: "b"}}}
	for _, tc := range []struct {
		upto    int
		want    string
		wantErr bool
	}{{0, ">", false}, {1, "a|>", false}, {2, "a|b|>", false}, {-1, "", true}, {3, "", true}} {
		got, err := tmpl.RenderPrompt(ex, tc.upto)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("RenderPrompt(upto=%d) = %q, %v; want %q (error %v)", tc.upto, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestTemplateFunctions(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 3, 7, 9, 5, 0, 0, time.UTC) }
	tests := []struct {
		name, source, want, wantErr string
	}{
		{"strftime_now", `{{ strftime_now("%d %b %Y, %A %H:%M %%") }}`, "07 Mar 2026, Saturday 09:05 %", ""},
		{"strftime bad directive", `{{ strftime_now("%Q") }}`, "", "unsupported directive %Q"},
		{"raise_exception", `{% if messages|length > 0 %}{{ raise_exception("roles must alternate") }}{% endif %}`, "", "template raised an exception: roles must alternate"},
		{"special tokens", `{{ bos_token }}{{ eos_token }}{{ pad_token is defined }}`, "<s></s>False", ""},
		{"tojson of a dict literal keeps its order", `{{ {"b": 1, "a": [1.5, none, true]} | tojson }}`, `{"b": 1, "a": [1.5, null, true]}`, ""},
		{"tojson sort_keys", `{{ {"b": 1, "a": 2} | tojson(sort_keys=true) }}`, `{"a": 2, "b": 1}`, ""},
		{"tojson indent", `{{ {"k": [1, {}], "e": []} | tojson(indent=2) }}`, "{\n  \"k\": [\n    1,\n    {}\n  ],\n  \"e\": []\n}", ""},
		{"tojson string escapes", `{{ "q\"b\\ t\tn\né<'>&" | tojson }}`, `"q\"b\\ t\tn\né<'>&"`, ""},
		{"tojson of tool arguments", `{{ messages[1].tool_calls[0].function | tojson }}`, `{"name": "f", "arguments": {"a": 2, "b": [0.5, "x"]}}`, ""},
		{"tojson of a tool keeps schema order", `{{ tools[0] | tojson }}`, `{"type": "function", "function": {"name": "t", "description": "d", "parameters": {"type": "object", "properties": {"z": {"type": "string"}, "a": {"type": "integer"}}, "required": ["z"]}}}`, ""},
		{"tojson ensure_ascii", `{{ "é" | tojson(ensure_ascii=true) }}`, "", "ensure_ascii=True is not supported"},
	}
	ex := dataset.Example{
		Messages: []dataset.Message{
			{Role: "user", Content: "u"},
			{Role: "assistant", ToolCalls: []dataset.ToolCall{{Name: "f", Parameters: map[string]any{"b": []any{0.5, "x"}, "a": 2.0}}}},
		},
		Tools: []tools.Tool{{Name: "t", Description: "d", Parameters: tools.Schema{
			Type:       tools.TypeObject,
			Properties: tools.Properties{{Name: "z", Schema: &tools.Schema{Type: tools.TypeString}}, {Name: "a", Schema: &tools.Schema{Type: tools.TypeInteger}}},
			Required:   []string{"z"},
		}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tmpl, err := New(tc.name, tc.source, Config{BOSToken: "<s>", EOSToken: "</s>", Now: now})
			if err != nil {
				t.Fatal(err)
			}
			got, err := tmpl.RenderText(ex)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestPythonFloat(t *testing.T) {
	for _, tc := range []struct {
		f    float64
		want string
	}{
		{1, "1.0"}, {-2.5, "-2.5"}, {0.1, "0.1"}, {0.0001, "0.0001"}, {0.00001, "1e-05"}, {1e15, "1000000000000000.0"},
		{1e16, "1e+16"}, {1.5e16, "1.5e+16"}, {123456.789, "123456.789"}, {1.0 / 3, "0.3333333333333333"}, {0, "0.0"},
	} {
		if got := pythonFloat(tc.f); got != tc.want {
			t.Errorf("pythonFloat(%v) = %q, want %q", tc.f, got, tc.want)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name, "tokenizer_config.json")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	tests := []struct {
		name, content, wantErr string
	}{
		{"bad json", `{"chat_template": `, "tokenizer_config.json: unexpected end"},
		{"no template", `{"eos_token": "x"}`, "no chat_template, and no"},
		{"template not a string", `{"chat_template": 3}`, "chat_template: want a string or a list"},
		{"named template without name", `{"chat_template": [{"template": "x"}]}`, `entry 0: want both "name" and "template"`},
		{"duplicate names", `{"chat_template": [{"name": "a", "template": "x"}, {"name": "a", "template": "y"}]}`, `name "a" used twice`},
		{"bad token", `{"chat_template": "x", "bos_token": 5}`, "bos_token: want a string or an object"},
		{"syntax error", `{"chat_template": "{% for m in messages %}"}`, `chat template "default"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := write(strings.ReplaceAll(tc.name, " ", "_"), tc.content)
			_, err := Load(path)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "tokenizer_config.json") {
				t.Fatalf("Load error = %v, want one naming the file and containing %q", err, tc.wantErr)
			}
		})
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("Load of a missing file: %v", err)
	}
}

func TestNamedTemplates(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tokenizer_config.json")
	content := `{"chat_template": [{"name": "default", "template": "plain"}, {"name": "tool_use", "template": "tools:{{ tools|length }}"}], "eos_token": {"content": "</s>"}}`
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	tmpl, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	withTools := dataset.Example{Tools: []tools.Tool{{Name: "t"}}}
	for _, tc := range []struct {
		ex   dataset.Example
		want string
	}{{dataset.Example{}, "plain"}, {withTools, "tools:1"}} {
		if got, err := tmpl.RenderText(tc.ex); err != nil || got != tc.want {
			t.Errorf("RenderText = %q, %v; want %q", got, err, tc.want)
		}
	}
	only := `{"chat_template": [{"name": "rag", "template": "x"}]}`
	if err := os.WriteFile(path, []byte(only), 0o644); err != nil {
		t.Fatal(err)
	}
	tmpl, err = Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tmpl.RenderText(dataset.Example{}); err == nil || !strings.Contains(err.Error(), `no "default" chat template among ["rag"]`) {
		t.Errorf("RenderText with no default template: %v", err)
	}
}

// TestConcurrentRender renders one template from several goroutines (run with -race).
func TestConcurrentRender(t *testing.T) {
	tmpl, err := Load("testdata/imstyle/tokenizer_config.json")
	if err != nil {
		t.Fatal(err)
	}
	exs := loadConversations(t)
	want := make([]string, len(exs))
	for i, ex := range exs {
		if want[i], _, err = tmpl.Render(ex); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range exs {
				ex := exs[(i+g)%len(exs)]
				got, _, err := tmpl.Render(ex)
				if err != nil || got != want[(i+g)%len(exs)] {
					t.Errorf("concurrent render of %s: %v", ex.Scenario, err)
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkRender renders test conversations with their assistant spans: the five-message
// tool call with the im_start-style template (5 template runs: the full text, then a prompt
// and a prefix per assistant turn) and the two-message chat with Qwen3's real template (3 runs).
// Run: go test ./lib/chat/jinja -run '^$' -bench Render
func BenchmarkRender(b *testing.B) {
	exs := loadConversations(b)
	for _, tc := range []struct {
		template string
		ex       dataset.Example
	}{{"imstyle", exs[0]}, {"qwen3", exs[2]}} {
		b.Run(tc.template+"/"+tc.ex.Scenario, func(b *testing.B) {
			tmpl, err := Load(templateConfigPath(b, tc.template))
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, _, err := tmpl.Render(tc.ex); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
