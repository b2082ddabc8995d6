package chat_test

import (
	"fmt"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/dataset"
)

func ExampleParseCalls() {
	output := "I'll help you with that.\n\n<tool_call>\nname: get_current_weather\n" +
		"parameters: {\"days\": 3, \"location\": \"Zürich\"}\n</tool_call>\n<|end|>"
	p, err := chat.ParseCalls(output)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("content: %s\n", p.Content)
	for _, c := range p.Calls {
		fmt.Printf("call: %s location=%v days=%v (%T)\n", c.Name, c.Parameters["location"], c.Parameters["days"], c.Parameters["days"])
	}
	fmt.Printf("stopped at %s\n", p.Stop)
	// Output:
	// content: I'll help you with that.
	// call: get_current_weather location=Zürich days=3 (json.Number)
	// stopped at <|end|>
}

func ExampleRender() {
	ex := dataset.Example{Messages: []dataset.Message{
		{Role: dataset.RoleUser, Content: "Hi"},
		{Role: dataset.RoleAssistant, Content: "Hello! How can I help?"},
	}}
	r, err := chat.Render(ex)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(r.Text)
	for _, s := range r.Spans {
		fmt.Printf("loss on %q\n", r.Text[s.Start:s.End])
	}
	// Output:
	// <|user|>
	// Hi
	// <|assistant|>
	// Hello! How can I help?<|end|>
	// loss on "Hello! How can I help?<|end|>"
}
