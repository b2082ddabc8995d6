package dataset

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/tools"
)

// What each format keeps of an example (see the Format documentation); the round-trip test
// checks that Export then Import gives exactly this.

func withoutScenario(examples []Example) []Example {
	out := slices.Clone(examples)
	for i := range out {
		out[i].Scenario = ""
	}
	return out
}

// shareGPTView drops the text of assistant messages that make calls.
func shareGPTView(examples []Example) []Example {
	out := withoutScenario(examples)
	for i := range out {
		msgs := slices.Clone(out[i].Messages)
		for j := range msgs {
			if len(msgs[j].ToolCalls) > 0 {
				msgs[j].Content = ""
			}
		}
		out[i].Messages = msgs
	}
	return out
}

// xlamView keeps the opening query, the calls of the reply to it (no text), and tools reduced
// to types, descriptions, defaults and required names.
func xlamView(examples []Example) []Example {
	out := make([]Example, len(examples))
	for i, ex := range examples {
		msgs := ex.Messages
		for len(msgs) > 0 && msgs[0].Role == RoleSystem {
			msgs = msgs[1:]
		}
		out[i].Messages = []Message{msgs[0]}
		if len(msgs) > 1 && len(msgs[1].ToolCalls) > 0 {
			out[i].Messages = append(out[i].Messages, calls("", msgs[1].ToolCalls...))
		}
		for _, t := range ex.Tools {
			params := tools.Schema{Type: tools.TypeObject, Required: t.Parameters.Required}
			for _, p := range t.Parameters.Properties {
				params.Properties = append(params.Properties, tools.Property{Name: p.Name, Schema: xlamSchemaView(p.Schema)})
			}
			out[i].Tools = append(out[i].Tools, tools.Tool{Name: t.Name, Description: t.Description, Parameters: params})
		}
	}
	return out
}

func xlamSchemaView(s *tools.Schema) *tools.Schema {
	v := &tools.Schema{Type: s.Type, Description: s.Description, Default: s.Default}
	if s.Items != nil {
		v.Items = xlamSchemaView(s.Items)
		v.Items.Description, v.Items.Default = "", nil
	}
	return v
}

func TestExportImportRoundTrip(t *testing.T) {
	tests := []struct {
		format Format
		view   func([]Example) []Example
	}{
		{FormatOriginal, slices.Clone[[]Example]},
		{FormatOpenAI, withoutScenario},
		{FormatHermes, withoutScenario},
		{FormatShareGPT, shareGPTView},
		{FormatXLAM, xlamView},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			sample := sampleExamples()
			records, err := Export(tt.format, sample)
			if err != nil {
				t.Fatal(err)
			}
			if len(records) != len(sample) {
				t.Fatalf("%d records for %d examples", len(records), len(sample))
			}
			back, err := Import(tt.format, records)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := canonical(t, back), canonical(t, tt.view(sample)); got != want {
				t.Errorf("round trip:\n got %s\nwant %s", got, want)
			}
			if canonical(t, sample) != canonical(t, sampleExamples()) {
				t.Errorf("Export modified its input")
			}
			if ps := Validate(string(tt.format), back); len(ps) > 0 {
				t.Errorf("round-tripped examples are invalid:\n%v", ps.Err())
			}
		})
	}
}

// The exact records of a small conversation: the layouts other tools read.
func TestExportLayout(t *testing.T) {
	city := tools.Tool{Name: "get_weather", Description: "Weather.", Parameters: tools.Schema{
		Type:       tools.TypeObject,
		Properties: tools.Properties{{Name: "city", Schema: &tools.Schema{Type: tools.TypeString}}},
		Required:   []string{"city"},
	}}
	ex := []Example{{Scenario: ScenarioSingle, Tools: toolsOf(city), Messages: []Message{
		sys("Be brief."), user("Oslo?"), calls("Checking.", call("get_weather", map[string]any{"city": "Oslo"})),
		result("get_weather", `{"t": 5}`), answer("5 °C."),
	}}}
	tests := []struct {
		format Format
		want   string
	}{
		{FormatOriginal, `{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Oslo?"},{"role":"assistant","content":"Checking.","tool_calls":[{"name":"get_weather","parameters":{"city":"Oslo"}}]},{"role":"tool","content":"{\"t\": 5}","name":"get_weather"},{"role":"assistant","content":"5 °C."}],"tools":[{"name":"get_weather","description":"Weather.","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],"scenario":"single"}`},
		{FormatOpenAI, `{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Oslo?"},{"role":"assistant","content":"Checking.","tool_calls":[{"id":"call_2_0","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]},{"role":"tool","content":"{\"t\": 5}","tool_call_id":"call_2_0"},{"role":"assistant","content":"5 °C."}],"tools":[{"type":"function","function":{"name":"get_weather","description":"Weather.","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}`},
		{FormatHermes, `{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Oslo?"},{"role":"assistant","content":"Checking.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\"}}\n</tool_call>"},{"role":"tool","content":"{\"t\": 5}","name":"get_weather"},{"role":"assistant","content":"5 °C."}],"tools":[{"type":"function","function":{"name":"get_weather","description":"Weather.","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}`},
		{FormatShareGPT, `{"conversations":[{"from":"human","value":"Oslo?"},{"from":"function_call","value":"{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\"}}"},{"from":"observation","value":"{\"t\": 5}"},{"from":"gpt","value":"5 °C."}],"system":"Be brief.","tools":"[{\"name\": \"get_weather\", \"description\": \"Weather.\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}}]"}`},
		{FormatXLAM, `{"query":"Oslo?","tools":"[{\"name\": \"get_weather\", \"description\": \"Weather.\", \"parameters\": {\"city\": {\"type\": \"str\"}}}]","answers":"[{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\"}}]"}`},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			records, err := Export(tt.format, ex)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(records[0]); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// Hand-written records in each format (testdata/) import to the examples built here.
func TestImportSamples(t *testing.T) {
	str := func(desc string) *tools.Schema { return &tools.Schema{Type: tools.TypeString, Description: desc} }
	tool := func(name, desc string, required []string, props ...tools.Property) tools.Tool {
		return tools.Tool{Name: name, Description: desc, Parameters: tools.Schema{Type: tools.TypeObject, Properties: props, Required: required}}
	}
	stock := tool("get_stock_price", "Latest price of a stock.", []string{"symbol"}, tools.Property{Name: "symbol", Schema: str("Ticker symbol.")})
	sumList := tool("sum_list", "Add numbers.", []string{"numbers"}, tools.Property{Name: "numbers", Schema: &tools.Schema{
		Type: tools.TypeArray, Description: "Numbers to add.", Items: &tools.Schema{Type: tools.TypeNumber}}})
	float := func(desc string) *tools.Schema { return &tools.Schema{Type: tools.TypeNumber, Description: desc} }
	hours := tool("opening_hours", "Opening hours of a restaurant.", []string{"restaurant"}, tools.Property{Name: "restaurant", Schema: str("")})

	tests := []struct {
		file   string
		format Format
		want   []Example
	}{
		{"openai.jsonl", FormatOpenAI, []Example{
			{
				Tools: toolsOf(tool("get_weather", "Weather for a city.", []string{"city"},
					tools.Property{Name: "city", Schema: str("")}, tools.Property{Name: "days", Schema: &tools.Schema{Type: tools.TypeInteger}})),
				Messages: []Message{
					sys("You are a travel assistant."), user("Is it raining in Bergen?"),
					calls("", call("get_weather", map[string]any{"city": "Bergen", "days": 1})),
					result("get_weather", `{"rain": true}`), answer("Yes, bring an umbrella."),
				},
			},
			{
				Tools: toolsOf(
					tool("convert", "Convert money to EUR.", []string{"amount", "from"},
						tools.Property{Name: "amount", Schema: &tools.Schema{Type: tools.TypeNumber}}, tools.Property{Name: "from", Schema: str("")}),
					tool("lookup_rate", "Rate of a currency in EUR.", []string{"from"}, tools.Property{Name: "from", Schema: str("")})),
				Messages: []Message{
					user("Convert 10 USD to EUR, and what is the GBP rate?"),
					calls("Converting both.", call("convert", map[string]any{"amount": 10, "from": "USD"}), call("lookup_rate", map[string]any{"from": "GBP"})),
					result("lookup_rate", "1.17"), result("convert", "9.20"), // matched by tool_call_id, not order
					answer("10 USD is 9.20 EUR, and 1 GBP is 1.17 EUR."),
				},
			},
		}},
		{"hermes.json", FormatHermes, []Example{
			{Tools: toolsOf(stock), Messages: []Message{
				sys("You are a function calling AI model."), user("What's AAPL trading at?"),
				calls("Let me look that up.", call("get_stock_price", map[string]any{"symbol": "AAPL"})),
				result("get_stock_price", `{"price":189.5}`), answer("AAPL is at $189.50."),
			}},
			{Tools: toolsOf(stock), Messages: []Message{
				sys("You may call tools."), user("Prices of MSFT and GOOG?"),
				calls("", call("get_stock_price", map[string]any{"symbol": "MSFT"}), call("get_stock_price", map[string]any{"symbol": "GOOG"})),
				result("get_stock_price", `{"price": 410.1}`), result("get_stock_price", `{"price": 140.2}`),
				answer("MSFT is at 410.10 and GOOG at 140.20."),
			}},
		}},
		{"sharegpt.json", FormatShareGPT, []Example{
			{
				Tools: toolsOf(tool("book_table", "Reserve a table.", []string{"restaurant", "people"},
					tools.Property{Name: "restaurant", Schema: str("")}, tools.Property{Name: "people", Schema: &tools.Schema{Type: tools.TypeInteger}},
					tools.Property{Name: "time", Schema: &tools.Schema{Type: tools.TypeString, Format: "time"}})),
				Messages: []Message{
					sys("You are a booking assistant."), user("Book a table for 2 at Luigi's tonight at 19:30."),
					calls("", call("book_table", map[string]any{"restaurant": "Luigi's", "people": 2, "time": "19:30"})),
					result("book_table", `{"confirmation": "LU-42"}`), answer("Booked! Your confirmation is LU-42."),
				},
			},
			{Tools: toolsOf(hours), Messages: []Message{
				user("Are Luigi's and Mario's open on Monday?"),
				calls("", call("opening_hours", map[string]any{"restaurant": "Luigi's"}), call("opening_hours", map[string]any{"restaurant": "Mario's"})),
				result("opening_hours", `{"monday": "closed"}`), result("opening_hours", `{"monday": "12-22"}`),
				answer("Luigi's is closed on Monday; Mario's opens 12-22."),
			}},
		}},
		{"xlam.json", FormatXLAM, []Example{
			{
				Tools: toolsOf(
					tool("percentage", "Compute a percentage of a value.", []string{"value", "percent"},
						tools.Property{Name: "value", Schema: float("The base value.")}, tools.Property{Name: "percent", Schema: float("The percentage.")}),
					tool("convert_distance", "Convert a distance.", []string{"amount", "from_unit"},
						tools.Property{Name: "amount", Schema: float("Distance to convert.")},
						tools.Property{Name: "from_unit", Schema: str("Unit of the amount.")},
						tools.Property{Name: "to_unit", Schema: &tools.Schema{Type: tools.TypeString, Description: "Target unit.", Default: "km"}},
						tools.Property{Name: "precision", Schema: &tools.Schema{Type: tools.TypeInteger, Description: "Decimals to keep.", Default: 2}}),
					sumList),
				Messages: []Message{
					user("What is 15% of 80, and how far is 3 miles in km?"),
					calls("", call("percentage", map[string]any{"value": 80, "percent": 15}), call("convert_distance", map[string]any{"amount": 3, "from_unit": "mi"})),
				},
			},
			{Tools: toolsOf(sumList), Messages: []Message{user("Tell me about your day.")}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			recs, err := readRecords(data, tt.file, "record")
			if err != nil {
				t.Fatal(err)
			}
			raws := make([]json.RawMessage, len(recs))
			for i, r := range recs {
				raws[i] = r.raw
			}
			got, err := Import(tt.format, raws)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := canonical(t, got), canonical(t, tt.want); g != w {
				t.Errorf("imported:\n%s\nwant:\n%s", g, w)
			}
			if ps := Validate(tt.file, got); len(ps) > 0 {
				t.Errorf("imported examples are invalid:\n%v", ps.Err())
			}
		})
	}
}

func TestImportErrors(t *testing.T) {
	tests := []struct {
		format Format
		record string
		want   string
	}{
		{FormatOriginal, `{"messages": {}}`, "original import: record 0: messages: got JSON object, want array"},
		{FormatOpenAI, `{"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{not json"}}]}]}`,
			"openai import: record 0: messages[1].tool_calls[0].function.arguments: invalid JSON: invalid character 'n' looking for beginning of object key string"},
		{FormatOpenAI, `{"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "[1]"}}]}]}`,
			"openai import: record 0: messages[1].tool_calls[0].function.arguments: want a JSON object, got [1]"},
		{FormatOpenAI, `{"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]}, {"role": "tool", "tool_call_id": "zz", "content": "1"}]}`,
			`openai import: record 0: messages[2].tool_call_id: no earlier tool call has id "zz"`},
		{FormatOpenAI, `{"messages": [{"role": "user", "content": 5}]}`,
			"openai import: record 0: messages[0].content: want a string, null or an array of text parts, got 5"},
		{FormatOpenAI, `{"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]}`,
			`openai import: record 0: messages[0].content: [0]: content part of type "image_url" has no text form`},
		{FormatOpenAI, `{"messages": [], "tools": {"type": "function"}}`, "openai import: record 0: tools: want a JSON array of tools"},
		{FormatHermes, `{"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": "<tool_call>\n{\"name\": \"f\"}"}]}`,
			"hermes import: record 0: messages[1].content: tool_call block 0: <tool_call> without </tool_call>"},
		{FormatHermes, `{"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": "<tool_call>{\"name\": \"f\"}</tool_call><tool_call>{\"name\": x}</tool_call>"}]}`,
			"hermes import: record 0: messages[1].content: tool_call block 1: invalid JSON: invalid character 'x' looking for beginning of value"},
		{FormatHermes, `{"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": "<tool_call>{\"arguments\": {}}</tool_call>"}]}`,
			`hermes import: record 0: messages[1].content: tool_call block 0: no "name"`},
		{FormatHermes, `{"messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": "done</tool_call>"}]}`,
			"hermes import: record 0: messages[1].content: </tool_call> without <tool_call>"},
		{FormatHermes, `{"messages": [{"role": "user", "content": "x"}, {"role": "tool", "content": "1"}]}`,
			"hermes import: record 0: messages[1]: tool result without a name follows no call awaiting a result"},
		{FormatHermes, `{"conversations": [{"from": "bot", "value": "x"}]}`,
			`hermes import: record 0: conversations[0].from: unknown speaker "bot" (want system, human, gpt or tool)`},
		{FormatShareGPT, `{"conversations": [{"from": "human", "value": "x"}, {"from": "observation", "value": "1"}]}`,
			"sharegpt import: record 0: conversations[1]: observation follows no function_call awaiting a result"},
		{FormatShareGPT, `{"conversations": [{"from": "human", "value": "x"}, {"from": "function_call", "value": "get_weather(city='Oslo')"}]}`,
			`sharegpt import: record 0: conversations[1].value: want a call {"name", "arguments"} or an array of calls: invalid character 'g' looking for beginning of value`},
		{FormatShareGPT, `{"conversations": [{"from": "human", "value": "x"}, {"from": "function_call", "value": "[]"}]}`,
			"sharegpt import: record 0: conversations[1].value: function_call turn without calls"},
		{FormatShareGPT, `{"conversations": [{"from": "narrator", "value": "x"}]}`,
			`sharegpt import: record 0: conversations[0].from: unknown speaker "narrator" (want human, gpt, function_call, observation or system)`},
		{FormatShareGPT, `{"conversations": [], "tools": "{\"name\": \"f\"}"}`, "sharegpt import: record 0: tools: want a JSON array of tools"},
		{FormatXLAM, `{"query": "x", "tools": "[{\"name\": \"f\", \"parameters\": {\"cb\": {\"type\": \"Callable\"}}}]", "answers": "[]"}`,
			`xlam import: record 0: tools: [0].parameters: cb.type: unsupported xlam type "Callable" (want str, int, float, bool, dict or List[...])`},
		{FormatXLAM, `{"query": "x", "tools": "[{\"name\": \"f\", \"parameters\": {\"xs\": {\"type\": \"list, optional\"}}}]", "answers": "[]"}`,
			`xlam import: record 0: tools: [0].parameters: xs.type: "list" does not say what its items are (want e.g. List[str])`},
		{FormatXLAM, `{"query": "x", "tools": "[]", "answers": "{\"name\": \"f\"}"}`,
			"xlam import: record 0: answers: want a JSON array of calls: got JSON object, want array"},
		{FormatXLAM, `{"query": "x", "tools": "[]", "answers": "[{\"arguments\": {}}]"}`,
			`xlam import: record 0: answers: [0]: call has no "name"`},
		{"csv", `{}`, `unknown dataset format "csv" (one of original, openai, hermes, sharegpt, xlam)`},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			_, err := Import(tt.format, []json.RawMessage{json.RawMessage(tt.record)})
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %q\nwant %q", err, tt.want)
			}
		})
	}
}

func TestExportErrors(t *testing.T) {
	w := weatherTool()
	oslo := call("get_weather", map[string]any{"city": "Oslo"})
	rome := call("get_weather", map[string]any{"city": "Rome"})
	dated := tools.Tool{Name: "when", Parameters: tools.Schema{Type: tools.TypeObject,
		Properties: tools.Properties{{Name: "at", Schema: &tools.Schema{Type: "date"}}}}}
	tests := []struct {
		format Format
		ex     Example
		want   string
	}{
		{FormatOpenAI, Example{Messages: []Message{user("x"), result("get_weather", "1")}},
			`openai export: example 0: messages[1]: result of "get_weather" answers no earlier call, so it cannot get a tool_call_id`},
		{FormatOpenAI, Example{Messages: []Message{user("x"), calls("", call("f", map[string]any{"x": func() {}}))}},
			"openai export: example 0: messages[1].tool_calls[0].parameters: json: unsupported type: func()"},
		{FormatHermes, Example{Messages: []Message{user("x"), calls("", call("f", map[string]any{"x": make(chan int)}))}},
			"hermes export: example 0: messages[1]: tool_calls[0].parameters: json: unsupported type: chan int"},
		{FormatShareGPT, Example{Messages: []Message{user("x"), sys("late"), answer("y")}},
			`sharegpt export: example 0: messages[1]: sharegpt cannot hold a "system" message here (only a first system message)`},
		{FormatShareGPT, Example{Tools: toolsOf(w), Messages: []Message{user("x"), calls("", oslo, rome, oslo), result("get_weather", "1"), result("get_weather", "2")}},
			"sharegpt export: example 0: messages[2]: 2 tool results answer a turn of 3 calls; sharegpt can only merge results that answer every call"},
		{FormatShareGPT, Example{Messages: []Message{user("x"), result("get_weather", "1")}},
			`sharegpt export: example 0: messages[1]: result of "get_weather" answers no call awaiting a result`},
		{FormatXLAM, Example{Messages: []Message{sys("s"), answer("Hi, I'm a bot.")}},
			"xlam export: example 0: messages[1]: xlam needs a user query to open the conversation"},
		{FormatXLAM, Example{Messages: []Message{user("x"), user("y")}},
			`xlam export: example 0: messages[1]: xlam holds a single query answered by the assistant, but a "user" message follows it`},
		{FormatXLAM, Example{Tools: toolsOf(dated), Messages: []Message{user("x")}},
			`xlam export: example 0: tools[0]: parameters.at: type "date" has no xlam name`},
		{"yaml", Example{}, `unknown dataset format "yaml" (one of original, openai, hermes, sharegpt, xlam)`},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			_, err := Export(tt.format, []Example{tt.ex})
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %q\nwant %q", err, tt.want)
			}
		})
	}
}

// Results of parallel calls given out of call order come back in call order from ShareGPT,
// each with the right name.
func TestShareGPTReordersResults(t *testing.T) {
	ex := []Example{{Tools: toolsOf(weatherTool(), emailTool()), Messages: []Message{
		user("x"),
		calls("", call("get_weather", map[string]any{"city": "Oslo"}), call("send_email", map[string]any{"to": "a@b.co", "subject": "s"})),
		result("send_email", "sent"), result("get_weather", "sunny"),
		answer("done"),
	}}}
	records, err := Export(FormatShareGPT, ex)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Import(FormatShareGPT, records)
	if err != nil {
		t.Fatal(err)
	}
	got := back[0].Messages[2:4]
	want := []Message{result("get_weather", "sunny"), result("send_email", "sent")}
	if !slices.EqualFunc(got, want, func(a, b Message) bool { return a.Name == b.Name && a.Content == b.Content }) {
		t.Errorf("results %+v, want %+v", got, want)
	}
}

func TestConvertFile(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "sample.jsonl")
	if err := Save(src, sampleExamples()); err != nil {
		t.Fatal(err)
	}
	for _, f := range []Format{FormatOpenAI, FormatHermes} {
		t.Run(string(f), func(t *testing.T) {
			mid := filepath.Join(dir, string(f)+".json")
			back := filepath.Join(dir, string(f)+"-back.jsonl")
			if err := ConvertFile(src, FormatOriginal, mid, f); err != nil {
				t.Fatal(err)
			}
			if data := readFile(t, mid); !strings.HasPrefix(data, "[\n  {") {
				t.Errorf("%s is not an indented JSON array: %.40q", mid, data)
			}
			if err := ConvertFile(mid, f, back, FormatOriginal); err != nil {
				t.Fatal(err)
			}
			got, err := Load(back)
			if err != nil {
				t.Fatal(err)
			}
			if canonical(t, got) != canonical(t, withoutScenario(sampleExamples())) {
				t.Errorf("original -> %s -> original changed the data:\n%s", f, canonical(t, got))
			}
		})
	}
}

func TestConvertFileErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	const content = `{"messages": [{"role": "user", "content": "x"}]}` + "\n" +
		`{"messages": [{"role": "user", "content": "x"}, {"role": "tool", "tool_call_id": "nope", "content": "1"}]}` + "\n"
	if err := os.WriteFile(bad, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.json")
	err := ConvertFile(bad, FormatOpenAI, out, FormatOriginal)
	want := bad + `:2: openai import: record 1: messages[1].tool_call_id: no earlier tool call has id "nope"`
	if err == nil || err.Error() != want {
		t.Errorf("error\n got %v\nwant %s", err, want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output written despite the error")
	}
	good := filepath.Join(dir, "good.jsonl")
	if err := Save(good, []Example{{Messages: []Message{answer("no user")}}}); err != nil {
		t.Fatal(err)
	}
	if err := ConvertFile(good, FormatOriginal, out, FormatXLAM); err == nil || !strings.Contains(err.Error(), "xlam needs a user query") {
		t.Errorf("got %v, want the xlam export error", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output written despite the error")
	}
	if err := ConvertFile(good, "csv", out, FormatXLAM); err == nil {
		t.Errorf("unknown input format accepted")
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats() {
		if got, err := ParseFormat(strings.ToUpper(string(f))); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", strings.ToUpper(string(f)), got, err)
		}
	}
	if _, err := ParseFormat("alpaca"); err == nil {
		t.Errorf("alpaca accepted")
	}
}

func TestSpaceJSON(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"a":1,"b":[1,2]}`, `{"a": 1, "b": [1, 2]}`},
		{`{"k:v":"x,y","q":"say \"a,b\": c"}`, `{"k:v": "x,y", "q": "say \"a,b\": c"}`},
		{`["\\",1]`, `["\\", 1]`},
		{`{}`, `{}`},
	}
	for _, tt := range tests {
		if got := tools.PythonSpacing([]byte(tt.in)); got != tt.want {
			t.Errorf("tools.PythonSpacing(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func BenchmarkExportImport(b *testing.B) {
	examples := manyExamples(1000)
	for _, f := range Formats() {
		b.Run(string(f), func(b *testing.B) {
			for b.Loop() {
				records, err := Export(f, examples)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := Import(f, records); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Some xLAM-derived files give parameters as a JSON Schema object; it is taken as it is.
func TestImportXLAMSchemaParameters(t *testing.T) {
	const record = `{"query": "Oslo?", "tools": [{"name": "get_weather", "description": "Weather.", "parameters": {"type": "object", "properties": {"city": {"type": "string", "enum": ["Oslo"]}}, "required": ["city"]}}], "answers": [{"name": "get_weather", "arguments": "{\"city\": \"Oslo\"}"}]}`
	got, err := Import(FormatXLAM, []json.RawMessage{json.RawMessage(record)})
	if err != nil {
		t.Fatal(err)
	}
	want := []Example{{
		Tools: toolsOf(tools.Tool{Name: "get_weather", Description: "Weather.", Parameters: tools.Schema{
			Type:       tools.TypeObject,
			Properties: tools.Properties{{Name: "city", Schema: &tools.Schema{Type: tools.TypeString, Enum: []any{"Oslo"}}}},
			Required:   []string{"city"},
		}}),
		Messages: []Message{user("Oslo?"), calls("", call("get_weather", map[string]any{"city": "Oslo"}))},
	}}
	if canonical(t, got) != canonical(t, want) {
		t.Errorf("got %s\nwant %s", canonical(t, got), canonical(t, want))
	}
}
