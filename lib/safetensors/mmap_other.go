//go:build !linux

package safetensors

import (
	"fmt"
	"os"
)

// mapFile reads the whole file into memory on platforms where this package does not map
// files; the API behaves the same, at the cost of a copy.
func mapFile(path string) ([]byte, func() error, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if st.IsDir() {
		return nil, nil, fmt.Errorf("%s is a directory", path)
	}
	buf, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	return buf, func() error { return nil }, nil
}
