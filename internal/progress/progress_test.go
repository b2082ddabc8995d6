package progress

import (
	"bytes"
	"strings"
	"testing"
)

func TestPlainOutputPrintsEachTenthOnce(t *testing.T) {
	var buf bytes.Buffer
	b := New(&buf, 20, "evaluating")
	for i := 1; i <= 20; i++ {
		b.Set(i)
	}
	b.Finish()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 10 {
		t.Fatalf("got %d lines, want one per tenth (10):\n%s", len(lines), buf.String())
	}
	if !strings.Contains(lines[9], "evaluating: 20/20") {
		t.Errorf("last line %q does not report 20/20", lines[9])
	}
	if IsTerminal(&buf) {
		t.Error("a buffer is not a terminal")
	}
}
