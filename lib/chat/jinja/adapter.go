package jinja

import (
	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/dataset"
)

// ChatTemplate returns t as a chat.Template, so that training (loss spans) and evaluation
// (prompts) can use a model's own chat template wherever they take lib/chat's.
func (t *Template) ChatTemplate() chat.Template { return chatTemplate{t} }

type chatTemplate struct{ t *Template }

func (c chatTemplate) Name() string { return "jinja:" + c.t.name }

func (c chatTemplate) Render(ex dataset.Example) (chat.Rendered, error) {
	text, spans, err := c.t.Render(ex)
	return chat.Rendered{Text: text, Spans: spans}, err
}

func (c chatTemplate) RenderPrompt(ex dataset.Example, upto int) (string, error) {
	return c.t.RenderPrompt(ex, upto)
}
