// Package chat turns tool-use conversations into the text a language model is trained on, marks
// which bytes of that text the loss covers, and reads tool calls back out of what a model writes.
//
// The Original template is the format of the original ToolTune Python script:
//
//	<|system|>
//	You are a helpful assistant with access to the following tools. ...
//	{"name": "get_current_weather", "description": ..., "parameters": {...}}
//	<|user|>
//	What's the weather in Paris?
//	<|assistant|>
//	I'll help you with that.
//
//	<tool_call>
//	name: get_current_weather
//	parameters: {"location": "Paris", "unit": "celsius"}
//	</tool_call>
//	<|end|>
//	<|tool|>
//	name: get_current_weather
//	result: {"condition": "sunny", "temperature": 22}
//	<|assistant|>
//	It is sunny in Paris.<|end|>
//
// Compact is the Original format with each tool listed as a one-line signature instead of
// its JSON schema ("get_current_weather(location: string, unit?: celsius|fahrenheit) - ..."):
// half the tokens per example, the default of ToolTune's commands for the tiny model. Hermes
// writes the same turns with calls and results as JSON, the form Hermes and Qwen models use.
// Other templates (the Jinja chat_template of a Hugging Face model) implement Template.
//
// # Loss spans
//
// Rendered.Spans are the byte ranges of the assistant turns' bodies, from just after
// "<|assistant|>\n" through "<|end|>": the model is trained to write its answers and calls and
// to end its turn, never to write the system, user or tool text.
//
// # JSON in calls
//
// Call parameters are written as the original script's json.dumps(params, sort_keys=True):
// one line, ", " and ": " separators, keys sorted. Three choices differ from Python's defaults
// on purpose:
//   - Non-ASCII text is written as-is (ensure_ascii=False): the tokenizer sees "Zürich" as the
//     word it is, and the model need not learn \uXXXX escapes.
//   - Numbers read by ParseCalls are json.Number and are written back verbatim; a float64 that
//     holds a whole number below 1e16 is written as an integer, because encoding/json decodes
//     a dataset's integers to float64. Other floats follow Python's repr ("0.1", "1e-05").
//   - A "<" that would start one of this package's markers inside a JSON string is written
//     \u003c, so that no parameter value can end a call or a turn early.
//
// Tool schemas are listed one per line in their declaration order (parameter order is part
// of what the model reads), with the same separators.
package chat

import (
	"fmt"
	"strings"

	"github.com/tooltune/tooltune/lib/dataset"
)

// Span is a byte range [Start, End) of rendered text.
type Span struct {
	Start, End int
}

// Rendered is a conversation as text plus the spans the training loss must cover: exactly the
// bodies of the assistant turns (after the assistant marker, through the end-of-turn marker).
// Nothing of system, user or tool turns is in a span, so the model is never trained to write
// what others say.
type Rendered struct {
	Text  string
	Spans []Span
}

// Template renders conversations in one chat format.
type Template interface {
	// Name identifies the template on command lines and in reports.
	Name() string
	// Render writes the whole conversation and the spans of its assistant turns.
	Render(ex dataset.Example) (Rendered, error)
	// RenderPrompt writes ex.Messages[:upto] followed by the opening of an assistant turn: the
	// prompt from which a model generates the assistant turn at index upto. It equals the
	// text of Render up to the start of that turn's span.
	RenderPrompt(ex dataset.Example, upto int) (string, error)
}

// Option configures Render and RenderPrompt.
type Option func(*config)

type config struct {
	template Template
}

// WithTemplate renders with t instead of the Original template; nil keeps the Original.
func WithTemplate(t Template) Option {
	return func(c *config) {
		if t != nil {
			c.template = t
		}
	}
}

func newConfig(opts []Option) config {
	c := config{template: Original{}}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// Render writes ex with the Original template, or the one given by WithTemplate.
func Render(ex dataset.Example, opts ...Option) (Rendered, error) {
	return newConfig(opts).template.Render(ex)
}

// RenderPrompt writes the generation prompt for the assistant turn at index upto (see
// Template.RenderPrompt) with the Original template, or the one given by WithTemplate.
func RenderPrompt(ex dataset.Example, upto int, opts ...Option) (string, error) {
	return newConfig(opts).template.RenderPrompt(ex, upto)
}

// TemplateNames lists the templates this package implements, for TemplateByName.
func TemplateNames() []string { return []string{Original{}.Name(), Compact{}.Name(), Hermes{}.Name()} }

// TemplateByName returns the template called name with its default instruction. Templates
// built from a model's tokenizer_config.json live in lib/chat/jinja and are not listed here.
func TemplateByName(name string) (Template, error) {
	switch name {
	case Original{}.Name():
		return Original{}, nil
	case Compact{}.Name():
		return Compact{}, nil
	case Hermes{}.Name():
		return Hermes{}, nil
	}
	return nil, fmt.Errorf("unknown chat template %q (known: %s)", name, strings.Join(TemplateNames(), ", "))
}
