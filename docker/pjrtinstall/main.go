//go:build linux && amd64

// Command pjrtinstall puts XLA's PJRT CUDA plugin and the NVIDIA libraries it needs into an
// image at build time, through go-xla's own installer library: the code GoMLX's auto-install
// runs, here called with a pinned JAX release and without its GPU detection, because
// `docker build` has no GPU. go-xla's command-line installer is a separate module that the Go
// proxy does not serve, so the library is called directly.
//
//	go run ./docker/pjrtinstall -plugin cuda12 -version 0.8.1 -lib /usr/local/lib
//
// The plugin lands in LIB/go-xla/nvidia/pjrt_c_api_cuda_plugin.so, next to the nvidia/ tree
// its RPATH expects, where github.com/gomlx/go-xla/pkg/pjrt searches by default.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gomlx/go-xla/pkg/installer"
)

// options are the command's flags.
type options struct {
	Plugin  string // "cuda12" or "cuda13": the JAX wheel family
	Version string // JAX release of the jax-cudaNN-pjrt wheel, e.g. "0.8.1"
	LibDir  string // a "lib" directory; go-xla/ is created under it
	Verbose bool
}

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "pjrtinstall:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	goxlaDir := filepath.Join(o.LibDir, "go-xla")
	verbosity := installer.Normal
	if o.Verbose {
		verbosity = installer.Verbose
	}
	// useCache=false: an image layer must not keep a second copy of the wheels.
	if err := installer.CudaInstall(o.Plugin, o.Version, goxlaDir, false, verbosity); err != nil {
		return fmt.Errorf("installing PJRT %s %s into %s: %w", o.Plugin, o.Version, goxlaDir, err)
	}
	return checkInstalled(goxlaDir, os.Stdout)
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("pjrtinstall", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.Plugin, "plugin", "cuda12", "JAX CUDA wheel family: cuda12 or cuda13")
	fs.StringVar(&o.Version, "version", "", "JAX release of the PJRT wheel, e.g. 0.8.1 (required: builds must be reproducible)")
	fs.StringVar(&o.LibDir, "lib", "/usr/local/lib", "library directory; the plugin goes to LIB/go-xla/nvidia")
	fs.BoolVar(&o.Verbose, "v", false, "list every library installed")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	case o.Plugin != "cuda12" && o.Plugin != "cuda13":
		return nil, fmt.Errorf("-plugin must be cuda12 or cuda13, got %q", o.Plugin)
	case o.Version == "" || o.Version == "latest":
		return nil, errors.New("-version must name a JAX release (e.g. 0.8.1), not latest")
	case !filepath.IsAbs(o.LibDir):
		return nil, fmt.Errorf("-lib must be an absolute directory, got %q", o.LibDir)
	}
	return o, nil
}

// checkInstalled verifies the files the CUDA backend loads at run time, so that a broken
// install fails the image build instead of the first training run.
func checkInstalled(goxlaDir string, w io.Writer) error {
	for _, rel := range []string{"nvidia/pjrt_c_api_cuda_plugin.so", "nvidia/bin/ptxas"} {
		path := filepath.Join(goxlaDir, rel)
		info, err := os.Stat(path) // follows the ptxas symlink
		if err != nil {
			return fmt.Errorf("after install: %w", err)
		}
		if info.Size() == 0 {
			return fmt.Errorf("after install: %s is empty", path)
		}
		fmt.Fprintf(w, "pjrtinstall: %s (%d bytes)\n", path, info.Size())
	}
	return nil
}
