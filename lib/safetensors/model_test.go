package safetensors

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func mustTensor(t *testing.T, name string, values ...float32) Tensor {
	t.Helper()
	tensor, err := FromFloat32(name, []int{len(values)}, values, F32)
	if err != nil {
		t.Fatal(err)
	}
	return tensor
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// shardedDir writes two shards and an index mapping three tensors to them.
func shardedDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	shard1 := []Tensor{mustTensor(t, "model.embed_tokens.weight", 1, 2, 3), mustTensor(t, "model.norm.weight", 4)}
	shard2 := []Tensor{mustTensor(t, "lm_head.weight", 5, 6)}
	if err := Write(filepath.Join(dir, "model-00001-of-00002.safetensors"), shard1, map[string]string{"format": "pt"}); err != nil {
		t.Fatal(err)
	}
	if err := Write(filepath.Join(dir, "model-00002-of-00002.safetensors"), shard2, map[string]string{"format": "pt"}); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, IndexFileName), `{
  "metadata": {"total_size": 24},
  "weight_map": {
    "lm_head.weight": "model-00002-of-00002.safetensors",
    "model.embed_tokens.weight": "model-00001-of-00002.safetensors",
    "model.norm.weight": "model-00001-of-00002.safetensors"
  }
}`)
	return dir
}

func TestOpenDirSharded(t *testing.T) {
	dir := shardedDir(t)
	m, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	wantNames := []string{"lm_head.weight", "model.embed_tokens.weight", "model.norm.weight"}
	if got := m.Names(); !reflect.DeepEqual(got, wantNames) {
		t.Errorf("Names() = %v, want %v", got, wantNames)
	}
	if got := len(m.Files()); got != 2 {
		t.Errorf("%d files open, want 2", got)
	}
	if got := m.IndexMetadata()["total_size"]; got != float64(24) {
		t.Errorf("total_size = %v, want 24", got)
	}
	tests := []struct {
		name string
		want []float32
	}{
		{"lm_head.weight", []float32{5, 6}},
		{"model.embed_tokens.weight", []float32{1, 2, 3}},
		{"model.norm.weight", []float32{4}},
	}
	for _, tc := range tests {
		got, shape, err := m.Float32(tc.name)
		if err != nil {
			t.Fatal(err)
		}
		assertSameFloats(t, got, tc.want)
		if info, ok := m.Info(tc.name); !ok || !reflect.DeepEqual(info.Shape, shape) || info.DType != F32 {
			t.Errorf("Info(%s) = %+v, %v", tc.name, info, ok)
		}
		if raw, err := m.Raw(tc.name); err != nil || len(raw) != 4*len(tc.want) {
			t.Errorf("Raw(%s) = %d bytes, %v", tc.name, len(raw), err)
		}
	}
	if _, _, err := m.Float32("missing"); err == nil || !strings.Contains(err.Error(), `no tensor "missing"`) {
		t.Errorf("missing tensor error = %v", err)
	}
	if _, ok := m.Info("missing"); ok {
		t.Errorf("Info(missing) found something")
	}
}

func TestOpenDirSingleFile(t *testing.T) {
	dir := t.TempDir()
	if err := Write(filepath.Join(dir, SingleFileName), []Tensor{mustTensor(t, "b", 2), mustTensor(t, "a", 1)}, nil); err != nil {
		t.Fatal(err)
	}
	m, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if got := m.Names(); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("Names() = %v", got)
	}
	got, _, err := m.Float32("b")
	if err != nil {
		t.Fatal(err)
	}
	assertSameFloats(t, got, []float32{2})
}

func TestOpenDirErrors(t *testing.T) {
	tests := []struct {
		name  string
		index string // written over the good index; "" removes the index
		setup func(t *testing.T, dir string)
		want  string
	}{
		{name: "no weights", setup: func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, IndexFileName))
		}, want: "neither model.safetensors.index.json nor model.safetensors exists"},
		{name: "bad index JSON", index: `{"weight_map": `, want: IndexFileName},
		{name: "empty weight map", index: `{"weight_map": {}}`, want: `empty or missing "weight_map"`},
		{name: "missing shard", index: `{"weight_map": {"x": "model-00003-of-00003.safetensors"}}`, want: "model-00003-of-00003.safetensors: no such file"},
		{name: "tensor not in shard", index: `{"weight_map": {"x": "model-00002-of-00002.safetensors"}}`, want: `tensor "x" is mapped to model-00002-of-00002.safetensors, which does not contain it`},
		{name: "shard outside dir", index: `{"weight_map": {"x": "../model.safetensors"}}`, want: "must be a plain file name"},
		{name: "absolute shard", index: `{"weight_map": {"x": "/etc/passwd"}}`, want: "must be a plain file name"},
		{name: "corrupt shard", setup: func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "model-00002-of-00002.safetensors"), "garbage")
		}, want: "too short"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := shardedDir(t)
			if tc.index != "" {
				writeFile(t, filepath.Join(dir, IndexFileName), tc.index)
			}
			if tc.setup != nil {
				tc.setup(t, dir)
			}
			m, err := OpenDir(dir)
			if err == nil {
				m.Close()
				t.Fatalf("no error")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), dir) {
				t.Errorf("error %q does not name %s and %q", err, dir, tc.want)
			}
		})
	}
}
