package npmfixture

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// installed makes dir/node_modules/<pkg>/<file> in a temporary directory and returns dir.
func installed(t *testing.T, pkg, file string) string {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "node_modules", filepath.FromSlash(pkg), filepath.FromSlash(file))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestFind(t *testing.T) {
	dir := installed(t, "@scope/pkg", "models/tokenizer.json")
	tests := []struct {
		name, pkg, file string
		want            string // path relative to dir; "" when an error is expected
		wantErr         []string
	}{
		{name: "scoped file", pkg: "@scope/pkg", file: "models/tokenizer.json", want: "node_modules/@scope/pkg/models/tokenizer.json"},
		{name: "folder", pkg: "@scope/pkg", file: "models", want: "node_modules/@scope/pkg/models"},
		{name: "missing file", pkg: "@scope/pkg", file: "models/tokenizer_config.json",
			wantErr: []string{"node_modules/@scope/pkg/models/tokenizer_config.json", "not installed", "run scripts/fixtures", "npm ci in "}},
		{name: "missing package", pkg: "other", file: "x.json", wantErr: []string{"node_modules/other/x.json", "run scripts/fixtures"}},
		{name: "empty package", pkg: "", file: "x.json", wantErr: []string{"empty package"}},
		{name: "empty file", pkg: "@scope/pkg", file: "", wantErr: []string{"empty package", `file ("")`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Find(dir, tc.pkg, tc.file)
			if tc.wantErr != nil {
				if err == nil {
					t.Fatalf("Find = %q, want an error", got)
				}
				for _, s := range tc.wantErr {
					if !strings.Contains(filepath.ToSlash(err.Error()), s) {
						t.Errorf("error %q does not contain %q", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(dir, filepath.FromSlash(tc.want)); got != want {
				t.Errorf("Find = %q, want %q", got, want)
			}
		})
	}
}

// recorder is a testing.TB that records Skipf and Fatalf instead of stopping the test, so
// that Path's choice between them can be checked.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Skipf(format string, args ...any)  { r.skipped = fmt.Sprintf(format, args...) }
func (r *recorder) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }

func TestFromModuleRoot(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	inModule := filepath.Join(root, "lib", "pkg", "testdata", "npm")
	outside := filepath.Join(t.TempDir(), "x")
	tests := []struct{ dir, want string }{
		{inModule, "lib/pkg/testdata/npm"},
		{filepath.Join(root, "lib"), "lib"},
		{outside, outside},
	}
	for _, tc := range tests {
		if got := fromModuleRoot(tc.dir); got != tc.want {
			t.Errorf("fromModuleRoot(%q) = %q, want %q", tc.dir, got, tc.want)
		}
	}
	// Relative names are taken from the working directory, where go test runs each package.
	if got, want := fromModuleRoot("testdata/npm"), "internal/npmfixture/testdata/npm"; got != want {
		t.Errorf("fromModuleRoot(testdata/npm) = %q, want %q", got, want)
	}
}

func TestPath(t *testing.T) {
	dir := installed(t, "pkg", "a.json")
	tests := []struct {
		name, file, env         string
		wantPath                bool
		wantSkipped, wantFailed bool
	}{
		{name: "present", file: "a.json", env: "1", wantPath: true},
		{name: "missing, not required", file: "b.json", env: "", wantSkipped: true},
		{name: "missing, required", file: "b.json", env: "1", wantFailed: true},
		{name: "missing, other value", file: "b.json", env: "yes", wantSkipped: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(RequireEnv, tc.env)
			r := &recorder{TB: t}
			got := Path(r, dir, "pkg", tc.file)
			if (got != "") != tc.wantPath {
				t.Errorf("Path = %q, want a path: %v", got, tc.wantPath)
			}
			if (r.skipped != "") != tc.wantSkipped || (r.failed != "") != tc.wantFailed {
				t.Fatalf("skipped %q, failed %q; want skipped %v, failed %v", r.skipped, r.failed, tc.wantSkipped, tc.wantFailed)
			}
			for _, msg := range []string{r.skipped, r.failed} {
				if msg != "" && !strings.Contains(msg, "run scripts/fixtures") {
					t.Errorf("message %q does not name scripts/fixtures", msg)
				}
			}
			if tc.wantFailed && !strings.Contains(r.failed, RequireEnv+"=1") {
				t.Errorf("failure %q does not say that %s=1 made it one", r.failed, RequireEnv)
			}
		})
	}
}
