package plots

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sync"
)

// ECharts is a third-party library, so the repository does not hold it: npm installs the
// version that plots/assets/package-lock.json pins into plots/assets/node_modules (scripts/fixtures
// runs npm ci there), and plots reads it from there, or from the file EChartsEnv names, at run
// time. See assets/README.md.

// EChartsEnv names the environment variable holding the path of an echarts.min.js file. When
// set it wins over the copy installed next to the plots sources: it is how a binary built
// without those sources (go build -trimpath, or copied to another machine) or a container
// whose /work is a mounted checkout without node_modules finds ECharts.
const EChartsEnv = "TOOLTUNE_ECHARTS"

// EChartsVersion is the version of ECharts the charts are written and tested against; it is
// the version plots/assets/package.json pins (a test checks), and echartsJS refuses a file of
// any other version rather than draw charts with options it may read differently.
const EChartsVersion = "6.1.0"

// echartsInstallHint says how to make ECharts available; every "not found" error ends with it.
const echartsInstallHint = "run scripts/fixtures from the repository root (or npm ci in plots/assets), or set " +
	EChartsEnv + " to the path of an echarts.min.js file"

// installedECharts is where npm ci puts the library, relative to the plots source directory.
func installedECharts() string {
	return filepath.Join("assets", "node_modules", "echarts", "dist", "echarts.min.js")
}

// echartsJS returns the ECharts library (the UMD build, echarts.min.js), inlined into every
// HTML output and handed to node for the SVG export. The file is read once per process: it
// is immutable while the process runs, and every chart needs it.
var echartsJS = sync.OnceValues(func() (string, error) {
	return loadECharts(os.Getenv(EChartsEnv), sourceDir())
})

// sourceDir returns the directory of the plots package's source files, as the compiler saw
// it, or "" when that is unknown. Built from source (go run, go test, go install, GoNB) it is
// an absolute path; with -trimpath it is a module path, which is no directory.
func sourceDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	return filepath.Dir(file)
}

// loadECharts reads the library from envPath when it is set, else from the npm install under
// srcDir, and checks that it is ECharts EChartsVersion.
func loadECharts(envPath, srcDir string) (string, error) {
	path, err := echartsPath(envPath, srcDir)
	if err != nil {
		return "", err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("plots: reading ECharts: %w", err)
	}
	js := string(data)
	if err := checkEChartsVersion(js); err != nil {
		return "", fmt.Errorf("plots: ECharts file %s: %w", path, err)
	}
	return js, nil
}

// echartsPath picks the library file: envPath when set (a wrong path there is an error, not
// a reason to look elsewhere, so a typo cannot go unnoticed), else the npm install under
// srcDir.
func echartsPath(envPath, srcDir string) (string, error) {
	if envPath != "" {
		if _, err := os.Stat(envPath); err != nil {
			return "", fmt.Errorf("plots: ECharts file %s, named by %s: %w", envPath, EChartsEnv, err)
		}
		return envPath, nil
	}
	if srcDir == "" {
		return "", fmt.Errorf("plots: ECharts not found: this binary was built without source paths (-trimpath), so plots/assets cannot be located; set %s to the path of an echarts.min.js file", EChartsEnv)
	}
	path := filepath.Join(srcDir, installedECharts())
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("plots: ECharts is not installed (%s does not exist): %s", path, echartsInstallHint)
		}
		return "", fmt.Errorf("plots: ECharts: %w", err)
	}
	return path, nil
}

// echartsVersionPattern finds the version string that the ECharts bundle assigns to its
// exported object ("t.version=\"6.1.0\"" in the minified build).
func echartsVersionPattern() *regexp.Regexp {
	return regexp.MustCompile(`\.version="([^"]+)"`)
}

// checkEChartsVersion fails unless js is an ECharts bundle of version EChartsVersion.
func checkEChartsVersion(js string) error {
	m := echartsVersionPattern().FindStringSubmatch(js)
	switch {
	case m == nil:
		return fmt.Errorf("no ECharts version string found (want ECharts %s's dist/echarts.min.js)", EChartsVersion)
	case m[1] != EChartsVersion:
		return fmt.Errorf("it is ECharts %s, but plots is written for %s (plots/assets/package.json); %s", m[1], EChartsVersion, echartsInstallHint)
	}
	return nil
}
