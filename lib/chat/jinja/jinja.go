// Package jinja renders a model's own chat template, the Jinja `chat_template` of its
// tokenizer_config.json, for ToolTune conversations, and finds the byte ranges of the
// assistant turns that the training loss must cover.
//
// Rendering follows transformers' apply_chat_template: the template sees `messages` and
// `tools` in OpenAI form, `add_generation_prompt`, the special tokens (`bos_token`,
// `eos_token`, ...) and the functions transformers adds (`raise_exception`, `strftime_now`,
// a Python-compatible `tojson`). Templates run on github.com/nikolalohinski/gonja/v2.
//
// Assistant spans are found without markers in the template: the span of assistant message i
// runs from the end of the generation prompt for messages[:i] to the end of the rendering of
// messages[:i+1]. That is only meaningful when each of those renderings is a prefix of the
// full conversation, which Render checks; a template that renders earlier turns differently
// once later turns exist (Qwen3 adds an empty <think> block to the last assistant turn only,
// for instance) is reported as not prefix-stable rather than given wrong spans.
package jinja

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/tooltune/tooltune/lib/chat"

	"github.com/nikolalohinski/gonja/v2/exec"
	"github.com/nikolalohinski/gonja/v2/loaders"
	"github.com/tooltune/tooltune/lib/dataset"
)

// Span is a byte range [Start, End) of rendered text: the same as lib/chat's.
type Span = chat.Span

// Config holds what a template sees besides the conversation. Load fills it from
// tokenizer_config.json.
type Config struct {
	// BOSToken, EOSToken, PadToken and UnkToken are passed as bos_token, eos_token,
	// pad_token and unk_token when not empty (transformers leaves unset tokens undefined).
	BOSToken, EOSToken, PadToken, UnkToken string
	// Variables are extra template variables, such as Qwen3's enable_thinking.
	Variables map[string]any
	// Now is the clock behind strftime_now; nil means time.Now.
	Now func() time.Time
}

// ToolUseTemplate and DefaultTemplate name the templates of a tokenizer_config.json that
// holds several: transformers uses "tool_use" when tools are given and "default" otherwise.
const (
	ToolUseTemplate = "tool_use"
	DefaultTemplate = "default"
)

// Template is a parsed chat template, safe for concurrent use.
type Template struct {
	name      string                    // for error messages: the file, or "template"
	templates map[string]*exec.Template // by name; a single template is DefaultTemplate
	vars      map[string]any
}

// New parses a single chat template. name is used in error messages.
func New(name, source string, cfg Config) (*Template, error) {
	return newTemplate(name, map[string]string{DefaultTemplate: source}, cfg)
}

func newTemplate(name string, sources map[string]string, cfg Config) (*Template, error) {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	env, err := newEnvironment(now)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	t := &Template{name: name, templates: make(map[string]*exec.Template), vars: make(map[string]any)}
	for tmplName, source := range sources {
		parsed, err := parse(tmplName, source, env)
		if err != nil {
			return nil, fmt.Errorf("%s: chat template %q: %w", name, tmplName, err)
		}
		t.templates[tmplName] = parsed
	}
	for k, v := range cfg.Variables {
		t.vars[k] = v
	}
	for _, tok := range []struct{ name, value string }{
		{"bos_token", cfg.BOSToken}, {"eos_token", cfg.EOSToken}, {"pad_token", cfg.PadToken}, {"unk_token", cfg.UnkToken},
	} {
		if tok.value != "" {
			t.vars[tok.name] = tok.value
		}
	}
	return t, nil
}

// parse compiles one template source.
func parse(name, source string, env *exec.Environment) (*exec.Template, error) {
	loader, err := loaders.NewFileSystemLoader("")
	if err != nil {
		return nil, err
	}
	root := "chat_template:" + name
	shifted, err := loaders.NewShiftedLoader(root, strings.NewReader(source), loader)
	if err != nil {
		return nil, err
	}
	return exec.NewTemplate(root, templateConfig(), shifted, env)
}

// tokenizerConfig is the part of tokenizer_config.json a chat template needs.
type tokenizerConfig struct {
	ChatTemplate json.RawMessage `json:"chat_template"`
	BOSToken     json.RawMessage `json:"bos_token"`
	EOSToken     json.RawMessage `json:"eos_token"`
	PadToken     json.RawMessage `json:"pad_token"`
	UnkToken     json.RawMessage `json:"unk_token"`
}

// Load reads the chat template and special tokens of a tokenizer_config.json. When the file
// has no chat_template, a chat_template.jinja next to it is used, as newer transformers
// versions save it there.
func Load(tokenizerConfigPath string) (*Template, error) {
	return LoadWith(tokenizerConfigPath, Config{})
}

// LoadWith is Load with extra variables and clock; special tokens set in cfg override the
// file's.
func LoadWith(tokenizerConfigPath string, cfg Config) (*Template, error) {
	data, err := os.ReadFile(tokenizerConfigPath)
	if err != nil {
		return nil, fmt.Errorf("chat template: %w", err)
	}
	var tc tokenizerConfig
	if err := json.Unmarshal(data, &tc); err != nil {
		return nil, fmt.Errorf("%s: %w", tokenizerConfigPath, err)
	}
	for _, f := range []struct {
		field string
		raw   json.RawMessage
		dst   *string
	}{{"bos_token", tc.BOSToken, &cfg.BOSToken}, {"eos_token", tc.EOSToken, &cfg.EOSToken}, {"pad_token", tc.PadToken, &cfg.PadToken}, {"unk_token", tc.UnkToken, &cfg.UnkToken}} {
		content, err := tokenContent(f.raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", tokenizerConfigPath, f.field, err)
		}
		if *f.dst == "" {
			*f.dst = content
		}
	}
	sources, err := templateSources(tc.ChatTemplate)
	if err != nil {
		return nil, fmt.Errorf("%s: chat_template: %w", tokenizerConfigPath, err)
	}
	if sources == nil {
		jinjaPath := filepath.Join(filepath.Dir(tokenizerConfigPath), "chat_template.jinja")
		source, err := os.ReadFile(jinjaPath)
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: no chat_template, and no %s", tokenizerConfigPath, jinjaPath)
		}
		if err != nil {
			return nil, fmt.Errorf("chat template: %w", err)
		}
		return newTemplate(jinjaPath, map[string]string{DefaultTemplate: string(source)}, cfg)
	}
	return newTemplate(tokenizerConfigPath, sources, cfg)
}

// tokenContent reads a special token given as a string, as an AddedToken object
// {"content": ...}, or as null.
func tokenContent(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var obj struct {
		Content *string `json:"content"`
	}
	if err := json.Unmarshal(raw, &obj); err != nil || obj.Content == nil {
		return "", fmt.Errorf("want a string or an object with \"content\", got %s", raw)
	}
	return *obj.Content, nil
}

// templateSources reads chat_template: a string, or a list of {"name", "template"}; nil
// when absent.
func templateSources(raw json.RawMessage) (map[string]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var single string
	if err := json.Unmarshal(raw, &single); err == nil {
		return map[string]string{DefaultTemplate: single}, nil
	}
	var list []struct {
		Name     *string `json:"name"`
		Template *string `json:"template"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("want a string or a list of {\"name\", \"template\"}, got %.40s", raw)
	}
	out := make(map[string]string, len(list))
	for i, entry := range list {
		if entry.Name == nil || entry.Template == nil {
			return nil, fmt.Errorf("entry %d: want both \"name\" and \"template\"", i)
		}
		if _, dup := out[*entry.Name]; dup {
			return nil, fmt.Errorf("entry %d: name %q used twice", i, *entry.Name)
		}
		out[*entry.Name] = *entry.Template
	}
	return out, nil
}

// pick returns the template to use for ex, as transformers chooses among named templates.
func (t *Template) pick(ex *dataset.Example) (*exec.Template, error) {
	if len(ex.Tools) > 0 {
		if tmpl, ok := t.templates[ToolUseTemplate]; ok {
			return tmpl, nil
		}
	}
	if tmpl, ok := t.templates[DefaultTemplate]; ok {
		return tmpl, nil
	}
	names := make([]string, 0, len(t.templates))
	for n := range t.templates {
		names = append(names, n)
	}
	slices.Sort(names)
	return nil, fmt.Errorf("%s: no %q chat template among %q", t.name, DefaultTemplate, names)
}

// render renders messages[:n] of ex.
func (t *Template) render(ex *dataset.Example, n int, addGenerationPrompt bool) (string, error) {
	tmpl, err := t.pick(ex)
	if err != nil {
		return "", err
	}
	order := make(keyOrder)
	msgs, err := order.templateMessages(ex.Messages[:n])
	if err != nil {
		return "", err
	}
	toolList, err := order.templateTools(ex.Tools)
	if err != nil {
		return "", err
	}
	data := make(map[string]any, len(t.vars)+4)
	for k, v := range t.vars {
		data[k] = v
	}
	data["messages"] = msgs
	data["tools"] = nil // None, not an empty list: `tools is not none` must be false
	if toolList != nil {
		data["tools"] = toolList
	}
	data["add_generation_prompt"] = addGenerationPrompt
	data[orderKey] = order
	out, err := tmpl.ExecuteToString(exec.NewContext(data))
	if err != nil {
		var raised *templateError
		if errors.As(err, &raised) {
			return "", fmt.Errorf("%s: %w", t.name, raised)
		}
		return "", fmt.Errorf("%s: render: %w", t.name, err)
	}
	return out, nil
}

// RenderText renders the whole conversation, without generation prompt and without checking
// that the template is prefix-stable.
func (t *Template) RenderText(ex dataset.Example) (string, error) {
	return t.render(&ex, len(ex.Messages), false)
}

// RenderPrompt renders messages[:upto] followed by the generation prompt: the text a model
// continues to produce message upto.
func (t *Template) RenderPrompt(ex dataset.Example, upto int) (string, error) {
	if upto < 0 || upto > len(ex.Messages) {
		return "", fmt.Errorf("%s: prompt up to message %d of a %d-message conversation", t.name, upto, len(ex.Messages))
	}
	return t.render(&ex, upto, true)
}

// Render renders the whole conversation and returns the span of each assistant message, in
// order: from the end of the generation prompt to where the next message starts, so the span
// holds the turn's content, its tool calls and the end-of-turn marker the template writes.
// It fails when the template is not prefix-stable for ex (see the package comment).
func (t *Template) Render(ex dataset.Example) (string, []Span, error) {
	full, err := t.render(&ex, len(ex.Messages), false)
	if err != nil {
		return "", nil, err
	}
	var spans []Span
	for i, m := range ex.Messages {
		if m.Role != dataset.RoleAssistant {
			continue
		}
		prompt, err := t.render(&ex, i, true)
		if err != nil {
			return "", nil, fmt.Errorf("prompt for message %d: %w", i, err)
		}
		through, err := t.render(&ex, i+1, false)
		if err != nil {
			return "", nil, fmt.Errorf("messages up to %d: %w", i, err)
		}
		throughName := fmt.Sprintf("the rendering of messages[:%d]", i+1)
		if err := t.checkPrefix(i, "the generation prompt", prompt, throughName, through); err != nil {
			return "", nil, err
		}
		if err := t.checkPrefix(i, throughName, through, "the full conversation", full); err != nil {
			return "", nil, err
		}
		spans = append(spans, Span{Start: len(prompt), End: len(through)})
	}
	return full, spans, nil
}

// checkPrefix fails, showing where the texts part, unless prefix starts whole.
func (t *Template) checkPrefix(i int, prefixName, prefix, wholeName, whole string) error {
	if strings.HasPrefix(whole, prefix) {
		return nil
	}
	at := 0
	for at < len(prefix) && at < len(whole) && prefix[at] == whole[at] {
		at++
	}
	return fmt.Errorf("%s: template is not prefix-stable at assistant message %d: %s is not a prefix of %s; they part at byte %d: %q versus %q",
		t.name, i, prefixName, wholeName, at, excerpt(prefix, at), excerpt(whole, at))
}

// excerpt returns up to 40 bytes of s from at.
func excerpt(s string, at int) string {
	return s[at:min(len(s), at+40)]
}
