package tools

import (
	"math"
	"strings"
	"testing"
)

func TestEvaluate(t *testing.T) {
	tests := []struct {
		expr string
		want float64
	}{
		{"42", 42},
		{"1+2*3", 7},
		{"(1+2)*3", 9},
		{"10-4-3", 3},       // left-associative
		{"100/10/5", 2},     // left-associative
		{"2^3^2", 512},      // right-associative: 2^(3^2)
		{"(2^3)^2", 64},     //
		{"-2^2", -4},        // ^ binds tighter than unary minus
		{"(-2)^2", 4},       //
		{"2^-1", 0.5},       // signed exponent
		{"4^-0.5", 0.5},     //
		{"2*3^2", 18},       // ^ before *
		{"10/4", 2.5},       //
		{"--3", 3},          //
		{"-(3+4)", -7},      //
		{"+5", 5},           //
		{"1 - -1", 2},       //
		{"3.5*2", 7},        //
		{".5+.25", 0.75},    //
		{"sqrt(16)+1", 5},   //
		{"2*sqrt(9)^2", 18}, // sqrt(...) is a primary, so ^ applies to it
		{"sqrt(3^2+4^2)", 5},
		{"  7 * ( 6 ) ", 42},
		{"(12.5 + 7) * 3^2", 175.5},
		{"1/3*3", 1},
		{"2^0.5", math.Sqrt2},
		{"0.1+0.2", 0.3},
		{"-0", 0},
	}
	for _, tt := range tests {
		got, err := Evaluate(tt.expr)
		if err != nil {
			t.Errorf("Evaluate(%q): %v", tt.expr, err)
			continue
		}
		if math.Abs(got-tt.want) > 1e-12*math.Max(1, math.Abs(tt.want)) {
			t.Errorf("Evaluate(%q) = %v, want %v", tt.expr, got, tt.want)
		}
	}
}

func TestEvaluateErrors(t *testing.T) {
	tests := []struct {
		expr, wantErr string
	}{
		{"", "empty expression"},
		{"   ", "empty expression"},
		{"1+", "at position 2: unexpected end of expression"},
		{"(1+2", "missing closing parenthesis"},
		{"1+2)", `at position 3: unexpected ')'`},
		{"2*/3", `at position 2: unexpected '/'`},
		{"2 3", `at position 2: unexpected '3'`},
		{"3 % 2", `unexpected '%'`},
		{"1/0", "division by zero"},
		{"1/(2-2)", "division by zero"},
		{"0^-1", "division by zero"},
		{"sqrt(-4)", "sqrt of a negative number"},
		{"sqrt 4", `sqrt must be followed by "("`},
		{"sqrt(4", "missing closing parenthesis"},
		{"foo(2)", `unknown name "foo"`},
		{"abc", `unknown name "abc"`},
		{"1.2.3", `malformed number "1.2.3"`},
		{".", `malformed number "."`},
		{"1e5", `unexpected 'e'`},
		{"10^400", "too large"},
		{"(-8)^(1/3)", "not a real number"},
		{"()", "unexpected ')'"},
		{strings.Repeat("(", 1001), "the limit is 1000"},
	}
	for _, tt := range tests {
		got, err := Evaluate(tt.expr)
		if err == nil {
			t.Errorf("Evaluate(%q) = %v, want error containing %q", tt.expr, got, tt.wantErr)
			continue
		}
		if !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("Evaluate(%q) error = %q, want it to contain %q", tt.expr, err, tt.wantErr)
		}
	}
}

// TestEvaluateDeepNesting checks that the longest accepted input, fully nested, parses.
func TestEvaluateDeepNesting(t *testing.T) {
	expr := strings.Repeat("(", 499) + "1" + strings.Repeat(")", 499)
	if got, err := Evaluate(expr); err != nil || got != 1 {
		t.Errorf("Evaluate(499 nested parentheses) = %v, %v; want 1", got, err)
	}
}

func BenchmarkEvaluate(b *testing.B) {
	for b.Loop() {
		if _, err := Evaluate("(12.5 + 7) * 3^2 - sqrt(144) / 4 + -2^-1"); err != nil {
			b.Fatal(err)
		}
	}
}
