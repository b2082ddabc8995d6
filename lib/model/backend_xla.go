//go:build ((linux && amd64) || darwin) && !noxla

package model

import (
	"github.com/gomlx/go-xla/pkg/pjrt"
	_ "github.com/gomlx/gomlx/backends/xla" // XLA/PJRT backend, used only when a plugin is installed
)

// installedXLAConfig returns a backend configuration for an already installed PJRT plugin,
// naming it by absolute path so that the XLA backend does not try to download one.
func installedXLAConfig() (string, bool) {
	plugins := pjrt.AvailablePlugins()
	for _, name := range []string{"cuda", "cpu"} {
		if path, ok := plugins[name]; ok {
			if name == "cpu" {
				return "xla:" + path + ",shared_buffers", true
			}
			return "xla:" + path, true
		}
	}
	return "", false
}
