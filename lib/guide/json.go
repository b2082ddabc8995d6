package guide

import (
	"fmt"
	"math/bits"
	"slices"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/tools"
)

// maxChoices bounds the options of one choice (tools offered, enum values, object keys): the
// live options of a choice are one bit each of a uint64.
const maxChoices = 64

// maxDepth bounds how deeply arguments may nest (objects and arrays); deeper values are
// refused, as lib/chat refuses to render them.
const maxDepth = 8

// kind is what a schema node accepts.
type kind uint8

const (
	kindAny kind = iota
	kindObject
	kindArray
	kindString
	kindEnum
	kindInteger
	kindNumber
	kindBoolean
)

// node is a schema compiled for matching.
type node struct {
	kind kind
	// opts are the JSON texts of an enum's values, or "true" and "false".
	opts []string
	// items is an array's item node.
	items *node
	// keys are an object's property names, each followed by the closing quote (so a key
	// ends where its quote does); props their nodes. With no keys the object takes any key,
	// with values of node free.
	keys     []string
	props    []*node
	required uint64
	free     *node
	// object and array are the object and array nodes of a value of any type.
	object, array *node
}

// compiler turns schemas into nodes; it holds the node of a value of any type, which every
// schema without a type shares.
type compiler struct {
	any *node
}

func newCompiler() *compiler {
	any := &node{kind: kindAny, opts: []string{"true", "false", "null"}}
	any.object = &node{kind: kindObject, free: any}
	any.array = &node{kind: kindArray, items: any}
	return &compiler{any: any}
}

func (c *compiler) compile(s *tools.Schema, path string) (*node, error) {
	if s == nil {
		return c.any, nil
	}
	if len(s.Enum) > 0 {
		if len(s.Enum) > maxChoices {
			return nil, fmt.Errorf("%s: %d enum values (at most %d)", path, len(s.Enum), maxChoices)
		}
		n := &node{kind: kindEnum}
		for _, v := range s.Enum {
			text, err := chat.AppendJSON(nil, v)
			if err != nil {
				return nil, fmt.Errorf("%s: enum value %v: %w", path, v, err)
			}
			n.opts = append(n.opts, string(text))
		}
		return n, nil
	}
	switch s.Type {
	case "object":
		return c.compileObject(s, path)
	case "array":
		items, err := c.compile(s.Items, path+"[]")
		if err != nil {
			return nil, err
		}
		return &node{kind: kindArray, items: items}, nil
	case "string":
		return &node{kind: kindString}, nil
	case "integer":
		return &node{kind: kindInteger}, nil
	case "number":
		return &node{kind: kindNumber}, nil
	case "boolean":
		return &node{kind: kindBoolean, opts: []string{"true", "false"}}, nil
	default:
		return c.any, nil
	}
}

func (c *compiler) compileObject(s *tools.Schema, path string) (*node, error) {
	if len(s.Properties) == 0 {
		return c.any.object, nil
	}
	if len(s.Properties) > maxChoices {
		return nil, fmt.Errorf("%s: %d properties (at most %d)", path, len(s.Properties), maxChoices)
	}
	n := &node{kind: kindObject}
	for _, p := range s.Properties {
		sub, err := c.compile(p.Schema, path+"."+p.Name)
		if err != nil {
			return nil, err
		}
		n.keys = append(n.keys, jsonText(p.Name)[1:]) // from after the opening quote
		n.props = append(n.props, sub)
	}
	for _, r := range s.Required {
		i := slices.IndexFunc(s.Properties, func(p tools.Property) bool { return p.Name == r })
		if i < 0 {
			return nil, fmt.Errorf("%s: required parameter %q is not a property", path, r)
		}
		n.required |= 1 << i
	}
	return n, nil
}

// jsonText is s as a JSON string, quotes included, written as lib/chat writes strings.
func jsonText(s string) string {
	text, _ := chat.AppendJSON(nil, s) // a string always writes
	return string(text)
}

// choice matches one of a few literal options, byte by byte.
type choice struct {
	opts  []string
	alive uint64 // options still matching
	pos   int    // bytes matched
}

func newChoice(opts []string, alive uint64) choice { return choice{opts: opts, alive: alive} }

func allOf(n int) uint64 {
	if n >= 64 {
		return ^uint64(0)
	}
	return 1<<n - 1
}

// feed advances with c and reports whether some option continues with it.
func (ch *choice) feed(c byte) bool {
	var next uint64
	for m := ch.alive; m != 0; m &= m - 1 {
		i := bits.TrailingZeros64(m)
		if o := ch.opts[i]; ch.pos < len(o) && o[ch.pos] == c {
			next |= 1 << i
		}
	}
	if next == 0 {
		return false
	}
	ch.alive, ch.pos = next, ch.pos+1
	return true
}

// matched returns the option matched in full, or -1.
func (ch *choice) matched() int {
	for m := ch.alive; m != 0; m &= m - 1 {
		if i := bits.TrailingZeros64(m); len(ch.opts[i]) == ch.pos {
			return i
		}
	}
	return -1
}

// open reports whether some live option goes on past what was matched.
func (ch *choice) open() bool {
	for m := ch.alive; m != 0; m &= m - 1 {
		if len(ch.opts[bits.TrailingZeros64(m)]) > ch.pos {
			return true
		}
	}
	return false
}

// phase is where a frame's object or array is.
type phase uint8

const (
	objectStart phase = iota // after '{': a key or '}'
	objectKey                // inside a key
	objectColon              // after a key: ':'
	objectValue              // after ':': an optional space, then the value
	objectAfter              // after a value: ',' or '}'
	objectNext               // after ',': an optional space, then a key
	arrayStart               // after '[': a value or ']'
	arrayNext                // after ',': an optional space, then a value
	arrayAfter               // after a value: ',' or ']'
)

// frame is one open object or array.
type frame struct {
	n     *node
	phase phase
	used  uint64 // keys written
	key   int    // the key whose value comes next; -1 for a free key
	space bool   // the optional space of this phase was written
}

// scalar kinds being written.
type scalarKind uint8

const (
	noScalar scalarKind = iota
	inString
	inNumber
	inLiteral // a choice: an enum value, true/false/null, a declared key
)

// number phases.
const (
	numSign     = iota // after '-'
	numZero            // a leading 0
	numInt             // integer digits
	numDot             // after '.'
	numFrac            // fraction digits
	numExp             // after 'e'
	numExpSign         // after the exponent's sign
	numExpDigit        // exponent digits
)

// value matches one JSON value of a schema node, byte by byte. It is a plain value: copying
// it copies the match, which is how the vocabulary walk tries a token without losing the
// state it started from.
type value struct {
	root    *node
	started bool
	done    bool
	stack   [maxDepth]frame
	depth   int

	scalar  scalarKind
	integer bool  // the number being written must be an integer
	key     bool  // the string or literal being written is a key
	escape  uint8 // in a string: 1 after a backslash, 2 to 5 with hex digits of \u left
	num     uint8 // number phase
	lit     choice
}

func newValue(root *node) value { return value{root: root} }

// feed advances with c and reports whether the value can still be completed.
func (v *value) feed(c byte) bool {
	if v.done {
		return false
	}
	if !v.started {
		v.started = true
		return v.begin(v.root, c)
	}
	if v.scalar != noScalar {
		consumed, ok := v.feedScalar(c)
		if consumed || !ok {
			return ok
		}
		// The scalar ended just before c (a number or a literal with no terminator); c
		// belongs to the enclosing object or array.
	}
	return v.feedFrame(c)
}

// feedScalar feeds c to the scalar being written. consumed says whether c was part of it;
// when not, ok says whether the scalar could end there (and did).
func (v *value) feedScalar(c byte) (consumed, ok bool) {
	switch v.scalar {
	case inString:
		return true, v.feedString(c)
	case inNumber:
		if v.feedNumber(c) {
			return true, true
		}
		if v.num != numZero && v.num != numInt && v.num != numFrac && v.num != numExpDigit {
			return false, false
		}
	case inLiteral:
		if v.lit.feed(c) {
			if !v.lit.open() { // nothing longer to wait for: the literal ends here
				v.endLiteral()
			}
			return true, true
		}
		if v.lit.matched() < 0 {
			return false, false
		}
	}
	v.endScalar()
	return false, true
}

func (v *value) endScalar() {
	if v.scalar == inLiteral {
		v.endLiteral()
		return
	}
	v.scalar = noScalar
	v.valueDone()
}

func (v *value) endLiteral() {
	v.scalar = noScalar
	if !v.key {
		v.valueDone()
		return
	}
	v.keyDone(v.lit.matched())
}

// keyDone ends the key being written: declared key number key, or a free key (-1). Its colon
// comes next.
func (v *value) keyDone(key int) {
	v.key = false
	f := &v.stack[v.depth-1]
	f.key, f.phase, f.space = key, objectColon, false
	if key >= 0 {
		f.used |= 1 << key
	}
}

func (v *value) feedString(c byte) bool {
	switch {
	case v.escape == 1:
		switch c {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			v.escape = 0
		case 'u':
			v.escape = 5
		default:
			return false
		}
	case v.escape > 1:
		if !isHex(c) {
			return false
		}
		if v.escape--; v.escape == 1 {
			v.escape = 0
		}
	case c == '\\':
		v.escape = 1
	case c == '"':
		v.scalar = noScalar
		if v.key {
			v.keyDone(-1)
		} else {
			v.valueDone()
		}
	case c < 0x20:
		return false
	}
	return true
}

func isHex(c byte) bool   { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// feedNumber reports whether c continues the number (JSON's grammar; no fraction or exponent
// for an integer).
func (v *value) feedNumber(c byte) bool {
	next := -1
	switch v.num {
	case numSign:
		switch {
		case c == '0':
			next = numZero
		case isDigit(c):
			next = numInt
		}
	case numZero, numInt:
		switch {
		case isDigit(c) && v.num == numInt:
			next = numInt
		case c == '.' && !v.integer:
			next = numDot
		case (c == 'e' || c == 'E') && !v.integer:
			next = numExp
		}
	case numDot, numFrac:
		switch {
		case isDigit(c):
			next = numFrac
		case (c == 'e' || c == 'E') && v.num == numFrac:
			next = numExp
		}
	case numExp:
		switch {
		case c == '+' || c == '-':
			next = numExpSign
		case isDigit(c):
			next = numExpDigit
		}
	case numExpSign, numExpDigit:
		if isDigit(c) {
			next = numExpDigit
		}
	}
	if next < 0 {
		return false
	}
	v.num = uint8(next)
	return true
}

// begin starts a value of node n with its first byte c.
func (v *value) begin(n *node, c byte) bool {
	switch n.kind {
	case kindObject, kindArray:
		open, ph := byte('{'), objectStart
		if n.kind == kindArray {
			open, ph = '[', arrayStart
		}
		if c != open || v.depth == maxDepth {
			return false
		}
		v.stack[v.depth] = frame{n: n, phase: ph, key: -1}
		v.depth++
		return true
	case kindString:
		return v.beginString(c)
	case kindInteger, kindNumber:
		return v.beginNumber(n.kind == kindInteger, c)
	case kindEnum, kindBoolean:
		return v.beginLiteral(n.opts, allOf(len(n.opts)), c)
	default: // any JSON value: its first byte says which
		switch {
		case c == '{':
			return v.begin(n.object, c)
		case c == '[':
			return v.begin(n.array, c)
		case c == '"':
			return v.beginString(c)
		case c == '-' || isDigit(c):
			return v.beginNumber(false, c)
		default:
			return v.beginLiteral(n.opts, allOf(len(n.opts)), c)
		}
	}
}

func (v *value) beginString(c byte) bool {
	v.scalar, v.escape = inString, 0
	return c == '"'
}

func (v *value) beginNumber(integer bool, c byte) bool {
	v.scalar, v.num, v.integer = inNumber, numSign, integer
	return c == '-' || v.feedNumber(c)
}

func (v *value) beginLiteral(opts []string, alive uint64, c byte) bool {
	v.scalar, v.lit = inLiteral, newChoice(opts, alive)
	if !v.lit.feed(c) {
		return false
	}
	if !v.lit.open() {
		v.endLiteral()
	}
	return true
}

// valueDone closes a finished value inside the innermost frame, or the whole value.
func (v *value) valueDone() {
	if v.depth == 0 {
		v.done = true
		return
	}
	f := &v.stack[v.depth-1]
	f.space = false
	if f.n.kind == kindArray {
		f.phase = arrayAfter
	} else {
		f.phase = objectAfter
	}
}

// close pops the innermost frame, which c (its closing bracket) ends.
func (v *value) close() bool {
	v.depth--
	v.valueDone()
	return true
}

func (v *value) feedFrame(c byte) bool {
	if v.depth == 0 {
		return false
	}
	f := &v.stack[v.depth-1]
	switch f.phase {
	case objectStart, objectNext:
		switch {
		case c == ' ' && f.phase == objectNext && !f.space:
			f.space = true
			return true
		case c == '}' && f.phase == objectStart && f.n.required&^f.used == 0:
			return v.close()
		case c == '"':
			return v.beginKey(f)
		}
	case objectColon:
		if c == ':' {
			f.phase, f.space = objectValue, false
			return true
		}
	case objectValue, arrayNext:
		if c == ' ' && !f.space {
			f.space = true
			return true
		}
		if f.phase == arrayNext {
			return v.begin(f.n.items, c)
		}
		return v.begin(f.valueNode(), c)
	case arrayStart:
		if c == ']' {
			return v.close()
		}
		return v.begin(f.n.items, c)
	case objectAfter:
		switch {
		case c == ',' && f.keysLeft():
			f.phase, f.space = objectNext, false
			return true
		case c == '}' && f.n.required&^f.used == 0:
			return v.close()
		}
	case arrayAfter:
		switch c {
		case ',':
			f.phase, f.space = arrayNext, false
			return true
		case ']':
			return v.close()
		}
	}
	return false
}

// beginKey starts a key after its opening quote: one of the declared keys not written yet, or
// any string for an object of free keys.
func (v *value) beginKey(f *frame) bool {
	f.phase = objectKey
	v.key = true
	if f.n.keys == nil {
		v.scalar, v.escape = inString, 0
		return true
	}
	if !f.keysLeft() {
		return false
	}
	v.scalar, v.lit = inLiteral, newChoice(f.n.keys, allOf(len(f.n.keys))&^f.used)
	return true
}

// keysLeft reports whether another key may follow: any key in an object of free keys, else
// a declared key not written yet. A comma after the last one would lead where no byte fits.
func (f *frame) keysLeft() bool {
	return f.n.keys == nil || allOf(len(f.n.keys))&^f.used != 0
}

// valueNode is the node of the value after the current key.
func (f *frame) valueNode() *node {
	if f.key < 0 {
		return f.n.free
	}
	return f.n.props[f.key]
}
