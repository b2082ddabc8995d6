package plots

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/internal/npmfixture"
)

// assetsDir is the npm project, relative to this package's directory, whose node_modules
// holds ECharts.
const assetsDir = "assets"

// requireECharts returns the ECharts library the package uses, skipping the test with the
// command that installs it when it is missing (failing instead under
// TOOLTUNE_REQUIRE_FIXTURES=1). With EChartsEnv set, the file it names must load.
func requireECharts(t testing.TB) string {
	t.Helper()
	if os.Getenv(EChartsEnv) == "" {
		npmfixture.Path(t, assetsDir, "echarts", "dist/echarts.min.js")
	}
	js, err := echartsJS()
	if err != nil {
		t.Fatal(err)
	}
	return js
}

// readVersion returns the version field of a package.json file.
func readVersion(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(data, &pkg); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return pkg.Version
}

// TestEChartsPinned checks that assets/package.json and its lock file pin exactly
// EChartsVersion, so that npm ci installs the version the constant names.
func TestEChartsPinned(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(assetsDir, "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	var manifest struct {
		Private      bool              `json:"private"`
		Dependencies map[string]string `json:"dependencies"`
	}
	if err := json.Unmarshal(data, &manifest); err != nil {
		t.Fatalf("assets/package.json: %v", err)
	}
	if got := manifest.Dependencies["echarts"]; got != EChartsVersion || !manifest.Private {
		t.Errorf("assets/package.json: echarts %q, private %v; want exactly %q, private", got, manifest.Private, EChartsVersion)
	}
	data, err = os.ReadFile(filepath.Join(assetsDir, "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	var lock struct {
		Packages map[string]struct {
			Version   string `json:"version"`
			Integrity string `json:"integrity"`
		} `json:"packages"`
	}
	if err := json.Unmarshal(data, &lock); err != nil {
		t.Fatalf("assets/package-lock.json: %v", err)
	}
	locked := lock.Packages["node_modules/echarts"]
	if locked.Version != EChartsVersion || !strings.HasPrefix(locked.Integrity, "sha512-") {
		t.Errorf("assets/package-lock.json locks echarts %q (integrity %q), want %q with a sha512 integrity", locked.Version, locked.Integrity, EChartsVersion)
	}
}

// TestInstalledECharts checks the library npm ci installed: its version and that it can be
// inlined in an HTML <script> element.
func TestInstalledECharts(t *testing.T) {
	js := requireECharts(t)
	if os.Getenv(EChartsEnv) == "" {
		path := npmfixture.Path(t, assetsDir, "echarts", "package.json")
		if got := readVersion(t, path); got != EChartsVersion {
			t.Errorf("%s is version %q, want %q: run scripts/fixtures", path, got, EChartsVersion)
		}
	}
	for _, bad := range []string{"</script", "<!--"} {
		if strings.Contains(js, bad) {
			t.Errorf("echarts.min.js contains %q, which would break an inline <script>", bad)
		}
	}
}

func TestSourceDir(t *testing.T) {
	wd, err := os.Getwd() // go test runs in the package's directory
	if err != nil {
		t.Fatal(err)
	}
	if got := sourceDir(); got != wd {
		t.Errorf("sourceDir() = %q, want the package directory %q", got, wd)
	}
}

// writeFile writes content to dir/rel, making its directories, and returns its path.
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

// TestLoadECharts checks the lookup order (the environment variable, then the npm install
// beside the sources) and the errors when neither gives ECharts EChartsVersion.
func TestLoadECharts(t *testing.T) {
	fake := func(version string) string { return `!function(t){t.version="` + version + `"}(this);` }
	src := t.TempDir() // a plots source directory with ECharts installed
	writeFile(t, src, installedECharts(), fake(EChartsVersion)+"/*installed*/")
	empty := t.TempDir() // one without
	other := t.TempDir()
	override := writeFile(t, other, "override.js", fake(EChartsVersion)+"/*override*/")
	oldVersion := writeFile(t, other, "old.js", fake("5.6.0"))
	notECharts := writeFile(t, other, "not.js", "console.log(1)")
	missing := filepath.Join(other, "missing.js")

	tests := []struct {
		name, env, src string
		want           string   // a marker of the file that must be read
		wantErr        []string // parts of the error, when one is expected
	}{
		{name: "installed", src: src, want: "installed"},
		{name: "environment wins", env: override, src: src, want: "override"},
		{name: "environment alone", env: override, src: "", want: "override"},
		{name: "environment names a missing file", env: missing, src: src,
			wantErr: []string{missing, EChartsEnv, "no such file"}},
		{name: "not installed", src: empty,
			wantErr: []string{filepath.Join(empty, "assets", "node_modules", "echarts", "dist", "echarts.min.js"),
				"not installed", "run scripts/fixtures", "npm ci in plots/assets", "set " + EChartsEnv}},
		{name: "no source directory", src: "", wantErr: []string{"-trimpath", "set " + EChartsEnv}},
		{name: "other version", env: oldVersion, src: src, wantErr: []string{oldVersion, "ECharts 5.6.0", "written for " + EChartsVersion}},
		{name: "not ECharts", env: notECharts, src: src, wantErr: []string{notECharts, "no ECharts version string"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			js, err := loadECharts(tc.env, tc.src)
			if tc.wantErr != nil {
				if err == nil {
					t.Fatalf("loadECharts = %.60q, want an error", js)
				}
				for _, s := range tc.wantErr {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not contain %q", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(js, "/*"+tc.want+"*/") {
				t.Errorf("loadECharts read %q, want the %s file", js, tc.want)
			}
		})
	}
}
