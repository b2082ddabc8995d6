package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tooltune/tooltune/internal/atomicfile"
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

// Template returns the chat template called name for the model in modelDir: "" for
// DefaultTemplate, "original" for ToolTune's original format, "compact", "hermes", or
// ModelTemplate for the model's own Jinja template, so that a real model is trained and
// evaluated in its native format.
func Template(name, modelDir string) (chat.Template, error) {
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

// TemplateRecordFile, written in a training run's output directory, names the chat template
// the adapters were trained with, so that evaluating or chatting with them renders prompts
// the same way without being told (Hugging Face keeps a checkpoint's chat template with its
// tokenizer files for the same reason). A prompt written in another template than the one
// trained on fails quietly: the model still answers, only worse.
const TemplateRecordFile = "tooltune_chat_template.json"

// LegacyTemplate is the template of runs that recorded none: ToolTune's runs before the record
// existed, and the original Python script's, were trained with the original format.
const LegacyTemplate = "original"

type templateRecord struct {
	ChatTemplate string `json:"chat_template"`
}

// recordTemplate writes name (or DefaultTemplate for "") to outputDir's TemplateRecordFile.
func recordTemplate(outputDir, name string) error {
	if name == "" {
		name = DefaultTemplate
	}
	if err := os.MkdirAll(outputDir, 0o755); err != nil {
		return err
	}
	return atomicfile.WriteJSON(filepath.Join(outputDir, TemplateRecordFile), templateRecord{ChatTemplate: name})
}

// AdapterTemplate returns the name of the template to render prompts for the adapters in dir
// with: the one recorded in dir, a run's output directory, or in its parent, when dir is one of
// the run's checkpoint-STEP directories (recorded true); else LegacyTemplate.
func AdapterTemplate(dir string) (name string, recorded bool, err error) {
	for _, d := range []string{dir, filepath.Dir(filepath.Clean(dir))} {
		path := filepath.Join(d, TemplateRecordFile)
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", false, err
		}
		var rec templateRecord
		if err := json.Unmarshal(data, &rec); err != nil || rec.ChatTemplate == "" {
			return "", false, fmt.Errorf("%s: want {\"chat_template\": NAME}: %v", path, err)
		}
		return rec.ChatTemplate, true, nil
	}
	return LegacyTemplate, false, nil
}
