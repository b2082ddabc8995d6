package tools

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"unicode"
)

// Evaluate computes an arithmetic expression: numbers with optional decimals, + - * / and ^
// (power), unary minus and plus, parentheses and sqrt(x). Precedence is the usual one: ^ binds
// tightest and groups to the right (2^3^2 = 2^9), then unary signs (-2^2 = -4), then * and /,
// then + and -, both grouping to the left.
//
// It reports malformed input with the byte offset of the problem, and refuses division by zero,
// the square root of a negative number and results that are not finite, so that a simulated
// calculator never answers NaN or Inf.
func Evaluate(expr string) (float64, error) {
	if len(expr) > maxExprLen {
		return 0, fmt.Errorf("expression is %d characters long, the limit is %d", len(expr), maxExprLen)
	}
	p := &exprParser{src: expr}
	p.skipSpace()
	if p.pos == len(p.src) {
		return 0, errors.New("empty expression")
	}
	v, err := p.parseSum()
	if err != nil {
		return 0, err
	}
	if p.pos < len(p.src) {
		return 0, p.errorf("unexpected %q", p.src[p.pos])
	}
	return v, nil
}

// maxExprLen bounds the input, and with it the parser's recursion depth.
const maxExprLen = 1000

// exprParser is a recursive-descent parser over the grammar
//
//	sum     = product { ("+" | "-") product }
//	product = unary { ("*" | "/") unary }
//	unary   = ("-" | "+") unary | power
//	power   = primary [ "^" unary ]
//	primary = number | "(" sum ")" | "sqrt" "(" sum ")"
//
// The exponent of ^ is a unary, which makes ^ right-associative and allows 2^-1.
type exprParser struct {
	src string
	pos int
}

func (p *exprParser) errorf(format string, a ...any) error {
	return fmt.Errorf("at position %d: %s", p.pos, fmt.Sprintf(format, a...))
}

func (p *exprParser) skipSpace() {
	for p.pos < len(p.src) && unicode.IsSpace(rune(p.src[p.pos])) {
		p.pos++
	}
}

// accept consumes c (after spaces) when it is the next character.
func (p *exprParser) accept(c byte) bool {
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *exprParser) parseSum() (float64, error) {
	v, err := p.parseProduct()
	for err == nil {
		switch {
		case p.accept('+'):
			var r float64
			r, err = p.parseProduct()
			v += r
		case p.accept('-'):
			var r float64
			r, err = p.parseProduct()
			v -= r
		default:
			return checkFinite(v)
		}
	}
	return 0, err
}

func (p *exprParser) parseProduct() (float64, error) {
	v, err := p.parseUnary()
	for err == nil {
		switch {
		case p.accept('*'):
			var r float64
			r, err = p.parseUnary()
			v *= r
		case p.accept('/'):
			at := p.pos
			var r float64
			r, err = p.parseUnary()
			if err == nil && r == 0 {
				return 0, fmt.Errorf("at position %d: division by zero", at)
			}
			v /= r
		default:
			return checkFinite(v)
		}
	}
	return 0, err
}

func (p *exprParser) parseUnary() (float64, error) {
	switch {
	case p.accept('-'):
		v, err := p.parseUnary()
		return -v, err
	case p.accept('+'):
		return p.parseUnary()
	}
	return p.parsePower()
}

func (p *exprParser) parsePower() (float64, error) {
	base, err := p.parsePrimary()
	if err != nil || !p.accept('^') {
		return base, err
	}
	exp, err := p.parseUnary()
	if err != nil {
		return 0, err
	}
	v := math.Pow(base, exp)
	if math.IsNaN(v) {
		return 0, fmt.Errorf("%v^%v is not a real number", base, exp)
	}
	if base == 0 && exp < 0 {
		return 0, fmt.Errorf("division by zero: 0^%v", exp)
	}
	return checkFinite(v)
}

func (p *exprParser) parsePrimary() (float64, error) {
	p.skipSpace()
	if p.pos == len(p.src) {
		return 0, p.errorf("unexpected end of expression")
	}
	c := p.src[p.pos]
	switch {
	case c == '(':
		p.pos++
		return p.parseGroup()
	case c == '.' || isDigit(c):
		return p.parseNumber()
	case isLetter(c):
		return p.parseFunction()
	}
	return 0, p.errorf("unexpected %q", c)
}

// parseGroup parses the rest of a parenthesised expression after its "(".
func (p *exprParser) parseGroup() (float64, error) {
	v, err := p.parseSum()
	if err != nil {
		return 0, err
	}
	if !p.accept(')') {
		return 0, p.errorf("missing closing parenthesis")
	}
	return v, nil
}

func (p *exprParser) parseNumber() (float64, error) {
	start := p.pos
	for p.pos < len(p.src) && (isDigit(p.src[p.pos]) || p.src[p.pos] == '.') {
		p.pos++
	}
	text := p.src[start:p.pos]
	v, err := strconv.ParseFloat(text, 64)
	if err != nil {
		p.pos = start
		return 0, p.errorf("malformed number %q", text)
	}
	return v, nil
}

func (p *exprParser) parseFunction() (float64, error) {
	start := p.pos
	for p.pos < len(p.src) && isLetter(p.src[p.pos]) {
		p.pos++
	}
	name := p.src[start:p.pos]
	if name != "sqrt" {
		p.pos = start
		return 0, p.errorf("unknown name %q (only sqrt is supported)", name)
	}
	if !p.accept('(') {
		return 0, p.errorf("sqrt must be followed by \"(\"")
	}
	v, err := p.parseGroup()
	if err != nil {
		return 0, err
	}
	if v < 0 {
		return 0, fmt.Errorf("sqrt of a negative number (%v)", v)
	}
	return math.Sqrt(v), nil
}

func checkFinite(v float64) (float64, error) {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, errors.New("result is too large to represent")
	}
	return v, nil
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }
