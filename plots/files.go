package plots

import (
	"fmt"

	"github.com/tooltune/tooltune/internal/atomicfile"
)

// writeFileAtomic writes data to path atomically (see internal/atomicfile), so that a reader
// never sees half a file and a failed write leaves any old file intact.
func writeFileAtomic(path string, data []byte) error {
	if err := atomicfile.WriteFile(path, data); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	return nil
}
