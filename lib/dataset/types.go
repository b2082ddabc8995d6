// Package dataset holds tool-use conversations in the original ToolTune format: a JSON array
// (or JSONL) of {"messages": [...], "tools": [...]} objects, where assistant messages carry
// "tool_calls": [{"name", "parameters"}] and tool messages carry the "name" of the tool whose
// result they hold.
package dataset

import "github.com/tooltune/tooltune/lib/tools"

// Message roles.
const (
	RoleSystem    = "system"
	RoleUser      = "user"
	RoleAssistant = "assistant"
	RoleTool      = "tool"
)

// Scenario kinds produced by lib/datagen and used to break metrics down.
const (
	ScenarioSingle        = "single"         // one call answers the request
	ScenarioParallel      = "parallel"       // several independent calls in one assistant turn
	ScenarioMultiStep     = "multi_step"     // a later call uses an earlier call's result
	ScenarioNoTool        = "no_tool"        // answered directly, no call
	ScenarioClarify       = "clarify"        // required information missing: ask, don't call
	ScenarioErrorRecovery = "error_recovery" // a call fails, the assistant recovers
)

// Scenarios lists every scenario kind in a stable order.
func Scenarios() []string {
	return []string{ScenarioSingle, ScenarioParallel, ScenarioMultiStep, ScenarioNoTool, ScenarioClarify, ScenarioErrorRecovery}
}

// ScenarioOrder lists the keys of m, a map by scenario, in the order of Scenarios(), then any
// others by name: the order in which tables and charts show scenarios.
func ScenarioOrder[V any](m map[string]V) []string { return orderedKeys(m, Scenarios()) }

// ToolCall is one call an assistant makes.
type ToolCall struct {
	Name       string         `json:"name"`
	Parameters map[string]any `json:"parameters"`
}

// Message is one turn of a conversation.
type Message struct {
	Role      string     `json:"role"`
	Content   string     `json:"content"`
	ToolCalls []ToolCall `json:"tool_calls,omitempty"`
	// Name is the tool whose result a tool message carries.
	Name string `json:"name,omitempty"`
}

// Example is one conversation plus the tools offered to the model in it.
type Example struct {
	Messages []Message    `json:"messages"`
	Tools    []tools.Tool `json:"tools"`
	// Scenario is optional metadata (one of Scenarios()) that readers of the original format ignore.
	Scenario string `json:"scenario,omitempty"`
}
