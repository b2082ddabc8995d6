package dockertest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// repoRoot is the repository's top directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test file")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// baseTools are the system commands the scripts use; sandboxes link them and nothing else,
// so that a real nvidia-smi, go or python3 on the machine never leaks into a test.
func baseTools() []string {
	return []string{"bash", "sh", "env", "basename", "dirname", "readlink", "tr", "id", "grep", "head",
		"tail", "sed", "cat", "mkdir", "mktemp", "rm", "mv", "timeout", "date", "hostname", "curl"}
}

// sandbox is a directory put alone on PATH: links to baseTools plus the fakes a test writes.
type sandbox struct {
	t   *testing.T
	bin string
}

func newSandbox(t *testing.T) *sandbox {
	t.Helper()
	s := &sandbox{t: t, bin: t.TempDir()}
	for _, name := range baseTools() {
		path, err := exec.LookPath(name)
		if err != nil {
			t.Fatalf("the scripts need %s on this machine: %v", name, err)
		}
		if err := os.Symlink(path, filepath.Join(s.bin, name)); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// fake writes an executable sh script named name into the sandbox.
func (s *sandbox) fake(name, body string) {
	s.t.Helper()
	script := "#!/bin/sh\n" + body + "\n"
	if err := os.WriteFile(filepath.Join(s.bin, name), []byte(script), 0o755); err != nil {
		s.t.Fatal(err)
	}
}

// env is a minimal environment for a script run: PATH is the sandbox alone.
func (s *sandbox) env(extra map[string]string) []string {
	env := []string{"PATH=" + s.bin, "HOME=" + s.t.TempDir(), "TMPDIR=" + s.t.TempDir()}
	for k, v := range extra {
		env = append(env, k+"="+v)
	}
	return env
}

// result is a finished script run.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) output() string { return r.stdout + r.stderr }

// run executes a command with the sandbox environment and returns how it ended; a command
// that could not start at all fails the test.
func (s *sandbox) run(dir string, extra map[string]string, args ...string) result {
	s.t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = s.env(extra)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		exitErr, ok := err.(*exec.ExitError)
		if !ok {
			s.t.Fatalf("running %q: %v", args, err)
		}
		code = exitErr.ExitCode()
	}
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// writeFile writes content to dir/rel, creating directories, and returns the path.
func writeFile(t *testing.T, dir, rel, content string) string {
	t.Helper()
	path := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readEnvFile parses the output of `env` (KEY=VALUE lines) into a map.
func readEnvFile(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the command never ran: %v", err)
	}
	vars := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			vars[k] = v
		}
	}
	return vars
}
