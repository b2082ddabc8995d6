package safetensors

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Index is the content of model.safetensors.index.json: which shard file holds each tensor.
type Index struct {
	Metadata  map[string]any    `json:"metadata"`
	WeightMap map[string]string `json:"weight_map"`
}

// ReadIndex reads and checks an index file: a non-empty weight map whose shards are plain file
// names, so that a hostile index cannot point outside the model directory. A missing file
// gives an error for which errors.Is(err, fs.ErrNotExist) holds.
func ReadIndex(path string) (*Index, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("safetensors: %w", err)
	}
	var idx Index
	if err := json.Unmarshal(raw, &idx); err != nil {
		return nil, fmt.Errorf("safetensors: %s: %w", path, err)
	}
	if len(idx.WeightMap) == 0 {
		return nil, fmt.Errorf("safetensors: %s: empty or missing \"weight_map\"", path)
	}
	for _, tensor := range sortedKeys(idx.WeightMap) {
		if shard := idx.WeightMap[tensor]; !isPlainFileName(shard) {
			return nil, fmt.Errorf("safetensors: %s: tensor %q: shard file %q must be a plain file name in the model directory", path, tensor, shard)
		}
	}
	return &idx, nil
}

// Shards returns the distinct shard file names, sorted.
func (idx *Index) Shards() []string {
	seen := map[string]bool{}
	var shards []string
	for _, s := range idx.WeightMap {
		if !seen[s] {
			seen[s] = true
			shards = append(shards, s)
		}
	}
	sort.Strings(shards)
	return shards
}

func isPlainFileName(name string) bool {
	return name != "" && name != "." && name != ".." && name == filepath.Base(name) && !strings.ContainsAny(name, `/\`)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
