package chat

import (
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// Hand-written tools and conversations, one per scenario shape, shared by the tests.

func weatherTool() tools.Tool {
	return tools.Tool{
		Name:        "get_current_weather",
		Description: "Get the current weather in a location",
		Parameters: tools.Schema{
			Type: tools.TypeObject,
			Properties: tools.Properties{
				{Name: "location", Schema: &tools.Schema{Type: tools.TypeString, Description: "City name, e.g. Paris"}},
				{Name: "unit", Schema: &tools.Schema{Type: tools.TypeString, Enum: []any{"celsius", "fahrenheit"}}},
			},
			Required: []string{"location"},
		},
	}
}

func stockTool() tools.Tool {
	return tools.Tool{
		Name:        "get_stock_price",
		Description: "Latest price of a stock: ticker in upper case",
		Parameters: tools.Schema{
			Type:       tools.TypeObject,
			Properties: tools.Properties{{Name: "symbol", Schema: &tools.Schema{Type: tools.TypeString}}},
			Required:   []string{"symbol"},
		},
	}
}

func currencyTool() tools.Tool {
	return tools.Tool{
		Name:        "convert_currency",
		Description: "Convert an amount between currencies",
		Parameters: tools.Schema{
			Type: tools.TypeObject,
			Properties: tools.Properties{
				{Name: "amount", Schema: &tools.Schema{Type: tools.TypeNumber}},
				{Name: "from_currency", Schema: &tools.Schema{Type: tools.TypeString}},
				{Name: "to_currency", Schema: &tools.Schema{Type: tools.TypeString}},
			},
			Required: []string{"amount", "from_currency", "to_currency"},
		},
	}
}

// The tool lines as the original script's json.dumps wrote them, typed out by hand.
const (
	weatherLine  = `{"name": "get_current_weather", "description": "Get the current weather in a location", "parameters": {"type": "object", "properties": {"location": {"type": "string", "description": "City name, e.g. Paris"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["location"]}}`
	stockLine    = `{"name": "get_stock_price", "description": "Latest price of a stock: ticker in upper case", "parameters": {"type": "object", "properties": {"symbol": {"type": "string"}}, "required": ["symbol"]}}`
	currencyLine = `{"name": "convert_currency", "description": "Convert an amount between currencies", "parameters": {"type": "object", "properties": {"amount": {"type": "number"}, "from_currency": {"type": "string"}, "to_currency": {"type": "string"}}, "required": ["amount", "from_currency", "to_currency"]}}`
)

func user(text string) dataset.Message { return dataset.Message{Role: dataset.RoleUser, Content: text} }

func assistant(text string, calls ...dataset.ToolCall) dataset.Message {
	return dataset.Message{Role: dataset.RoleAssistant, Content: text, ToolCalls: calls}
}

func toolResult(name, content string) dataset.Message {
	return dataset.Message{Role: dataset.RoleTool, Name: name, Content: content}
}

func call(name string, params map[string]any) dataset.ToolCall {
	return dataset.ToolCall{Name: name, Parameters: params}
}

func weatherExample(scenario string, msgs ...dataset.Message) dataset.Example {
	return dataset.Example{Scenario: scenario, Tools: []tools.Tool{weatherTool()}, Messages: msgs}
}

func singleExample() dataset.Example {
	return weatherExample(dataset.ScenarioSingle,
		user("What's the weather in Paris?"),
		assistant("I'll help you with that.", call("get_current_weather", map[string]any{"unit": "celsius", "location": "Paris"})),
		toolResult("get_current_weather", `{"condition": "sunny", "temperature": 22}`),
		assistant("It is sunny and 22 °C in Paris."))
}

func parallelExample() dataset.Example {
	return weatherExample(dataset.ScenarioParallel,
		user("Weather in Paris and in Tokyo, please."),
		assistant("",
			call("get_current_weather", map[string]any{"location": "Paris"}),
			call("get_current_weather", map[string]any{"location": "東京", "unit": "fahrenheit"})),
		toolResult("get_current_weather", `{"condition": "rain"}`),
		toolResult("get_current_weather", `{"condition": "clear"}`),
		assistant("Rain in Paris, clear skies in Tokyo."))
}

func multiStepExample() dataset.Example {
	return dataset.Example{
		Scenario: dataset.ScenarioMultiStep,
		Tools:    []tools.Tool{stockTool(), currencyTool()},
		Messages: []dataset.Message{
			{Role: dataset.RoleSystem, Content: "You are a finance assistant."},
			user("How much is one AAPL share in euros?"),
			assistant("Let me look up the price first.", call("get_stock_price", map[string]any{"symbol": "AAPL"})),
			toolResult("get_stock_price", `{"symbol": "AAPL", "price": 189.5, "currency": "USD"}`),
			assistant("Now I'll convert it.", call("convert_currency", map[string]any{"to_currency": "EUR", "amount": 189.5, "from_currency": "USD"})),
			toolResult("convert_currency", `{"amount": 174.34, "currency": "EUR"}`),
			assistant("One AAPL share costs about 174.34 EUR."),
		},
	}
}

func noToolExample() dataset.Example {
	return weatherExample(dataset.ScenarioNoTool,
		user("Tell me a joke about clouds."),
		assistant("Clouds never pay rent: they are always just passing through."))
}

func clarifyExample() dataset.Example {
	return weatherExample(dataset.ScenarioClarify,
		user("What's the weather like?"),
		assistant("Which city would you like the weather for?"))
}

func errorRecoveryExample() dataset.Example {
	return weatherExample(dataset.ScenarioErrorRecovery,
		user("Weather in Pariss?"),
		assistant("I'll check.", call("get_current_weather", map[string]any{"location": "Pariss"})),
		toolResult("get_current_weather", `{"error": "unknown location: Pariss"}`),
		assistant("That name was not found; trying Paris.", call("get_current_weather", map[string]any{"location": "Paris"})),
		toolResult("get_current_weather", `{"condition": "cloudy", "temperature": 15}`),
		assistant("In Paris it is cloudy and 15 °C."))
}
