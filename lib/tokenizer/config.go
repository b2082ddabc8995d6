package tokenizer

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Config holds what tokenizer_config.json (the transformers side of a Hugging
// Face tokenizer) adds to tokenizer.json: which tokens begin and end a
// sequence, the chat template, and whether decoding tidies spaces before
// punctuation. The zero value (no config file) has no BOS/EOS, no template,
// and no clean-up, which is what tokenizer.json alone means.
type Config struct {
	BOSToken                  string // "" when not set
	EOSToken                  string
	PadToken                  string
	ChatTemplate              string // the default template when several are named
	CleanUpTokenizationSpaces bool
}

// ParseConfig reads tokenizer_config.json. Special tokens may be given as a
// string or as an object with "content", as transformers writes both.
func ParseConfig(data []byte) (Config, error) {
	var raw struct {
		BOS          json.RawMessage `json:"bos_token"`
		EOS          json.RawMessage `json:"eos_token"`
		Pad          json.RawMessage `json:"pad_token"`
		ChatTemplate json.RawMessage `json:"chat_template"`
		CleanUp      *bool           `json:"clean_up_tokenization_spaces"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return Config{}, fmt.Errorf("parsing tokenizer_config.json: %w", err)
	}
	var c Config
	var err error
	if c.BOSToken, err = specialTokenField(raw.BOS, "bos_token"); err != nil {
		return Config{}, err
	}
	if c.EOSToken, err = specialTokenField(raw.EOS, "eos_token"); err != nil {
		return Config{}, err
	}
	if c.PadToken, err = specialTokenField(raw.Pad, "pad_token"); err != nil {
		return Config{}, err
	}
	if c.ChatTemplate, err = chatTemplateField(raw.ChatTemplate); err != nil {
		return Config{}, err
	}
	c.CleanUpTokenizationSpaces = raw.CleanUp != nil && *raw.CleanUp
	return c, nil
}

func specialTokenField(raw json.RawMessage, field string) (string, error) {
	if isNull(raw) {
		return "", nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var obj struct {
		Content *string `json:"content"`
	}
	if json.Unmarshal(raw, &obj) != nil || obj.Content == nil {
		return "", fmt.Errorf("%s: want a string or an object with \"content\"", field)
	}
	return *obj.Content, nil
}

// chatTemplateField accepts a template string or a list of {name, template},
// from which it picks the one named "default".
func chatTemplateField(raw json.RawMessage) (string, error) {
	if isNull(raw) {
		return "", nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var named []struct {
		Name     string `json:"name"`
		Template string `json:"template"`
	}
	if err := json.Unmarshal(raw, &named); err != nil {
		return "", fmt.Errorf("chat_template: want a string or a list of {name, template}: %w", err)
	}
	for _, n := range named {
		if n.Name == "default" {
			return n.Template, nil
		}
	}
	return "", fmt.Errorf("chat_template: %d named templates but none named \"default\"", len(named))
}

// ApplyConfig sets the tokenizer_config.json settings, checking that the
// tokens it names exist. Call it before sharing the Tokenizer between
// goroutines; LoadDir calls it for you.
func (t *Tokenizer) ApplyConfig(data []byte) error {
	c, err := ParseConfig(data)
	if err != nil {
		return err
	}
	for _, f := range []struct{ field, token string }{
		{"bos_token", c.BOSToken}, {"eos_token", c.EOSToken}, {"pad_token", c.PadToken},
	} {
		if _, ok := t.TokenID(f.token); f.token != "" && !ok {
			return fmt.Errorf("%s: token %q is not in the vocabulary", f.field, f.token)
		}
	}
	t.config = c
	return nil
}

// Config returns the tokenizer_config.json settings in use.
func (t *Tokenizer) Config() Config { return t.config }

// BOS returns the id of the beginning-of-sequence token named in
// tokenizer_config.json; false when there is none.
func (t *Tokenizer) BOS() (int, bool) { return t.configToken(t.config.BOSToken) }

// EOS returns the id of the end-of-sequence token named in
// tokenizer_config.json; false when there is none.
func (t *Tokenizer) EOS() (int, bool) { return t.configToken(t.config.EOSToken) }

// Pad returns the id of the padding token named in tokenizer_config.json.
func (t *Tokenizer) Pad() (int, bool) { return t.configToken(t.config.PadToken) }

func (t *Tokenizer) configToken(tok string) (int, bool) {
	if tok == "" {
		return 0, false
	}
	return t.TokenID(tok)
}

// cleanUpTokenization removes the spaces that old word-level tokenizers put
// before punctuation and contractions, in the order transformers applies
// the rules.
func cleanUpTokenization(s string) string {
	for _, r := range [][2]string{
		{" .", "."}, {" ?", "?"}, {" !", "!"}, {" ,", ","}, {" ' ", "'"},
		{" n't", "n't"}, {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"},
	} {
		s = strings.ReplaceAll(s, r[0], r[1])
	}
	return s
}
