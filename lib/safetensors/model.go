package safetensors

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
)

// Standard file names of a Hugging Face model directory.
const (
	SingleFileName = "model.safetensors"
	IndexFileName  = "model.safetensors.index.json"
)

// Model is the set of weights of a model directory, in one file or sharded over several, with
// lookups by tensor name across all shards.
type Model struct {
	dir      string
	files    []*File          // open shards, in file name order
	owner    map[string]*File // tensor name -> shard holding it
	names    []string
	metadata map[string]any
}

// OpenDir opens the weights in dir: the shards listed by model.safetensors.index.json when it
// exists, else model.safetensors. Every tensor the index names must be in the shard it names.
func OpenDir(dir string) (*Model, error) {
	indexPath := filepath.Join(dir, IndexFileName)
	idx, err := ReadIndex(indexPath)
	switch {
	case err == nil:
		return openSharded(dir, indexPath, idx)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	single := filepath.Join(dir, SingleFileName)
	f, err := Open(single)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("safetensors: %s has no weights: neither %s nor %s exists", dir, IndexFileName, SingleFileName)
		}
		return nil, err
	}
	m := &Model{dir: dir, files: []*File{f}, owner: map[string]*File{}, names: f.Names()}
	for _, n := range m.names {
		m.owner[n] = f
	}
	return m, nil
}

// openSharded opens each shard once and checks that it holds the tensors mapped to it.
func openSharded(dir, indexPath string, idx *Index) (*Model, error) {
	m := &Model{dir: dir, owner: make(map[string]*File, len(idx.WeightMap)), metadata: idx.Metadata}
	shards := map[string]*File{}
	for _, name := range sortedKeys(idx.WeightMap) {
		shard := idx.WeightMap[name]
		f, ok := shards[shard]
		if !ok {
			var err error
			if f, err = Open(filepath.Join(dir, shard)); err != nil {
				m.Close()
				return nil, fmt.Errorf("%w (listed in %s)", err, indexPath)
			}
			shards[shard] = f
			m.files = append(m.files, f)
		}
		if _, ok := f.tensors[name]; !ok {
			m.Close()
			return nil, fmt.Errorf("safetensors: %s: tensor %q is mapped to %s, which does not contain it", indexPath, name, shard)
		}
		m.owner[name] = f
		m.names = append(m.names, name)
	}
	return m, nil
}

// Close closes every shard and returns the first error.
func (m *Model) Close() error {
	var first error
	for _, f := range m.files {
		if err := f.Close(); err != nil && first == nil {
			first = err
		}
	}
	m.files = nil
	return first
}

// Dir is the model directory.
func (m *Model) Dir() string { return m.dir }

// Files are the paths of the open weight files, sorted.
func (m *Model) Files() []string {
	paths := make([]string, len(m.files))
	for i, f := range m.files {
		paths[i] = f.Path()
	}
	sort.Strings(paths)
	return paths
}

// Names returns all tensor names across shards, sorted.
func (m *Model) Names() []string { return append([]string(nil), m.names...) }

// IndexMetadata returns the index file's "metadata" object (nil for a single-file model).
func (m *Model) IndexMetadata() map[string]any { return m.metadata }

// Info describes the named tensor.
func (m *Model) Info(name string) (TensorInfo, bool) {
	f, ok := m.owner[name]
	if !ok {
		return TensorInfo{}, false
	}
	return f.Info(name)
}

// Raw returns the named tensor's bytes; see File.Raw.
func (m *Model) Raw(name string) ([]byte, error) {
	f, err := m.shard(name)
	if err != nil {
		return nil, err
	}
	return f.Raw(name)
}

// Float32 returns the named tensor as float32 values and its shape; see File.Float32.
func (m *Model) Float32(name string) ([]float32, []int, error) {
	f, err := m.shard(name)
	if err != nil {
		return nil, nil, err
	}
	return f.Float32(name)
}

func (m *Model) shard(name string) (*File, error) {
	f, ok := m.owner[name]
	if !ok {
		return nil, fmt.Errorf("safetensors: model %s: no tensor %q", m.dir, name)
	}
	return f, nil
}
