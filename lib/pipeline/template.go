package pipeline

import (
	"path/filepath"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/chat/jinja"
)

// ModelTemplate names the model's own Jinja chat template (tokenizer_config.json's
// chat_template) in ChatTemplate fields; the other names are lib/chat's ("original",
// "compact", "hermes").
const ModelTemplate = "model"

// DefaultTemplate is the template an empty ChatTemplate means, and the default of every
// command's --chat_template: the Original format with the tools listed as one-line signatures
// (chat.Compact), which halves the tokens of each example for a model trained from scratch.
const DefaultTemplate = "compact"

// Template returns the chat template called name for the model in modelDir (see
// templateFor); commands that render prompts themselves use it.
func Template(name, modelDir string) (chat.Template, error) { return templateFor(name, modelDir) }

// templateFor returns the chat template called name for the model in modelDir: "" for
// DefaultTemplate, "original" for ToolTune's original format, "compact", "hermes", or
// ModelTemplate for the model's own Jinja template, so that a real model is trained and
// evaluated in its native format.
func templateFor(name, modelDir string) (chat.Template, error) {
	if name == ModelTemplate {
		t, err := jinja.Load(filepath.Join(modelDir, "tokenizer_config.json"))
		if err != nil {
			return nil, err
		}
		return t.ChatTemplate(), nil
	}
	if name == "" {
		name = DefaultTemplate
	}
	return chat.TemplateByName(name)
}
