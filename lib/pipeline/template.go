package pipeline

import (
	"path/filepath"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/chat/jinja"
)

// ModelTemplate names the model's own Jinja chat template (tokenizer_config.json's
// chat_template) in ChatTemplate fields; the other names are lib/chat's ("original", "hermes").
const ModelTemplate = "model"

// templateFor returns the chat template called name for the model in modelDir: "" or
// "original" for ToolTune's original format, "hermes", or ModelTemplate for the model's own
// Jinja template, so that a real model is trained and evaluated in its native format.
func templateFor(name, modelDir string) (chat.Template, error) {
	if name == ModelTemplate {
		t, err := jinja.Load(filepath.Join(modelDir, "tokenizer_config.json"))
		if err != nil {
			return nil, err
		}
		return t.ChatTemplate(), nil
	}
	if name == "" {
		return chat.Original{}, nil
	}
	return chat.TemplateByName(name)
}
