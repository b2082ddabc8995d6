//go:build !(((linux && amd64) || darwin) && !noxla)

package model

// installedXLAConfig reports no XLA: this binary was built without the XLA backend.
func installedXLAConfig() (string, bool) { return "", false }
