package jinja

import (
	"testing"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/dataset"
)

func TestChatTemplateAdapterAgreesWithTemplate(t *testing.T) {
	tmpl, err := Load("testdata/imstyle/tokenizer_config.json")
	if err != nil {
		t.Fatal(err)
	}
	var ct chat.Template = tmpl.ChatTemplate()
	ex := dataset.Example{Messages: []dataset.Message{
		{Role: dataset.RoleUser, Content: "Hello there"},
		{Role: dataset.RoleAssistant, Content: "Hi! How can I help?"},
	}}
	r, err := chat.Render(ex, chat.WithTemplate(ct))
	if err != nil {
		t.Fatal(err)
	}
	text, spans, err := tmpl.Render(ex)
	if err != nil {
		t.Fatal(err)
	}
	if r.Text != text || len(r.Spans) != len(spans) || len(spans) != 1 || r.Spans[0] != spans[0] {
		t.Fatalf("adapter rendered %q %v, template %q %v", r.Text, r.Spans, text, spans)
	}
	prompt, err := chat.RenderPrompt(ex, 1, chat.WithTemplate(ct))
	if err != nil {
		t.Fatal(err)
	}
	if prompt != text[:spans[0].Start] {
		t.Errorf("prompt %q is not the text before the assistant span %q", prompt, text[:spans[0].Start])
	}
}
