package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTemplate(t *testing.T) {
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
		tmpl, err := Template(tc.name, tc.dir)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Template(%q, %q): error %v, want one mentioning %q", tc.name, tc.dir, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Template(%q, %q): %v", tc.name, tc.dir, err)
			continue
		}
		if !strings.HasPrefix(tmpl.Name(), tc.want) {
			t.Errorf("Template(%q, %q) is %q, want %q", tc.name, tc.dir, tmpl.Name(), tc.want)
		}
	}
}

func TestAdapterTemplate(t *testing.T) {
	run := t.TempDir()
	ckpt := filepath.Join(run, "checkpoint-100")
	if err := os.MkdirAll(ckpt, 0o755); err != nil {
		t.Fatal(err)
	}
	check := func(dir, wantName string, wantRecorded bool) {
		t.Helper()
		name, recorded, err := AdapterTemplate(dir)
		if err != nil || name != wantName || recorded != wantRecorded {
			t.Errorf("AdapterTemplate(%s) = %q, %v, %v; want %q, %v", dir, name, recorded, err, wantName, wantRecorded)
		}
	}
	check(ckpt, LegacyTemplate, false)
	if err := recordTemplate(run, ""); err != nil {
		t.Fatal(err)
	}
	check(run, DefaultTemplate, true)
	check(ckpt, DefaultTemplate, true) // a checkpoint finds its run's record
	if err := recordTemplate(ckpt, "hermes"); err != nil {
		t.Fatal(err)
	}
	check(ckpt, "hermes", true) // its own record first

	bad := filepath.Join(t.TempDir(), TemplateRecordFile)
	if err := os.WriteFile(bad, []byte(`{"template": "compact"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := AdapterTemplate(filepath.Dir(bad)); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("a record without chat_template: error %v, want one naming %s", err, bad)
	}
}
