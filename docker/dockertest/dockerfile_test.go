package dockertest

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tooltune/tooltune/plots"
)

// instruction is one Dockerfile instruction, continuation lines joined, in its build stage.
type instruction struct {
	Line    int    // 1-based line where it starts
	Keyword string // upper case: FROM, RUN, ...
	Args    string
	Stage   string // the stage's AS name
}

// parseDockerfile splits a Dockerfile into instructions. It handles what the project's file
// uses: comments, backslash continuations (with comment lines inside them) and FROM ... AS.
func parseDockerfile(t *testing.T, path string) []instruction {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var (
		out   []instruction
		cur   strings.Builder
		start int
		stage string
	)
	for i, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if cur.Len() == 0 {
			start = i + 1
		}
		cont := strings.HasSuffix(trimmed, `\`)
		cur.WriteString(strings.TrimSuffix(trimmed, `\`) + " ")
		if cont {
			continue
		}
		keyword, args, _ := strings.Cut(strings.TrimSpace(cur.String()), " ")
		ins := instruction{Line: start, Keyword: strings.ToUpper(keyword), Args: strings.TrimSpace(args)}
		if ins.Keyword == "FROM" {
			if f := strings.Fields(ins.Args); len(f) == 3 && strings.EqualFold(f[1], "AS") {
				stage = f[2]
			}
		}
		ins.Stage = stage
		out = append(out, ins)
		cur.Reset()
	}
	if cur.Len() != 0 {
		t.Fatalf("%s ends inside a continued instruction", path)
	}
	return out
}

// dockerfile is the parsed docker/Dockerfile with lookups the checks share.
type dockerfile struct {
	ins []instruction
}

func loadDockerfile(t *testing.T) *dockerfile {
	return &dockerfile{ins: parseDockerfile(t, filepath.Join(repoRoot(t), "docker", "Dockerfile"))}
}

// arg returns the default of ARG name.
func (d *dockerfile) arg(name string) (string, bool) {
	for _, in := range d.ins {
		if in.Keyword == "ARG" {
			if k, v, ok := strings.Cut(in.Args, "="); ok && k == name {
				return strings.Trim(v, `"`), true
			}
		}
	}
	return "", false
}

// env returns the value ENV gives name (KEY=VALUE form, several per line allowed).
func (d *dockerfile) env(name string) (string, bool) {
	for _, in := range d.ins {
		if in.Keyword == "ENV" {
			for _, kv := range strings.Fields(in.Args) {
				if k, v, ok := strings.Cut(kv, "="); ok && k == name {
					return v, true
				}
			}
		}
	}
	return "", false
}

func (d *dockerfile) all(keyword string) []instruction {
	var out []instruction
	for _, in := range d.ins {
		if in.Keyword == keyword {
			out = append(out, in)
		}
	}
	return out
}

// stages lists the stage names in order.
func (d *dockerfile) stages() []string {
	var names []string
	for _, in := range d.all("FROM") {
		names = append(names, in.Stage)
	}
	return names
}

// lastUserOf returns the user a stage runs as: the last USER up to the stage's end. Stages
// build on the ones above them, in file order here, so earlier stages' USER lines count.
func (d *dockerfile) lastUserOf(stage string) string {
	user := "root"
	end := -1
	for i, in := range d.ins {
		if in.Stage == stage {
			end = i
		}
	}
	for _, in := range d.ins[:end+1] {
		if in.Keyword == "USER" {
			user = in.Args
		}
	}
	return user
}

func readGoMod(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestDockerfile checks the rules the image depends on, each against the parsed file and
// the repository, so that bumping go.mod or moving a script breaks a test, not a build.
func TestDockerfile(t *testing.T) {
	d := loadDockerfile(t)
	goMod := readGoMod(t)
	root := repoRoot(t)
	tests := []struct {
		name  string
		check func() string // "" when the rule holds, else what is wrong
	}{
		{"Go version is go.mod's go line", func() string {
			m := regexp.MustCompile(`(?m)^go (\S+)$`).FindStringSubmatch(goMod)
			got, _ := d.arg("GO_VERSION")
			if m == nil {
				return "go.mod has no go line"
			}
			if got != m[1] {
				return "ARG GO_VERSION=" + got + ", go.mod says go " + m[1]
			}
			return ""
		}},
		{"Go tarball checked by SHA-256", func() string {
			sum, _ := d.arg("GO_SHA256")
			if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(sum) {
				return "ARG GO_SHA256 is not a SHA-256: " + sum
			}
			for _, in := range d.all("RUN") {
				if strings.Contains(in.Args, "go.dev/dl/go${GO_VERSION}") && strings.Contains(in.Args, "sha256sum --check") {
					return ""
				}
			}
			return "no RUN downloads the Go tarball and runs sha256sum --check on it"
		}},
		{"base image pinned, not latest", func() string {
			base, _ := d.arg("BASE_IMAGE")
			if !regexp.MustCompile(`^[\w./-]+:[\w.-]+$`).MatchString(base) || strings.HasSuffix(base, ":latest") {
				return "ARG BASE_IMAGE=" + base + " has no fixed tag"
			}
			return ""
		}},
		{"PJRT plugin family matches the CUDA base, version pinned", func() string {
			base, _ := d.arg("BASE_IMAGE")
			plugin, _ := d.arg("PJRT_CUDA_PLUGIN")
			version, _ := d.arg("PJRT_CUDA_VERSION")
			m := regexp.MustCompile(`cuda:(\d+)\.`).FindStringSubmatch(base)
			if m == nil || plugin != "cuda"+m[1] {
				return "base " + base + " with plugin " + plugin
			}
			if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(version) {
				return "PJRT_CUDA_VERSION=" + version + " is not a fixed release"
			}
			return ""
		}},
		{"nothing installed at @latest", func() string {
			for _, in := range d.ins {
				if strings.Contains(in.Args, "@latest") || strings.Contains(in.Args, ":latest") {
					return "line " + itoa(in.Line) + ": " + in.Args
				}
			}
			return ""
		}},
		{"stages: cpu, then gpu as the default target", func() string {
			if got := d.stages(); !slices.Equal(got, []string{"cpu", "gpu"}) {
				return "stages " + strings.Join(got, ",")
			}
			froms := d.all("FROM")
			if froms[0].Args != "${BASE_IMAGE} AS cpu" || froms[1].Args != "cpu AS gpu" {
				return "FROM lines: " + froms[0].Args + " / " + froms[1].Args
			}
			return ""
		}},
		{"pipefail before any piped RUN", func() string {
			shellSet := false
			for _, in := range d.ins {
				if in.Keyword == "SHELL" && strings.Contains(in.Args, "pipefail") {
					shellSet = true
				}
				if in.Keyword == "RUN" && strings.Contains(in.Args, " | ") && !shellSet {
					return "line " + itoa(in.Line) + " pipes without SHELL ... pipefail"
				}
			}
			return ""
		}},
		{"apt-get: no recommends, lists removed", func() string {
			for _, in := range d.all("RUN") {
				if strings.Contains(in.Args, "apt-get install") &&
					(!strings.Contains(in.Args, "--no-install-recommends") || !strings.Contains(in.Args, "rm -rf /var/lib/apt/lists/*")) {
					return "line " + itoa(in.Line)
				}
			}
			return ""
		}},
		{"pip keeps no cache", func() string {
			for _, in := range d.all("RUN") {
				if strings.Count(in.Args, "pip install") != strings.Count(in.Args, "pip install --no-cache-dir") {
					return "line " + itoa(in.Line)
				}
			}
			return ""
		}},
		{"both images run as the non-root user", func() string {
			for _, stage := range []string{"cpu", "gpu"} {
				if u := d.lastUserOf(stage); u != "tooltune" {
					return stage + " runs as " + u
				}
			}
			return ""
		}},
		{"GoNB and goimports come from go.mod's tool block", func() string {
			m := regexp.MustCompile(`(?s)\ntool \((.*?)\)`).FindStringSubmatch(goMod)
			if m == nil || !strings.Contains(m[1], "github.com/janpfeifer/gonb") || !strings.Contains(m[1], "golang.org/x/tools/cmd/goimports") {
				return "go.mod has no tool block with gonb and goimports"
			}
			for _, in := range d.all("RUN") {
				if strings.Contains(in.Args, "go install tool") && strings.Contains(in.Args, "gonb --install") {
					return ""
				}
			}
			return "no RUN does go install tool and gonb --install"
		}},
		{"entrypoint and its library copied together, run from there", func() string {
			ep := d.all("ENTRYPOINT")
			if len(ep) != 1 || ep[0].Args != `["/usr/local/lib/tooltune/entrypoint.sh"]` {
				return "ENTRYPOINT " + strings.Join(argsOf(ep), " ")
			}
			for _, in := range d.all("COPY") {
				f := strings.Fields(in.Args)
				if f[len(f)-1] == "/usr/local/lib/tooltune/" {
					for _, src := range []string{"docker/entrypoint.sh", "docker/backend-env.sh", "docker/healthcheck.sh"} {
						if !slices.Contains(f, src) {
							return "COPY to /usr/local/lib/tooltune/ lacks " + src
						}
						if _, err := os.Stat(filepath.Join(root, src)); err != nil {
							return err.Error()
						}
					}
					return ""
				}
			}
			return "no COPY into /usr/local/lib/tooltune/"
		}},
		{"health check, port and work folder", func() string {
			hc := d.all("HEALTHCHECK")
			if len(hc) != 1 || !strings.Contains(hc[0].Args, `CMD ["/usr/local/lib/tooltune/healthcheck.sh"]`) {
				return "HEALTHCHECK " + strings.Join(argsOf(hc), " ")
			}
			port, _ := d.env("JUPYTER_PORT")
			if expose := argsOf(d.all("EXPOSE")); !slices.Equal(expose, []string{port}) {
				return "EXPOSE " + strings.Join(expose, " ") + " vs JUPYTER_PORT " + port
			}
			if wd := argsOf(d.all("WORKDIR")); !slices.Equal(wd, []string{"/work"}) {
				return "WORKDIR " + strings.Join(wd, " ")
			}
			return ""
		}},
		{"plugin search path is where pjrtinstall puts it", func() string {
			search, _ := d.env("PJRT_PLUGIN_LIBRARY_PATH")
			if !slices.Contains(strings.Split(search, ":"), "/usr/local/lib/go-xla/nvidia") {
				return "PJRT_PLUGIN_LIBRARY_PATH=" + search
			}
			for _, in := range d.all("RUN") {
				if strings.Contains(in.Args, "pjrtinstall -plugin") && strings.Contains(in.Args, "-lib /usr/local/lib") {
					return ""
				}
			}
			return "no RUN installs the plugin under /usr/local/lib"
		}},
		{"directories made for the user have owned parents", func() string {
			// install -d gives -o only to the directories it names: a parent it creates on
			// the way stays root's, and the user could not write beside the named one.
			for _, in := range d.all("RUN") {
				for _, cmd := range strings.Split(in.Args, "&&") {
					f := strings.Fields(cmd)
					if len(f) < 6 || f[0] != "install" || f[1] != "-d" || f[3] != "tooltune" {
						continue
					}
					dirs := f[6:]
					for _, dir := range dirs {
						parent := filepath.Dir(dir)
						if parent != "/" && parent != "/home/tooltune" && !slices.Contains(dirs, parent) {
							return "line " + itoa(in.Line) + ": " + dir + " is created under " + parent + ", which stays root's"
						}
					}
				}
			}
			return ""
		}},
		{"ECharts installed from plots/assets' lock file, where TOOLTUNE_ECHARTS points", func() string {
			return checkECharts(d, root)
		}},
		{"build context keeps out secrets and history", func() string {
			data, err := os.ReadFile(filepath.Join(root, "docker", "Dockerfile.dockerignore"))
			if err != nil {
				return err.Error()
			}
			lines := strings.Split(string(data), "\n")
			for _, want := range []string{"docker/secrets", ".git"} {
				if !slices.Contains(lines, want) {
					return "Dockerfile.dockerignore lacks " + want
				}
			}
			return ""
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if msg := tc.check(); msg != "" {
				t.Error(msg)
			}
		})
	}
}

// checkECharts checks that the image installs ECharts as scripts/fixtures does in a checkout
// (npm ci from plots/assets' package.json and committed lock file, with node and npm from
// apt) and sets plots.EChartsEnv to the installed file; "" when it does.
func checkECharts(d *dockerfile, root string) string {
	const assets = "plots/assets"
	dest := ""
	for _, in := range d.all("COPY") {
		f := strings.Fields(in.Args)
		if slices.Contains(f, assets+"/package.json") && slices.Contains(f, assets+"/package-lock.json") {
			dest = strings.TrimSuffix(f[len(f)-1], "/")
		}
	}
	if dest == "" {
		return "no COPY of " + assets + "/package.json and package-lock.json"
	}
	for _, name := range []string{"package.json", "package-lock.json"} {
		if _, err := os.Stat(filepath.Join(root, assets, name)); err != nil {
			return err.Error()
		}
	}
	installs, hasNode := false, false
	for _, in := range d.all("RUN") {
		installs = installs || strings.Contains(in.Args, "npm ci --prefix "+dest+" ")
		if strings.Contains(in.Args, "apt-get install") {
			f := strings.Fields(in.Args)
			hasNode = hasNode || (slices.Contains(f, "nodejs") && slices.Contains(f, "npm"))
		}
	}
	if !installs {
		return "no RUN does npm ci --prefix " + dest
	}
	if !hasNode {
		return "apt-get installs no nodejs and npm"
	}
	want := dest + "/node_modules/echarts/dist/echarts.min.js"
	if got, _ := d.env(plots.EChartsEnv); got != want {
		return "ENV " + plots.EChartsEnv + "=" + got + ", want " + want
	}
	return ""
}

func argsOf(ins []instruction) []string {
	var out []string
	for _, in := range ins {
		out = append(out, in.Args)
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
