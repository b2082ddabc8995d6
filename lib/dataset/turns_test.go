package dataset

import (
	"reflect"
	"testing"
)

func TestFirstTurns(t *testing.T) {
	w := call("w", map[string]any{"c": "x"})
	full := []Example{
		{Messages: []Message{sys("s"), user("q"), calls("", w), result("w", "ok"), answer("done")}},
		{Messages: []Message{user("hi"), answer("hello"), user("more"), answer("sure")}},
		{Messages: []Message{user("only a question")}},
	}
	want := [][]Message{
		{sys("s"), user("q"), calls("", w)},
		{user("hi"), answer("hello")},
		{user("only a question")},
	}
	before := len(full[0].Messages)
	got := FirstTurns(full)
	for i := range want {
		if !reflect.DeepEqual(got[i].Messages, want[i]) {
			t.Errorf("example %d: got %+v, want %+v", i, got[i].Messages, want[i])
		}
	}
	if len(full[0].Messages) != before {
		t.Error("FirstTurns changed its input")
	}
	// Appending to a cut example must not write into the input's messages.
	_ = append(got[0].Messages, answer("extra"))
	if full[0].Messages[3].Role != RoleTool {
		t.Error("appending to a cut example overwrote the input")
	}
}
