package chat

import (
	"errors"
	"reflect"
	"testing"

	"github.com/tooltune/tooltune/lib/dataset"
)

// FuzzParseCalls checks that ParseCalls never panics, that its error agrees with its Errors,
// and that whatever calls it returns survive a render and a second parse unchanged, in both
// call forms. The seed corpus is the parser table plus the files under
// testdata/fuzz/FuzzParseCalls, which a fuzzing run found interesting.
func FuzzParseCalls(f *testing.F) {
	for _, tc := range parseCases() {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, output string) {
		p, err := ParseCalls(output)
		if (err == nil) != (len(p.Errors) == 0) {
			t.Fatalf("error %v disagrees with %d ParseErrors", err, len(p.Errors))
		}
		for i, e := range p.Errors {
			if i > 0 && e.Block <= p.Errors[i-1].Block {
				t.Fatalf("ParseError blocks out of order: %d after %d", e.Block, p.Errors[i-1].Block)
			}
		}
		var perr *ParseError
		if err != nil && !errors.As(err, &perr) {
			t.Fatalf("error %v holds no *ParseError", err)
		}
		content := p.Content
		if checkAssistantText(content) != nil {
			content = "" // a stray </tool_call> before the first call cannot be rendered back
		}
		msg := assistant(content, p.Calls...)
		ex := dataset.Example{Messages: []dataset.Message{msg}}
		for _, tmpl := range builtinTemplates() {
			r, err := tmpl.Render(ex)
			if err != nil {
				t.Fatalf("%s: parsed calls do not render: %v", tmpl.Name(), err)
			}
			again, err := ParseCalls(r.Text[r.Spans[0].Start:r.Spans[0].End])
			if err != nil {
				t.Fatalf("%s: re-parse: %v", tmpl.Name(), err)
			}
			if again.Content != content {
				t.Fatalf("%s: content %q became %q", tmpl.Name(), content, again.Content)
			}
			if !reflect.DeepEqual(again.Calls, p.Calls) {
				t.Fatalf("%s: calls changed\nfirst:  %#v\nsecond: %#v", tmpl.Name(), p.Calls, again.Calls)
			}
		}
	})
}
