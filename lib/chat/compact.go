package chat

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// CompactInstruction is the default system instruction of the Compact template; the tool
// list follows it, one signature per line.
const CompactInstruction = "You can call the tools below. Write a call as " +
	CallOpen + "\nname: TOOL\nparameters: {JSON}\n" + CallClose + "\n" +
	"For several calls, write several blocks. " +
	"If no tool fits, answer directly; if a required value is missing, ask the user for it.\n" +
	"Tools:"

// Compact writes calls, results and turns exactly as Original does, and lists the tools as
// one signature line each instead of one JSON schema each:
//
//	get_news_headlines(topic: string, country?: us|gb|fr, count?: integer 1..10) - Get the latest news headlines about a topic.
//
// A "?" marks an optional parameter, an enum is its values joined by "|", a number range is
// "min..max". Parameter descriptions are left out. A JSON schema spends most of its tokens
// on syntax ("type", "properties", quotes, braces), and the tool list is most of what a
// model reads in each example: with two tools, the Original system turn is about 620 tokens
// of the tiny model's tokenizer and the Compact one under 300, so fine-tuning on CPU cores
// sees twice the examples in the same time. Large pretrained models, which know JSON schemas
// and gain from the descriptions, are better served by Original, Hermes or their own
// template.
type Compact struct {
	// Instruction replaces CompactInstruction when not empty.
	Instruction string
}

// Name returns "compact".
func (Compact) Name() string { return "compact" }

// Render implements Template.
func (c Compact) Render(ex dataset.Example) (Rendered, error) {
	return renderMessages(compactStyle{instruction: c.Instruction}, ex.Tools, ex.Messages)
}

// RenderPrompt implements Template.
func (c Compact) RenderPrompt(ex dataset.Example, upto int) (string, error) {
	return renderPrompt(compactStyle{instruction: c.Instruction}, ex, upto)
}

// CallSyntax returns how Compact writes a call: as Original does.
func (Compact) CallSyntax() CallSyntax { return Original{}.CallSyntax() }

// compactStyle writes calls and results as the Original style (embedded) does, and its own
// tool list.
type compactStyle struct {
	originalStyle
	instruction string
}

func (s compactStyle) writeTools(b *strings.Builder, ts []tools.Tool) error {
	b.WriteString(orDefault(s.instruction, CompactInstruction))
	b.WriteString("\n")
	for _, t := range ts {
		line := Signature(t)
		if err := checkTurnText(line); err != nil {
			return fmt.Errorf("tool %q: schema %w", t.Name, err)
		}
		b.WriteString(line)
		b.WriteString("\n")
	}
	return nil
}

// Signature writes a tool as the Compact template lists it: its name, its parameters in
// declaration order with their types, and its description.
func Signature(t tools.Tool) string {
	var b strings.Builder
	b.WriteString(t.Name)
	writeParams(&b, &t.Parameters, "(", ")")
	if t.Description != "" {
		b.WriteString(" - ")
		b.WriteString(t.Description)
	}
	return b.String()
}

// writeParams writes an object schema's properties between open and close.
func writeParams(b *strings.Builder, s *tools.Schema, open, close string) {
	b.WriteString(open)
	for i, p := range s.Properties {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.Name)
		if !slices.Contains(s.Required, p.Name) {
			b.WriteString("?")
		}
		b.WriteString(": ")
		writeType(b, p.Schema)
	}
	b.WriteString(close)
}

// writeType writes a schema's type: its enum values, "integer 1..10", "string (date)",
// "array of T" or an object's properties in braces.
func writeType(b *strings.Builder, s *tools.Schema) {
	switch {
	case len(s.Enum) > 0:
		for i, v := range s.Enum {
			if i > 0 {
				b.WriteString("|")
			}
			if str, ok := v.(string); ok {
				b.WriteString(str)
			} else {
				b.WriteString(tools.CanonicalJSON(v))
			}
		}
	case s.Type == "array" && s.Items != nil:
		b.WriteString("array of ")
		writeType(b, s.Items)
	case s.Type == "object" && len(s.Properties) > 0:
		writeParams(b, s, "{", "}")
	default:
		b.WriteString(s.Type)
		if s.Format != "" {
			b.WriteString(" (" + s.Format + ")")
		}
		if s.Minimum != nil || s.Maximum != nil {
			b.WriteString(" " + bound(s.Minimum) + ".." + bound(s.Maximum))
		}
	}
}

func bound(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'g', -1, 64)
}
