package guide

import (
	"testing"

	"github.com/tooltune/tooltune/lib/chat"
)

// BenchmarkMask measures one masking step of the shipped model's 4,096-token vocabulary at
// three places of a call: the tool name (most tokens fail at their first byte), an enum value
// and a free string (most tokens fit, the walk visits the whole sorted vocabulary).
func BenchmarkMask(b *testing.B) {
	tok, v := tinyVocabulary(b)
	guider := NewGuider(mustSyntax(b, chat.Compact{}), v)
	for _, bc := range []struct{ name, prefix string }{
		{"name", "<tool_call>\nname: get_"},
		{"enum", "<tool_call>\nname: get_weather\nparameters: {\"location\": \"Oslo\", \"unit\": \""},
		{"string", "<tool_call>\nname: get_weather\nparameters: {\"location\": \"New "},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ids, err := tok.Encode(bc.prefix, false)
			if err != nil {
				b.Fatal(err)
			}
			logits := make([]float32, len(v.byID))
			for b.Loop() {
				g, err := guider.Guide(testTools(b), "")
				if err != nil {
					b.Fatal(err)
				}
				g.Mask(ids, logits)
			}
		})
	}
}
