package tinymodel

import (
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/tokenizer"
)

func TestWriteLoads(t *testing.T) {
	texts := make([]string, 40)
	for i := range texts {
		texts[i] = strings.Repeat("<|user|>\nwhat is the weather in Paris today?\n<|assistant|>\nsunny<|end|>\n", 1+i%3)
	}
	o := DefaultOptions(texts)
	o.VocabSize = 290
	dir := t.TempDir()
	if err := Write(dir, o); err != nil {
		t.Fatal(err)
	}
	backend, err := model.NewBackend()
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.Load(backend, dir)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := tokenizer.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if m.Config.VocabSize != tok.VocabSize() || m.Config.VocabSize != 290 {
		t.Errorf("model vocabulary %d, tokenizer %d, want 290", m.Config.VocabSize, tok.VocabSize())
	}
	if c := m.Config; c.HiddenSize != 64 || c.NumLayers != 2 || c.NumKVHeads != 2 {
		t.Errorf("config %s", c)
	}
	eos, ok := tok.EOS()
	if !ok || len(m.Config.EOSTokenIDs) != 1 || m.Config.EOSTokenIDs[0] != eos {
		t.Errorf("eos_token_id %v, tokenizer EOS %d", m.Config.EOSTokenIDs, eos)
	}
	ids, err := tok.Encode(texts[0], false)
	if err != nil {
		t.Fatal(err)
	}
	row := make([]int32, len(ids))
	for i, id := range ids {
		row[i] = int32(id)
	}
	if _, err := m.Logits(model.Batch{Tokens: [][]int32{row}}); err != nil {
		t.Fatal(err)
	}
}
