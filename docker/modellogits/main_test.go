package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/model"
	"github.com/tooltune/tooltune/lib/safetensors"
)

// readNPY decodes what npy writes, checking the format rules NumPy relies on.
func readNPY(t *testing.T, b []byte) (shape []int, data []float32) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\x93NUMPY\x01\x00")) {
		t.Fatalf("bad magic/version % x", b[:8])
	}
	hlen := int(binary.LittleEndian.Uint16(b[8:10]))
	header := string(b[10 : 10+hlen])
	if (10+hlen)%64 != 0 || !strings.HasSuffix(header, "\n") {
		t.Fatalf("header of %d bytes: data not 64-byte aligned or no newline: %q", hlen, header)
	}
	m := regexp.MustCompile(`^\{'descr': '<f4', 'fortran_order': False, 'shape': \(([\d, ]*)\), \} *\n$`).FindStringSubmatch(header)
	if m == nil {
		t.Fatalf("header %q", header)
	}
	n := 1
	for _, f := range strings.Split(m[1], ",") {
		if f = strings.TrimSpace(f); f != "" {
			d, _ := strconv.Atoi(f)
			shape = append(shape, d)
			n *= d
		}
	}
	raw := b[10+hlen:]
	if len(raw) != 4*n {
		t.Fatalf("%d data bytes for shape %v", len(raw), shape)
	}
	data = make([]float32, n)
	for i := range data {
		data[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	return shape, data
}

func TestNPY(t *testing.T) {
	tests := []struct {
		shape []int
	}{{[]int{3}}, {[]int{1, 12, 96}}, {[]int{2, 3, 151936}}, {[]int{1, 1, 1}}}
	for _, tc := range tests {
		n := 1
		for _, d := range tc.shape {
			n *= d
		}
		data := make([]float32, n)
		for i := range data {
			data[i] = float32(i%1000) - 0.5
		}
		shape, got := readNPY(t, npy(data, tc.shape...))
		if !slices.Equal(shape, tc.shape) || !slices.Equal(got, data) {
			t.Errorf("shape %v: round trip gave shape %v", tc.shape, shape)
		}
	}
}

// TestLogitsMatchFixtures runs the command on the decoder's reference fixtures (written by
// lib/model/testdata/gen_fixtures.py with PyTorch) and compares the .npy it writes with the
// reference logits, on each fixture's first unpadded row.
func TestLogitsMatchFixtures(t *testing.T) {
	t.Setenv("GOMLX_BACKEND", model.SafeSimpleGoConfig)
	fixtures := filepath.Join("..", "..", "lib", "model", "testdata", "fixtures")
	for _, name := range []string{"llama_untied", "llama_gqa_tied", "qwen2_bias", "mistral_window"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(fixtures, name)
			row, ids := fullRow(t, dir)
			want := referenceRow(t, dir, row)
			out := filepath.Join(t.TempDir(), "logits.npy")
			idsOut := filepath.Join(t.TempDir(), "ids.json")
			if err := run([]string{"-model", dir, "-ids", joinIDs(ids), "-out", out, "-ids_out", idsOut}, io.Discard); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			shape, got := readNPY(t, b)
			if len(shape) != 3 || shape[0] != 1 || shape[1] != len(ids) || shape[0]*shape[1]*shape[2] != len(want) {
				t.Fatalf("shape %v for %d ids and %d reference values", shape, len(ids), len(want))
			}
			maxDiff := 0.0
			for i := range got {
				maxDiff = max(maxDiff, math.Abs(float64(got[i]-want[i])))
			}
			if maxDiff > 1e-4 {
				t.Errorf("max |logit diff| %.3g > 1e-4", maxDiff)
			}
			var written struct {
				InputIDs [][]int32 `json:"input_ids"`
			}
			data, _ := os.ReadFile(idsOut)
			if err := json.Unmarshal(data, &written); err != nil || len(written.InputIDs) != 1 || !slices.Equal(written.InputIDs[0], ids) {
				t.Errorf("-ids_out wrote %s, want the ids %v", data, ids)
			}
		})
	}
}

// fullRow returns the index and ids of the first row of inputs.json without padding.
func fullRow(t *testing.T, dir string) (int, []int32) {
	t.Helper()
	var in struct {
		InputIDs      [][]int32 `json:"input_ids"`
		AttentionMask [][]int   `json:"attention_mask"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "inputs.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &in); err != nil {
		t.Fatal(err)
	}
	for r, mask := range in.AttentionMask {
		if !slices.Contains(mask, 0) {
			return r, in.InputIDs[r]
		}
	}
	t.Fatalf("%s has no unpadded row", dir)
	return 0, nil
}

// referenceRow returns row r of expected.safetensors' logits [B, T, V].
func referenceRow(t *testing.T, dir string, r int) []float32 {
	t.Helper()
	f, err := safetensors.Open(filepath.Join(dir, "expected.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, shape, err := f.Float32("logits")
	if err != nil {
		t.Fatal(err)
	}
	size := shape[1] * shape[2]
	return all[r*size : (r+1)*size]
}

func joinIDs(ids []int32) string {
	s := make([]string, len(ids))
	for i, v := range ids {
		s[i] = strconv.Itoa(int(v))
	}
	return strings.Join(s, ",")
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantIDs []int32
		wantErr string
	}{
		{name: "ids", args: []string{"-model", "m", "-out", "o", "-ids", "1, 2,30"}, wantIDs: []int32{1, 2, 30}},
		{name: "formula", args: []string{"-model", "m", "-out", "o"}},
		{name: "no model", args: []string{"-out", "o"}, wantErr: "-model is required"},
		{name: "no out", args: []string{"-model", "m"}, wantErr: "-out is required"},
		{name: "bad id", args: []string{"-model", "m", "-out", "o", "-ids", "1,x"}, wantErr: `item 1 ("x")`},
		{name: "negative id", args: []string{"-model", "m", "-out", "o", "-ids", "-3"}, wantErr: "item 0"},
		{name: "bad seq", args: []string{"-model", "m", "-out", "o", "-seq", "0"}, wantErr: "-seq must be positive"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, err := parseFlags(tc.args, io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(o.IDs, tc.wantIDs) {
				t.Errorf("ids %v, want %v", o.IDs, tc.wantIDs)
			}
		})
	}
}

func TestCheckIDs(t *testing.T) {
	ids := checkIDs(64, 96)
	if !slices.Equal(ids, checkIDs(64, 96)) {
		t.Fatal("not deterministic")
	}
	distinct := map[int32]bool{}
	for _, id := range ids {
		if id < 0 || id >= 96 {
			t.Fatalf("id %d outside the vocabulary", id)
		}
		distinct[id] = true
	}
	if len(distinct) < 48 {
		t.Errorf("only %d distinct ids of 64", len(distinct))
	}
}
