package pipeline

import (
	"strings"
	"testing"
)

func TestTemplateFor(t *testing.T) {
	for _, tc := range []struct {
		name, dir, want, err string
	}{
		{"", "", DefaultTemplate, ""},
		{"original", "", "original", ""},
		{"compact", "", "compact", ""},
		{"hermes", "", "hermes", ""},
		{ModelTemplate, "../chat/jinja/testdata/imstyle", "jinja:", ""},
		{ModelTemplate, t.TempDir(), "", "tokenizer_config.json"},
		{"bogus", "", "", "bogus"},
	} {
		tmpl, err := templateFor(tc.name, tc.dir)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("templateFor(%q, %q): error %v, want one mentioning %q", tc.name, tc.dir, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("templateFor(%q, %q): %v", tc.name, tc.dir, err)
			continue
		}
		if !strings.HasPrefix(tmpl.Name(), tc.want) {
			t.Errorf("templateFor(%q, %q) is %q, want %q", tc.name, tc.dir, tmpl.Name(), tc.want)
		}
	}
}
