package dataset

import (
	"reflect"
	"strings"
	"testing"
)

func TestUnseenWords(t *testing.T) {
	request := func(text string, args map[string]any) Example {
		msgs := []Message{{Role: RoleUser, Content: text}}
		if args != nil {
			msgs = append(msgs, Message{Role: RoleAssistant, ToolCalls: []ToolCall{{Name: "f", Parameters: args}}})
		}
		return Example{Messages: msgs}
	}
	train := []Example{
		request("Play some jazz, please.", map[string]any{"query": "jazz"}),
		request("What's the weather in Paris?", map[string]any{"city": "Paris"}),
	}
	heldout := []Example{
		request("Spin some Blues Guitar, please!", map[string]any{"query": "blues guitar"}), // "spin" is new; "blues guitar" is a value
		request("What's the weather in Lima?", map[string]any{"city": "Lima"}),              // only the value is new
		request("Crank up the JAZZ", nil),                                                   // "crank" and "up" are new
	}
	got := UnseenWords(train, heldout)
	want := WordCoverage{Requests: 3, WithUnseen: 2, Unseen: map[string]int{"spin": 1, "crank": 1, "up": 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("UnseenWords = %+v\nwant %+v", got, want)
	}

	var b strings.Builder
	if err := got.WriteTable(&b, 2); err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(b.String(), "\n") {
		if f := strings.Fields(line); len(f) >= 2 {
			rows[strings.Join(f[:len(f)-2], " ")] = strings.Join(f[len(f)-2:], " ")
		}
	}
	for label, want := range map[string]string{"with a word no training request has": "2 66.7%", "crank": "1 33.3%", "spin": "1 33.3%"} {
		if rows[label] != want {
			t.Errorf("row %q is %q, want %q:\n%s", label, rows[label], want, b.String())
		}
	}
	if _, ok := rows["up"]; ok {
		t.Errorf("table lists more than the top 2 words:\n%s", b.String())
	}
}
