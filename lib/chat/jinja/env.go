package jinja

import (
	"fmt"
	"strings"
	"time"

	"github.com/nikolalohinski/gonja/v2/builtins"
	"github.com/nikolalohinski/gonja/v2/config"
	"github.com/nikolalohinski/gonja/v2/exec"
)

// orderKey is the context entry holding the render's keyOrder. A dot cannot occur in a Jinja
// name, so no template can read or overwrite it.
const orderKey = "tooltune.key_order"

// orderFromContext returns the keyOrder of the render e belongs to (empty outside Render).
func orderFromContext(e *exec.Evaluator) keyOrder {
	if e == nil || e.Environment == nil || e.Environment.Context == nil {
		return nil
	}
	v, _ := e.Environment.Context.Get(orderKey)
	o, _ := v.(keyOrder)
	return o
}

// templateConfig is the Jinja configuration transformers renders chat templates with:
// trim_blocks and lstrip_blocks on, no autoescaping, trailing newline dropped.
func templateConfig() *config.Config {
	cfg := config.New()
	cfg.TrimBlocks = true
	cfg.LeftStripBlocks = true
	cfg.AutoEscape = false
	return cfg
}

// newEnvironment returns a fresh gonja environment (gonja's defaults are shared package
// state, so they are copied, never changed) with the functions transformers adds for chat
// templates: raise_exception, strftime_now, and its JSON-compatible tojson.
func newEnvironment(now func() time.Time) (*exec.Environment, error) {
	filters := exec.NewFilterSet(map[string]exec.FilterFunction{})
	filters.Update(builtins.Filters)
	if err := filters.Replace("tojson", toJSONFilter); err != nil {
		return nil, err
	}
	ctx := exec.EmptyContext().Update(builtins.GlobalFunctions).Update(builtins.GlobalVariables)
	ctx.Set("raise_exception", raiseException)
	ctx.Set("strftime_now", func(format string) (string, error) { return strftime(now(), format) })
	return &exec.Environment{
		Context:           ctx,
		Filters:           filters,
		Tests:             builtins.Tests,
		ControlStructures: builtins.ControlStructures,
		Methods:           builtins.Methods,
	}, nil
}

// templateError is what raise_exception returns: the template's own message, which Render
// reports as is.
type templateError struct{ msg string }

func (e *templateError) Error() string { return "template raised an exception: " + e.msg }

func raiseException(msg string) (any, error) { return nil, &templateError{msg} }

// strftime formats t with the C/Python directives chat templates use (Llama 3's
// strftime_now("%d %b %Y"), for instance).
func strftime(t time.Time, format string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			b.WriteByte(format[i])
			continue
		}
		if i+1 == len(format) {
			return "", fmt.Errorf("strftime_now: format %q ends with a lone %%", format)
		}
		i++
		layout, ok := map[byte]string{
			'Y': "2006", 'y': "06", 'm': "01", 'd': "02", 'e': "_2", 'H': "15", 'I': "03", 'M': "04",
			'S': "05", 'p': "PM", 'b': "Jan", 'B': "January", 'a': "Mon", 'A': "Monday", 'Z': "MST",
			'z': "-0700", 'j': "002",
		}[format[i]]
		switch {
		case format[i] == '%':
			b.WriteByte('%')
		case ok:
			b.WriteString(t.Format(layout))
		default:
			return "", fmt.Errorf("strftime_now: unsupported directive %%%c in %q", format[i], format)
		}
	}
	return b.String(), nil
}
