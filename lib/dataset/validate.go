package dataset

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/tooltune/tooltune/lib/tools"
)

// Problem is one thing wrong with one example. Index is the example's 0-based position in its
// file; Field is a path inside the example in the file's own terms
// ("messages[3].tool_calls[0].parameters.unit"), empty for the example as a whole.
type Problem struct {
	File  string
	Index int
	Field string
	Msg   string
}

// Error formats the problem as "file: example N: field: message".
func (p Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "example %d: ", p.Index)
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is the list Validate returns, in file order.
type Problems []Problem

// Err joins the problems into one error (one per line), or returns nil when there are none.
func (ps Problems) Err() error {
	errs := make([]error, len(ps))
	for i, p := range ps {
		errs[i] = p
	}
	return errors.Join(errs...)
}

// Validate checks every example and returns every problem found, in file order (by example,
// then by position inside it). file is only used to label the problems.
//
// Checks: an example has messages; roles are known; user and tool messages, and assistant
// messages without calls, have content; the first message after any system messages is the
// user's; only assistant messages make calls; calls name a tool the example offers and their
// parameters satisfy its schema; every tool message names the tool it answers and answers a
// call still awaiting its result; a call is answered before the next user or assistant message
// (a conversation may end on calls: that is how a prompt awaiting its tool results looks);
// tool names are unique and schemas well formed; the scenario, when set, is known.
//
// The parameters of a call to a tool whose schema is malformed are not checked: the schema
// problem is reported once instead of as a cascade of confusing argument errors.
func Validate(file string, examples []Example) Problems {
	var out Problems
	for i := range examples {
		out = append(out, ValidateExample(file, i, &examples[i])...)
	}
	return out
}

// ValidateExample checks one example, labelling its problems with file and index.
func ValidateExample(file string, index int, ex *Example) Problems {
	v := exampleValidator{file: file, index: index, ex: ex}
	v.indexTools()
	v.checkMessages()
	v.checkTools()
	v.checkScenario()
	// Unanswered calls are only known when a later message arrives; sort them back into place.
	slices.SortStableFunc(v.found, func(a, b keyedProblem) int { return cmp.Compare(a.at, b.at) })
	out := make(Problems, len(v.found))
	for i, f := range v.found {
		out[i] = f.Problem
	}
	return out
}

// exampleValidator holds what checking one example needs to remember as it walks the messages.
type exampleValidator struct {
	file  string
	index int
	ex    *Example
	found []keyedProblem
	// at is the position in the file of what is being checked: message i is i, tool k comes
	// after the messages and the scenario after the tools.
	at int
	// tools maps each offered tool name to the first definition, ignoring later duplicates.
	tools map[string]*tools.Tool
	// broken names the tools whose schemas fail (*tools.Tool).Check.
	broken  map[string]bool
	pending pendingCalls
}

// keyedProblem is a problem with its position in the file, for sorting.
type keyedProblem struct {
	Problem
	at int
}

func (v *exampleValidator) add(field, format string, args ...any) {
	p := Problem{File: v.file, Index: v.index, Field: field, Msg: fmt.Sprintf(format, args...)}
	v.found = append(v.found, keyedProblem{Problem: p, at: v.at})
}

func (v *exampleValidator) indexTools() {
	v.tools = map[string]*tools.Tool{}
	v.broken = map[string]bool{}
	for i := range v.ex.Tools {
		t := &v.ex.Tools[i]
		if _, dup := v.tools[t.Name]; !dup {
			v.tools[t.Name] = t
		}
		if t.Check() != nil {
			v.broken[t.Name] = true
		}
	}
}

func (v *exampleValidator) toolNames() string {
	var names []string
	for _, t := range v.ex.Tools {
		if !slices.Contains(names, t.Name) {
			names = append(names, t.Name)
		}
	}
	if len(names) == 0 {
		return "the example offers no tools"
	}
	return "the example offers " + strings.Join(names, ", ")
}

func (v *exampleValidator) checkMessages() {
	if len(v.ex.Messages) == 0 {
		v.add("messages", "no messages")
		return
	}
	seenNonSystem := false
	for i := range v.ex.Messages {
		m := &v.ex.Messages[i]
		field := fmt.Sprintf("messages[%d]", i)
		v.at = i
		if !slices.Contains(roles(), m.Role) {
			v.add(field+".role", "%q is not a known role (one of %s)", m.Role, strings.Join(roles(), ", "))
		} else if !seenNonSystem && m.Role != RoleSystem && m.Role != RoleUser {
			v.add(field+".role", "the first message after the system prompt must be %q, got %q", RoleUser, m.Role)
		}
		if m.Role != RoleSystem {
			seenNonSystem = true
		}
		if needsContent(m) && strings.TrimSpace(m.Content) == "" {
			v.add(field+".content", "%s", emptyContentMsg(m.Role))
		}
		if len(m.ToolCalls) > 0 && m.Role != RoleAssistant {
			v.add(field+".tool_calls", "only assistant messages make tool calls, this is a %q message", m.Role)
		}
		switch m.Role {
		case RoleUser:
			v.flagUnanswered(i)
		case RoleAssistant:
			v.flagUnanswered(i)
			v.checkCalls(i, m.ToolCalls)
		case RoleTool:
			v.checkResult(i, m)
		}
	}
}

func roles() []string { return []string{RoleSystem, RoleUser, RoleAssistant, RoleTool} }

func emptyContentMsg(role string) string {
	if role == RoleAssistant {
		return "empty assistant message (a reply that makes no call needs text)"
	}
	return "empty " + role + " message"
}

func needsContent(m *Message) bool {
	switch m.Role {
	case RoleUser, RoleTool:
		return true
	case RoleAssistant:
		return len(m.ToolCalls) == 0
	}
	return false
}

// flagUnanswered reports the calls still awaiting a result when message i, a new user or
// assistant turn, arrives, and forgets them.
func (v *exampleValidator) flagUnanswered(i int) {
	for _, c := range v.pending.calls {
		v.at = c.msg
		v.add(fmt.Sprintf("messages[%d].tool_calls[%d]", c.msg, c.call),
			"call to %q has no tool result before messages[%d]", c.name, i)
	}
	v.at = i
	v.pending.calls = nil
}

func (v *exampleValidator) checkCalls(i int, calls []ToolCall) {
	for j := range calls {
		c := &calls[j]
		field := fmt.Sprintf("messages[%d].tool_calls[%d]", i, j)
		v.pending.add(pendingCall{name: c.Name, msg: i, call: j})
		t, ok := v.tools[c.Name]
		switch {
		case c.Name == "":
			v.add(field+".name", "empty tool name")
			continue
		case !ok:
			v.add(field+".name", "unknown tool %q (%s)", c.Name, v.toolNames())
			continue
		case v.broken[c.Name]:
			continue
		}
		for _, e := range t.ValidateArgs(c.Parameters) {
			v.add(field+".parameters"+pathSuffix(e.Path), "%s", e.Msg)
		}
	}
}

// pathSuffix joins an argument path to ".parameters": ".unit", "[2]" stays "[2]".
func pathSuffix(path string) string {
	if path == "" || strings.HasPrefix(path, "[") {
		return path
	}
	return "." + path
}

func (v *exampleValidator) checkResult(i int, m *Message) {
	field := fmt.Sprintf("messages[%d].name", i)
	if m.Name == "" {
		v.add(field, "tool message does not name the tool whose result it carries")
		v.pending.takeFirst() // most likely the result of the next awaited call
		return
	}
	if _, ok := v.pending.takeName(m.Name); !ok {
		v.add(field, "result of %q answers no call: no earlier assistant call to %q awaits a result", m.Name, m.Name)
	}
}

func (v *exampleValidator) checkTools() {
	first := map[string]int{}
	for k := range v.ex.Tools {
		t := &v.ex.Tools[k]
		field := fmt.Sprintf("tools[%d]", k)
		v.at = len(v.ex.Messages) + k
		if j, dup := first[t.Name]; dup && t.Name != "" {
			v.add(field+".name", "duplicate tool %q (already tools[%d])", t.Name, j)
		} else {
			first[t.Name] = k
		}
		if err := t.Check(); err != nil {
			v.add(field, "%v", err)
		}
	}
}

func (v *exampleValidator) checkScenario() {
	v.at = len(v.ex.Messages) + len(v.ex.Tools)
	if s := v.ex.Scenario; s != "" && !slices.Contains(Scenarios(), s) {
		v.add("scenario", "%q is not a known scenario (one of %s)", s, strings.Join(Scenarios(), ", "))
	}
}

// pendingCall is a call that awaits its tool result.
type pendingCall struct {
	name string
	id   string
	msg  int // index of the assistant message
	call int // index of the call in that message
}

// pendingCalls is the ordered list of calls awaiting results. Results are matched to calls by
// tool name (or id), earliest call first, which is how parallel calls to the same tool are
// answered in order.
type pendingCalls struct {
	calls []pendingCall
}

func (p *pendingCalls) add(c pendingCall) { p.calls = append(p.calls, c) }

// take removes and returns the first pending call that match accepts.
func (p *pendingCalls) take(match func(pendingCall) bool) (pendingCall, bool) {
	for k, c := range p.calls {
		if match(c) {
			p.calls = slices.Delete(p.calls, k, k+1)
			return c, true
		}
	}
	return pendingCall{}, false
}

func (p *pendingCalls) takeName(name string) (pendingCall, bool) {
	return p.take(func(c pendingCall) bool { return c.name == name })
}

func (p *pendingCalls) takeID(id string) (pendingCall, bool) {
	return p.take(func(c pendingCall) bool { return c.id == id })
}

func (p *pendingCalls) takeFirst() (pendingCall, bool) {
	return p.take(func(pendingCall) bool { return true })
}
