package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/corpus"
	"github.com/tooltune/tooltune/lib/tools"
)

func TestSameJSON(t *testing.T) {
	want := map[string]any{"value": 5, "to_unit": "kg"}
	for _, c := range []struct {
		text string
		same bool
	}{
		{`{"to_unit": "kg", "value": 5}`, true},
		{`{"value": 5.0, "to_unit": "kg"}`, true},
		{`{"to_unit": "g", "value": 5}`, false},
		{`{"to_unit": "kg"}`, false},
		{`to_unit kg`, false},
	} {
		if got := sameJSON(c.text, want); got != c.same {
			t.Errorf("sameJSON(%s) = %v, want %v", c.text, got, c.same)
		}
	}
}

// TestToolCatalogIsACorpusCatalog checks that the probe writes tools the way lib/corpus writes
// its catalogs: the same header, then one JSON line per tool with its name as the form, its
// description as the purpose and its parameter schema as the fields.
func TestToolCatalogIsACorpusCatalog(t *testing.T) {
	reg, err := tools.Select("get_current_weather,convert_units")
	if err != nil {
		t.Fatal(err)
	}
	system, names, err := toolCatalog(reg.Tools())
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(system, "\n")
	if lines[0] != corpus.CatalogHeader("the town hall") || len(lines) != 3 || len(names) != 2 {
		t.Fatalf("catalog:\n%s", system)
	}
	for i, tool := range reg.Tools() {
		var entry struct {
			Form, Purpose string
			Fields        struct {
				Properties map[string]json.RawMessage
				Required   []string
			}
		}
		if err := json.Unmarshal([]byte(lines[i+1]), &entry); err != nil {
			t.Fatalf("line %q: %v", lines[i+1], err)
		}
		if entry.Form != tool.Name || entry.Purpose != tool.Description || !names[tool.Name] ||
			len(entry.Fields.Properties) != len(tool.Parameters.Properties) || len(entry.Fields.Required) != len(tool.Parameters.Required) {
			t.Errorf("line %q does not match tool %s", lines[i+1], tool.Name)
		}
		if strings.Contains(lines[i+1], `":"`) || strings.Contains(lines[i+1], `","`) {
			t.Errorf("line %q lacks the corpus's separators", lines[i+1])
		}
	}
}
