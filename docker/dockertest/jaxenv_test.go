package dockertest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestJaxPJRTEnv runs scripts/jax-pjrt-env with the real python3 against a fake
// site-packages that holds JAX's CUDA plugin, an NVIDIA wheel library and libdevice: it must
// link the plugin under go-xla's name and print exports that point at all three.
func TestJaxPJRTEnv(t *testing.T) {
	script := filepath.Join(repoRoot(t), "scripts", "jax-pjrt-env")
	s := newSandbox(t)
	for _, tool := range []string{"python3", "find", "sort", "paste", "ln"} {
		path, err := exec.LookPath(tool)
		if err != nil {
			t.Fatalf("the script needs %s on this machine: %v", tool, err)
		}
		if err := os.Symlink(path, filepath.Join(s.bin, tool)); err != nil {
			t.Fatal(err)
		}
	}
	site := t.TempDir()
	dir := filepath.Join(t.TempDir(), "pjrt")

	// Without a plugin: exit 1, and the message says what is missing.
	r := s.run(site, map[string]string{"PYTHONPATH": site}, script, "--dir", dir)
	if r.code != 1 || !strings.Contains(r.stderr, "no JAX CUDA plugin") {
		t.Fatalf("without a plugin: exit %d, output %q; want 1 and the reason", r.code, r.output())
	}

	plugin := writeFile(t, site, "jax_plugins/xla_cuda13/xla_cuda_plugin.so", "")
	writeFile(t, site, "nvidia/cublas/lib/libcublas.so.13", "")
	writeFile(t, site, "nvidia/cuda_nvcc/nvvm/libdevice/libdevice.10.bc", "")
	r = s.run(site, map[string]string{"PYTHONPATH": site}, script, "--dir", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.output())
	}
	for _, want := range []string{
		"export PJRT_PLUGIN_LIBRARY_PATH=" + dir,
		filepath.Join(site, "nvidia/cublas/lib"),
		"--xla_gpu_cuda_data_dir=",
		"GOMLX_BACKEND=xla:cuda",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("exports lack %q:\n%s", want, r.stdout)
		}
	}
	if target, err := os.Readlink(filepath.Join(dir, "pjrt_c_api_cuda_plugin.so")); err != nil || target != plugin {
		t.Errorf("plugin link points at %q (%v), want %q", target, err, plugin)
	}
}
