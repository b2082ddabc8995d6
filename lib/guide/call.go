package guide

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/tools"
)

// SyntaxOf returns the call syntax of a lib/chat template: the Original and Compact templates
// write "name: TOOL" and "parameters: {JSON}" lines, Hermes a {"name", "arguments"} object.
// Other templates (a model's own Jinja template) have none that guidance knows.
func SyntaxOf(t chat.Template) (chat.CallSyntax, error) {
	if s, ok := t.(interface{ CallSyntax() chat.CallSyntax }); ok {
		return s.CallSyntax(), nil
	}
	return chat.CallSyntax{}, fmt.Errorf("guided calls: the %q chat template writes calls in a syntax guidance does not know (compact, original and hermes have one)", t.Name())
}

// grammar is one call of one of the offered tools.
type grammar struct {
	syn   chat.CallSyntax
	names []string // as written between Before and Between
	args  []*node  // each tool's arguments
}

func newGrammar(syn chat.CallSyntax, offered []tools.Tool) (*grammar, error) {
	switch {
	case !strings.HasSuffix(syn.After, chat.CallClose):
		return nil, errors.New("guided calls: the call syntax does not close its block")
	case len(offered) > maxChoices:
		return nil, fmt.Errorf("guided calls: %d tools offered (at most %d)", len(offered), maxChoices)
	}
	g := &grammar{syn: syn}
	c := newCompiler()
	for _, t := range offered {
		name := t.Name
		if syn.QuoteName {
			name = jsonText(name)
		}
		args, err := c.compile(&t.Parameters, t.Name)
		if err != nil {
			return nil, fmt.Errorf("guided calls: tool %w", err)
		}
		if args.kind != kindObject {
			return nil, fmt.Errorf("guided calls: tool %s: parameters are not an object", t.Name)
		}
		g.names = append(g.names, name)
		g.args = append(g.args, args)
	}
	return g, nil
}

// The parts of a call, in order.
const (
	partBefore = iota
	partName
	partBetween
	partArgs
	partAfter
	partDone // the block is closed; what follows is free text
)

// call matches one call block after its opening marker. Like value, it is a plain value.
type call struct {
	g    *grammar
	part int
	pos  int // bytes matched of a literal part
	name choice
	args value
}

func (g *grammar) start() call {
	return call{g: g, name: newChoice(g.names, allOf(len(g.names)))}
}

// literal is the text of a literal part.
func (c *call) literal() string {
	switch c.part {
	case partBefore:
		return c.g.syn.Before
	case partBetween:
		return c.g.syn.Between
	}
	return c.g.syn.After
}

// feed advances with b and reports whether the block can still be completed. After the block
// is closed every byte is accepted.
func (c *call) feed(b byte) bool {
	switch c.part {
	case partDone:
		return true
	case partName:
		if c.name.feed(b) {
			return true
		}
		i := c.name.matched()
		if i < 0 {
			return false
		}
		c.args = newValue(c.g.args[i])
		c.next()
		return c.feed(b)
	case partArgs:
		if !c.args.feed(b) {
			return false
		}
		if c.args.done {
			c.next()
		}
		return true
	}
	lit := c.literal()
	if lit == "" {
		c.next()
		return c.feed(b)
	}
	if lit[c.pos] != b {
		return false
	}
	if c.pos++; c.pos == len(lit) {
		c.next()
	}
	return true
}

func (c *call) next() { c.part, c.pos = c.part+1, 0 }

// closed reports whether the block has been written to its end.
func (c *call) closed() bool { return c.part == partDone }
