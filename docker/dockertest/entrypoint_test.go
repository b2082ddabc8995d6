package dockertest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/lib/model"
)

// gpuSMI is a fake nvidia-smi that lists one H100, as the real one does for
// --query-gpu=name --format=csv,noheader.
const gpuSMI = `echo "NVIDIA H100 80GB HBM3"`

// entrypointRun runs docker/entrypoint.sh with a command that saves its environment to a
// file, and returns that environment and the entrypoint's own output.
func entrypointRun(t *testing.T, s *sandbox, extra map[string]string) (map[string]string, result) {
	t.Helper()
	envFile := filepath.Join(t.TempDir(), "env")
	res := s.run(t.TempDir(), extra, filepath.Join(repoRoot(t), "docker", "entrypoint.sh"),
		"sh", "-c", `env > "$0"`, envFile)
	if res.code != 0 {
		t.Fatalf("entrypoint exited %d:\n%s", res.code, res.output())
	}
	return readEnvFile(t, envFile), res
}

// pluginDir makes a go-xla layout, LIB/go-xla/nvidia/pjrt_c_api_cuda_plugin.so, and returns
// the PJRT_PLUGIN_LIBRARY_PATH that the image sets for it.
func pluginDir(t *testing.T) (searchPath, nvidiaDir string) {
	t.Helper()
	goxla := filepath.Join(t.TempDir(), "go-xla")
	nvidiaDir = filepath.Join(goxla, "nvidia")
	writeFile(t, nvidiaDir, "pjrt_c_api_cuda_plugin.so", "not a real plugin")
	return goxla + ":" + nvidiaDir, nvidiaDir
}

func TestEntrypointSelectsBackend(t *testing.T) {
	searchPath, nvidiaDir := pluginDir(t)
	emptySearch := t.TempDir()
	tests := []struct {
		name       string
		smi        string // fake nvidia-smi body; "" means no nvidia-smi at all
		pjrtPath   string
		extra      map[string]string
		wantBack   string
		wantXLA    string // expected XLA_FLAGS; "-" means unset
		wantLogHas string
	}{
		{name: "GPU and plugin", smi: gpuSMI, pjrtPath: searchPath, wantBack: "xla:cuda",
			wantXLA: "--xla_gpu_cuda_data_dir=" + nvidiaDir, wantLogHas: "on 1 GPU(s): NVIDIA H100 80GB HBM3"},
		{name: "two GPUs", smi: `printf 'NVIDIA A100\nNVIDIA A100\n'`, pjrtPath: searchPath, wantBack: "xla:cuda",
			wantXLA: "--xla_gpu_cuda_data_dir=" + nvidiaDir, wantLogHas: "on 2 GPU(s)"},
		{name: "other XLA flags kept", smi: gpuSMI, pjrtPath: searchPath, extra: map[string]string{"XLA_FLAGS": "--xla_dump_to=/tmp/d"},
			wantBack: "xla:cuda", wantXLA: "--xla_dump_to=/tmp/d --xla_gpu_cuda_data_dir=" + nvidiaDir},
		{name: "user's CUDA data dir kept", smi: gpuSMI, pjrtPath: searchPath, extra: map[string]string{"XLA_FLAGS": "--xla_gpu_cuda_data_dir=/mine"},
			wantBack: "xla:cuda", wantXLA: "--xla_gpu_cuda_data_dir=/mine"},
		{name: "GPU without plugin", smi: gpuSMI, pjrtPath: emptySearch, wantBack: model.SafeSimpleGoConfig, wantXLA: "-",
			wantLogHas: "no PJRT CUDA plugin"},
		{name: "no nvidia-smi", pjrtPath: searchPath, wantBack: model.SafeSimpleGoConfig, wantXLA: "-", wantLogHas: "sees no GPU"},
		{name: "nvidia-smi fails", smi: `echo "NVIDIA-SMI has failed" >&2; exit 9`, pjrtPath: searchPath,
			wantBack: model.SafeSimpleGoConfig, wantXLA: "-", wantLogHas: "sees no GPU"},
		{name: "nvidia-smi lists nothing", smi: `exit 0`, pjrtPath: searchPath, wantBack: model.SafeSimpleGoConfig, wantXLA: "-"},
		{name: "GOMLX_BACKEND given", smi: gpuSMI, pjrtPath: searchPath, extra: map[string]string{"GOMLX_BACKEND": "xla:cpu"},
			wantBack: "xla:cpu", wantXLA: "-", wantLogHas: "(given, kept)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSandbox(t)
			if tc.smi != "" {
				s.fake("nvidia-smi", tc.smi)
			}
			extra := map[string]string{"PJRT_PLUGIN_LIBRARY_PATH": tc.pjrtPath}
			for k, v := range tc.extra {
				extra[k] = v
			}
			env, res := entrypointRun(t, s, extra)
			if got := env["GOMLX_BACKEND"]; got != tc.wantBack {
				t.Errorf("GOMLX_BACKEND = %q, want %q\n%s", got, tc.wantBack, res.output())
			}
			xla, set := env["XLA_FLAGS"]
			if tc.wantXLA == "-" && set {
				t.Errorf("XLA_FLAGS = %q, want it unset", xla)
			} else if tc.wantXLA != "-" && xla != tc.wantXLA {
				t.Errorf("XLA_FLAGS = %q, want %q", xla, tc.wantXLA)
			}
			if env["GOMLX_NO_AUTO_INSTALL"] == "" {
				t.Errorf("GOMLX_NO_AUTO_INSTALL unset: GoMLX would try to download plugins")
			}
			if !strings.Contains(res.stderr, tc.wantLogHas) {
				t.Errorf("log %q lacks %q", res.stderr, tc.wantLogHas)
			}
			if res.stdout != "" {
				t.Errorf("the entrypoint wrote to stdout (must be the command's alone): %q", res.stdout)
			}
		})
	}
}

func TestEntrypointHFToken(t *testing.T) {
	const token = "hf_SeCrEtToKeN0123456789"
	tests := []struct {
		name       string
		secret     *string // file content; nil means no file
		envToken   string
		wantToken  string // "" means HF_TOKEN unset
		wantLogHas string
	}{
		{name: "secret with newline", secret: ptr(token + "\n"), wantToken: token, wantLogHas: "HF_TOKEN: set from"},
		{name: "secret with CRLF and spaces", secret: ptr("  " + token + "\r\n"), wantToken: token, wantLogHas: "HF_TOKEN: set from"},
		{name: "empty secret", secret: ptr("\n"), wantLogHas: "is empty"},
		{name: "no secret", wantLogHas: "no secret at"},
		{name: "environment wins", secret: ptr("hf_fromfile_ignored"), envToken: token, wantToken: token, wantLogHas: "given in the environment"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSandbox(t)
			secretFile := filepath.Join(t.TempDir(), "hf_token")
			if tc.secret != nil {
				writeFile(t, filepath.Dir(secretFile), "hf_token", *tc.secret)
			}
			extra := map[string]string{"TOOLTUNE_HF_TOKEN_FILE": secretFile}
			if tc.envToken != "" {
				extra["HF_TOKEN"] = tc.envToken
			}
			env, res := entrypointRun(t, s, extra)
			got, set := env["HF_TOKEN"]
			switch {
			case tc.wantToken == "" && set:
				t.Errorf("HF_TOKEN = %q, want it unset", got)
			case tc.wantToken != "" && got != tc.wantToken:
				t.Errorf("HF_TOKEN = %q, want %q", got, tc.wantToken)
			}
			for _, secret := range []string{token, "hf_fromfile_ignored"} {
				if strings.Contains(res.output(), secret) {
					t.Errorf("the entrypoint printed the token:\n%s", res.output())
				}
			}
			if !strings.Contains(res.stderr, tc.wantLogHas) {
				t.Errorf("log %q lacks %q", res.stderr, tc.wantLogHas)
			}
		})
	}
}

func ptr(s string) *string { return &s }

func TestEntrypointStartsJupyterLabByDefault(t *testing.T) {
	tests := []struct {
		name     string
		port     string // JUPYTER_PORT; "" means unset
		wantPort string
	}{
		{name: "default port", wantPort: "8888"},
		{name: "JUPYTER_PORT", port: "9999", wantPort: "9999"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSandbox(t)
			argsFile := filepath.Join(t.TempDir(), "args")
			s.fake("jupyter", `printf '%s\n' "$@" > "`+argsFile+`"`)
			runDir := t.TempDir()
			extra := map[string]string{"TOOLTUNE_RUN_DIR": runDir}
			if tc.port != "" {
				extra["JUPYTER_PORT"] = tc.port
			}
			res := s.run(t.TempDir(), extra, filepath.Join(repoRoot(t), "docker", "entrypoint.sh"))
			if res.code != 0 {
				t.Fatalf("entrypoint exited %d:\n%s", res.code, res.output())
			}
			data, err := os.ReadFile(argsFile)
			if err != nil {
				t.Fatalf("jupyter never ran: %v\n%s", err, res.output())
			}
			args := strings.Fields(string(data))
			for _, want := range []string{"lab", "--no-browser", "--ip=0.0.0.0", "--port=" + tc.wantPort, "--ServerApp.root_dir=/work"} {
				if !slices.Contains(args, want) {
					t.Errorf("jupyter args %q lack %q", args, want)
				}
			}
			noted, err := os.ReadFile(filepath.Join(runDir, "tooltune-jupyter.port"))
			if err != nil || strings.TrimSpace(string(noted)) != tc.wantPort {
				t.Errorf("port note for the health check = %q, %v; want %s", noted, err, tc.wantPort)
			}
		})
	}
}

func TestEntrypointExecsCommandAndKeepsItsStatus(t *testing.T) {
	s := newSandbox(t)
	res := s.run(t.TempDir(), nil, filepath.Join(repoRoot(t), "docker", "entrypoint.sh"), "sh", "-c", "echo out; exit 7")
	if res.code != 7 || res.stdout != "out\n" {
		t.Errorf("got exit %d, stdout %q; want the command's own 7 and %q", res.code, res.stdout, "out\n")
	}
}
