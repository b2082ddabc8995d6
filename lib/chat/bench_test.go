package chat

import (
	"testing"
)

func BenchmarkRender(b *testing.B) {
	ex := multiStepExample()
	for _, tmpl := range builtinTemplates() {
		b.Run(tmpl.Name(), func(b *testing.B) {
			r, err := tmpl.Render(ex)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(r.Text)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := tmpl.Render(ex); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParseCalls(b *testing.B) {
	for _, tmpl := range builtinTemplates() {
		r, err := tmpl.Render(parallelExample())
		if err != nil {
			b.Fatal(err)
		}
		output := r.Text[r.Spans[0].Start:]
		b.Run(tmpl.Name(), func(b *testing.B) {
			b.SetBytes(int64(len(output)))
			b.ReportAllocs()
			for b.Loop() {
				if p, err := ParseCalls(output); err != nil || len(p.Calls) != 2 {
					b.Fatalf("ParseCalls: %d calls, %v", len(p.Calls), err)
				}
			}
		})
	}
}
