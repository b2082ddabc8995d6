package eval

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tools"
)

// Case is one decision point to evaluate: the prompt for an assistant turn of a held-out
// example and what that turn does in the reference.
type Case struct {
	// ExampleIndex is the example's index in the slice given to Cases.
	ExampleIndex int
	// Turn is the index of the assistant message in the example's messages.
	Turn int
	// Scenario is the example's scenario kind (dataset.Scenario*), "" when unknown.
	Scenario string
	// Prompt is the conversation before the turn, ending with the opening of the assistant
	// turn (chat.RenderPrompt).
	Prompt string
	// Expected are the reference calls; empty when ExpectNoCall. When the reference turn's
	// calls fail and the next assistant turn retries the same tools (an error_recovery
	// example: a city name where an airport code was needed), Expected holds the retried
	// calls: the ones a model that gets the request right the first time sends, so that
	// scoring does not reward the deliberate mistake.
	Expected []dataset.ToolCall
	// RetryTurn is the index of the assistant message whose retried calls Expected holds, 0
	// when Expected holds the turn's own calls (a retry always follows a turn and its tool
	// results, so it is never message 0).
	RetryTurn int
	// ExpectNoCall is true when the reference turn answers without calling a tool, which is
	// exactly when Expected is empty (Score goes by Expected).
	ExpectNoCall bool
	// Tools are the tools the example offers, against whose schemas values are compared.
	Tools []tools.Tool
}

// TurnSelection says which assistant turns of an example become cases.
type TurnSelection int

const (
	// FirstTurn takes the first assistant turn: the decision made from the user's request
	// alone, which every scenario has exactly once.
	FirstTurn TurnSelection = iota
	// DecisionTurns takes every assistant turn that calls tools and every turn that answers
	// a user message without a call. It leaves out prose that follows tool results, where
	// the reference only summarises and there is no tool decision left to make.
	DecisionTurns
	// AllTurns takes every assistant turn.
	AllTurns
)

// CaseConfig configures Cases. The zero value takes the first assistant turn of every example
// and renders with the Original template.
type CaseConfig struct {
	// Turns selects the assistant turns; FirstTurn by default.
	Turns TurnSelection
	// Indices, when not nil, restricts the cases to these examples (see Select), in this order.
	Indices []int
	// Chat options render the prompts, e.g. chat.WithTemplate(chat.Hermes{}).
	Chat []chat.Option
}

// Cases builds the evaluation cases of the examples. It fails, naming the example and the
// message, when an example has no assistant turn, an index is out of range or a prompt cannot
// be rendered.
func Cases(examples []dataset.Example, cfg CaseConfig) ([]Case, error) {
	if cfg.Turns < FirstTurn || cfg.Turns > AllTurns {
		return nil, fmt.Errorf("eval cases: unknown turn selection %d", cfg.Turns)
	}
	indices := cfg.Indices
	if indices == nil {
		indices = allIndices(len(examples))
	}
	var out []Case
	for _, i := range indices {
		if i < 0 || i >= len(examples) {
			return nil, fmt.Errorf("eval cases: example index %d out of range (have %d examples)", i, len(examples))
		}
		cs, err := exampleCases(examples[i], i, cfg)
		if err != nil {
			return nil, fmt.Errorf("eval cases: example %d: %w", i, err)
		}
		out = append(out, cs...)
	}
	return out, nil
}

// exampleCases builds the cases of one example.
func exampleCases(ex dataset.Example, index int, cfg CaseConfig) ([]Case, error) {
	turns := selectTurns(ex.Messages, cfg.Turns)
	if len(turns) == 0 {
		return nil, fmt.Errorf("messages: no assistant turn to evaluate")
	}
	out := make([]Case, 0, len(turns))
	for _, t := range turns {
		prompt, err := chat.RenderPrompt(ex, t, cfg.Chat...)
		if err != nil {
			return nil, fmt.Errorf("messages[%d]: %w", t, err)
		}
		c := Case{
			ExampleIndex: index,
			Turn:         t,
			Scenario:     ex.Scenario,
			Prompt:       prompt,
			RetryTurn:    retryTurn(ex.Messages, t),
			Tools:        ex.Tools,
		}
		calls := ex.Messages[c.ReferenceTurn()].ToolCalls
		c.Expected, c.ExpectNoCall = slices.Clone(calls), len(calls) == 0
		out = append(out, c)
	}
	return out, nil
}

// ReferenceTurn is the index of the assistant message whose calls Expected holds: RetryTurn
// when there is one, else Turn.
func (c Case) ReferenceTurn() int {
	if c.RetryTurn > 0 {
		return c.RetryTurn
	}
	return c.Turn
}

// retryTurn returns the index of the assistant turn that retries turn t, or 0 when there is
// none: a retry needs every result of turn t's calls to be an error ({"error": ...}) and the
// next assistant turn to call the same tool names, in any order.
func retryTurn(msgs []dataset.Message, t int) int {
	calls := msgs[t].ToolCalls
	if len(calls) == 0 {
		return 0
	}
	i := t + 1
	for ; i < len(msgs) && msgs[i].Role == dataset.RoleTool; i++ {
		if !isErrorResult(msgs[i].Content) {
			return 0
		}
	}
	if i == t+1 || i >= len(msgs) || msgs[i].Role != dataset.RoleAssistant || !sameToolNames(calls, msgs[i].ToolCalls) {
		return 0
	}
	return i
}

// isErrorResult reports whether a tool result is a JSON object with an "error" member, the
// way lib/tools reports rejected arguments and failed executions.
func isErrorResult(content string) bool {
	var obj map[string]json.RawMessage
	if json.Unmarshal([]byte(content), &obj) != nil {
		return false
	}
	_, ok := obj["error"]
	return ok
}

func sameToolNames(a, b []dataset.ToolCall) bool {
	names := func(calls []dataset.ToolCall) []string {
		out := make([]string, len(calls))
		for i, c := range calls {
			out[i] = c.Name
		}
		slices.Sort(out)
		return out
	}
	return len(a) > 0 && slices.Equal(names(a), names(b))
}

// selectTurns returns the indexes of the assistant messages that become cases.
func selectTurns(msgs []dataset.Message, sel TurnSelection) []int {
	var out []int
	for i, m := range msgs {
		if m.Role != dataset.RoleAssistant {
			continue
		}
		switch {
		case sel == FirstTurn:
			return []int{i}
		case sel == AllTurns, len(m.ToolCalls) > 0, i > 0 && msgs[i-1].Role == dataset.RoleUser:
			out = append(out, i)
		}
	}
	return out
}

// selectStream is the second PCG seed word of Select; any fixed value works, it only has to
// stay the same so that a seed always selects the same examples.
const selectStream = 0x6576616c2d73656c // "eval-sel"

// Select chooses n of the examples at random, reproducibly: the same seed and n always give
// the same indices, returned in increasing order. The choice is a prefix of one seeded
// permutation, so with the same seed a smaller n selects a subset of what a larger n selects.
// n <= 0, or n at least the number of examples, selects them all.
func Select(examples []dataset.Example, n int, seed uint64) []int {
	if n <= 0 || n >= len(examples) {
		return allIndices(len(examples))
	}
	r := rand.New(rand.NewPCG(seed, selectStream))
	chosen := r.Perm(len(examples))[:n]
	slices.Sort(chosen)
	return chosen
}

func allIndices(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
