package train

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/chat"
	"github.com/tooltune/tooltune/lib/datagen"
	"github.com/tooltune/tooltune/lib/dataset"
	"github.com/tooltune/tooltune/lib/tokenizer"
)

// testTokenizer trains a tokenizer on generated conversations (with their tool lists).
func testTokenizer(t *testing.T) (*tokenizer.Tokenizer, []dataset.Example) {
	t.Helper()
	exs, err := conversations(datagen.SplitTrain, 60, true)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := writeTinyModel(dir, exs); err != nil {
		t.Fatal(err)
	}
	tok, err := tokenizer.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return tok, exs
}

// TestTargetsDecodeToAssistantText checks, for every example of every scenario kind, that
// the target tokens decode to exactly the text of the assistant spans, run by run, and that
// all tokens decode to the whole rendered text.
func TestTargetsDecodeToAssistantText(t *testing.T) {
	tok, exs := testTokenizer(t)
	for _, tmpl := range []chat.Template{chat.Original{}, chat.Hermes{}} {
		t.Run(tmpl.Name(), func(t *testing.T) {
			seqs, st, err := Tokenize(exs, tok, TokenizeConfig{Template: tmpl, MaxSeqLength: 1 << 20})
			if err != nil {
				t.Fatal(err)
			}
			if st.Dropped != 0 || st.Truncated != 0 || len(seqs) != len(exs) {
				t.Fatalf("stats %+v for %d examples, want all kept whole", st, len(exs))
			}
			for _, s := range seqs {
				r, err := tmpl.Render(exs[s.Example])
				if err != nil {
					t.Fatal(err)
				}
				if got := tok.Decode(toInts(s.IDs), false); got != r.Text {
					t.Fatalf("example %d: tokens decode to\n%q\nwant\n%q", s.Example, got, r.Text)
				}
				runs := targetRuns(s)
				if len(runs) != len(r.Spans) {
					t.Fatalf("example %d: %d target runs, %d assistant spans", s.Example, len(runs), len(r.Spans))
				}
				for k, run := range runs {
					want := r.Text[r.Spans[k].Start:r.Spans[k].End]
					if got := tok.Decode(toInts(run), false); got != want {
						t.Errorf("example %d, span %d: targets decode to %q, want %q", s.Example, k, got, want)
					}
				}
			}
		})
	}
}

func toInts(ids []int32) []int {
	out := make([]int, len(ids))
	for i, id := range ids {
		out[i] = int(id)
	}
	return out
}

// targetRuns splits a sequence's target tokens into maximal consecutive runs.
func targetRuns(s Sequence) [][]int32 {
	var runs [][]int32
	for i, target := range s.Target {
		switch {
		case !target:
		case i > 0 && s.Target[i-1]:
			runs[len(runs)-1] = append(runs[len(runs)-1], s.IDs[i])
		default:
			runs = append(runs, []int32{s.IDs[i]})
		}
	}
	return runs
}

func TestTokenizeTruncatesAndDrops(t *testing.T) {
	tok, exs := testTokenizer(t)
	full, _, err := Tokenize(exs, tok, TokenizeConfig{MaxSeqLength: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	const limit = 300
	seqs, st, err := Tokenize(exs, tok, TokenizeConfig{MaxSeqLength: limit})
	if err != nil {
		t.Fatal(err)
	}
	wantTruncated, wantDropped := 0, 0
	for _, s := range full {
		if len(s.IDs) > limit {
			wantTruncated++
			if !slices.Contains(s.Target[:limit], true) {
				wantDropped++
			}
		}
	}
	if wantTruncated == 0 || wantDropped == 0 {
		t.Fatalf("fixture too short to test truncation: %d truncated, %d dropped", wantTruncated, wantDropped)
	}
	if st.Truncated != wantTruncated || st.Dropped != wantDropped || len(seqs) != len(exs)-wantDropped {
		t.Errorf("stats %+v with %d sequences; want %d truncated, %d dropped", st, len(seqs), wantTruncated, wantDropped)
	}
	for _, s := range seqs {
		if len(s.IDs) > limit || !slices.Equal(s.IDs, full[s.Example].IDs[:len(s.IDs)]) {
			t.Fatalf("example %d: not a prefix of at most %d tokens", s.Example, limit)
		}
	}
}

// boundaryEncoder is a fake tokenizer that encodes whole strings to one id each, recording
// what it was asked to encode: it shows where Tokenize cuts the text.
type boundaryEncoder struct {
	seen    []string
	fail    string
	special []int
}

func (e *boundaryEncoder) Encode(text string, addSpecial bool) ([]int, error) {
	if text == "" && addSpecial {
		return e.special, nil
	}
	if e.fail != "" && strings.Contains(text, e.fail) {
		return nil, errors.New("cannot encode")
	}
	e.seen = append(e.seen, text)
	return []int{len(e.seen)}, nil
}

func TestTokenizeEncodesSegmentBySegment(t *testing.T) {
	ex := dataset.Example{Messages: []dataset.Message{
		{Role: dataset.RoleUser, Content: "hi"},
		{Role: dataset.RoleAssistant, Content: "hello"},
		{Role: dataset.RoleUser, Content: "bye"},
		{Role: dataset.RoleAssistant, Content: "see you"},
	}}
	enc := &boundaryEncoder{special: []int{99}}
	seqs, _, err := Tokenize([]dataset.Example{ex}, enc, TokenizeConfig{MaxSeqLength: 100})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"<|user|>\nhi\n<|assistant|>\n", "hello<|end|>", "\n<|user|>\nbye\n<|assistant|>\n", "see you<|end|>", "\n"}
	if !slices.Equal(enc.seen, want) {
		t.Errorf("encoded segments %q, want %q", enc.seen, want)
	}
	s := seqs[0]
	if !slices.Equal(s.IDs, []int32{99, 1, 2, 3, 4, 5}) || !slices.Equal(s.Target, []bool{false, false, true, false, true, false}) {
		t.Errorf("ids %v targets %v", s.IDs, s.Target)
	}
}

func TestTokenizeErrorsNameTheExample(t *testing.T) {
	good := dataset.Example{Messages: []dataset.Message{{Role: dataset.RoleUser, Content: "hi"}, {Role: dataset.RoleAssistant, Content: "ok"}}}
	badRole := dataset.Example{Messages: []dataset.Message{{Role: "robot", Content: "hi"}}}
	unencodable := dataset.Example{Messages: []dataset.Message{{Role: dataset.RoleUser, Content: "hi"}, {Role: dataset.RoleAssistant, Content: "BOOM"}}}
	tests := []struct {
		name string
		exs  []dataset.Example
		max  int
		want string
	}{
		{"bad role", []dataset.Example{good, good, badRole}, 100, "example 2"},
		{"encoder failure", []dataset.Example{good, unencodable}, 100, "example 1"},
		{"max length", []dataset.Example{good}, 1, "max_seq_length"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Tokenize(tc.exs, &boundaryEncoder{fail: "BOOM"}, TokenizeConfig{MaxSeqLength: tc.max})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestDecisionPoints(t *testing.T) {
	call := chat.CallOpen + "\nname: f\nparameters: {}\n" + chat.CallClose
	for _, tc := range []struct {
		name, turn string
		want       []int
	}{
		{"answer", "Paris is in France.", []int{0}},
		{"one call", "Sure.\n\n" + call + "\n<|end|>", []int{0, len("Sure.\n\n" + call + "\n")}},
		{"two calls", call + "\n" + call + "\n<|end|>", []int{0, len(call + "\n"), len(call + "\n" + call + "\n")}},
		{"call closes the turn", call, []int{0}},
		{"call then spaces only", call + " \n", []int{0}},
		{"empty", "", []int{0}},
	} {
		if got := DecisionPoints(tc.turn); !slices.Equal(got, tc.want) {
			t.Errorf("%s: DecisionPoints(%q) = %v, want %v", tc.name, tc.turn, got, tc.want)
		}
	}
}

// TestDecisionWeight checks that weighing decisions changes no token and no target, and
// that exactly the first token at each decision point of each assistant turn gets the weight.
func TestDecisionWeight(t *testing.T) {
	tok, exs := testTokenizer(t)
	tmpl := chat.Compact{}
	plain, _, err := Tokenize(exs, tok, TokenizeConfig{Template: tmpl, MaxSeqLength: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range plain {
		if s.Weight != nil {
			t.Fatalf("example %d: weights set without a decision weight", s.Example)
		}
	}
	seqs, _, err := Tokenize(exs, tok, TokenizeConfig{Template: tmpl, MaxSeqLength: 1 << 20, DecisionWeight: 4})
	if err != nil {
		t.Fatal(err)
	}
	twoCalls := 0
	for i, s := range seqs {
		if !slices.Equal(s.IDs, plain[i].IDs) || !slices.Equal(s.Target, plain[i].Target) {
			t.Fatalf("example %d: the decision weight changed the tokens or targets", s.Example)
		}
		r, err := tmpl.Render(exs[s.Example])
		if err != nil {
			t.Fatal(err)
		}
		// The text each weighted token starts, turn by turn, must be the text at the turn's
		// decision points.
		var want, got []string
		for _, sp := range r.Spans {
			turn := r.Text[sp.Start:sp.End]
			points := DecisionPoints(turn)
			twoCalls += min(1, strings.Count(turn, chat.CallClose)/2)
			for _, p := range points {
				want = append(want, turn[p:])
			}
		}
		for j := range s.IDs {
			switch w := s.WeightAt(j); {
			case w == 4:
				rest := tok.Decode(toInts(s.IDs[j:]), false)
				got = append(got, rest)
			case w != 0 && w != 1, w == 1 && !s.Target[j], w == 0 && s.Target[j]:
				t.Fatalf("example %d, token %d: weight %g (target %v)", s.Example, j, w, s.Target[j])
			}
		}
		if len(got) != len(want) {
			t.Fatalf("example %d: %d weighted tokens, %d decision points", s.Example, len(got), len(want))
		}
		for k := range want {
			if !strings.HasPrefix(got[k], want[k]) {
				t.Errorf("example %d: weighted token %d starts %q, want the decision at %q", s.Example, k, head(got[k]), head(want[k]))
			}
		}
		b := makeBatch(seqs, []int{i}, 1, len(s.IDs), 0)
		for j := 0; j+1 < len(s.IDs); j++ {
			if b.Weights[j] != s.WeightAt(j+1) {
				t.Fatalf("example %d: batch weight %d is %g, want the weight of token %d, %g", s.Example, j, b.Weights[j], j+1, s.WeightAt(j+1))
			}
		}
	}
	if twoCalls == 0 {
		t.Error("no turn with two calls: the test data does not check decisions after a call")
	}
}

func head(s string) string { return s[:min(len(s), 30)] }
