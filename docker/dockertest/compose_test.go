package dockertest

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// composeFile is the part of docker/compose.yaml the checks read; yaml.v3 applies the
// "<<: *tooltune" merge keys while decoding.
type composeFile struct {
	Services map[string]composeService `yaml:"services"`
	Secrets  map[string]struct {
		File string `yaml:"file"`
	} `yaml:"secrets"`
}

type composeService struct {
	Build struct {
		Context    string            `yaml:"context"`
		Dockerfile string            `yaml:"dockerfile"`
		Target     string            `yaml:"target"`
		Args       map[string]string `yaml:"args"`
	} `yaml:"build"`
	Ports    []string `yaml:"ports"`
	Volumes  []string `yaml:"volumes"`
	Secrets  []string `yaml:"secrets"`
	Profiles []string `yaml:"profiles"`
	Init     bool     `yaml:"init"`
	Deploy   struct {
		Resources struct {
			Reservations struct {
				Devices []struct {
					Driver       string   `yaml:"driver"`
					Count        int      `yaml:"count"`
					Capabilities []string `yaml:"capabilities"`
				} `yaml:"devices"`
			} `yaml:"reservations"`
		} `yaml:"resources"`
	} `yaml:"deploy"`
}

func loadCompose(t *testing.T) *composeFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), "docker", "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatalf("docker/compose.yaml: %v", err)
	}
	return &c
}

// volumeTargets returns the container side of each "SOURCE:TARGET[:MODE]" volume. Sources
// may hold ${VAR:-default} (nested, with colons of their own), so those are folded first.
func volumeTargets(volumes []string) []string {
	innermostVar := regexp.MustCompile(`\$\{[^{}]*\}`)
	var out []string
	for _, v := range volumes {
		for innermostVar.MatchString(v) {
			v = innermostVar.ReplaceAllString(v, "VAR")
		}
		if parts := strings.Split(v, ":"); len(parts) >= 2 {
			out = append(out, parts[1])
		}
	}
	return out
}

func TestCompose(t *testing.T) {
	c := loadCompose(t)
	d := loadDockerfile(t)
	root := repoRoot(t)
	hfHome, _ := d.env("HF_HOME")
	port, _ := d.env("JUPYTER_PORT")
	tests := []struct {
		service    string
		target     string
		gpu        bool
		profiles   []string
		hostPortIn string // default host port in the mapping
	}{
		{service: "tooltune", target: "gpu", gpu: true, hostPortIn: ":-8888}"},
		{service: "tooltune-cpu", target: "cpu", profiles: []string{"cpu"}, hostPortIn: ":-8889}"},
	}
	for _, tc := range tests {
		t.Run(tc.service, func(t *testing.T) {
			s, ok := c.Services[tc.service]
			if !ok {
				t.Fatalf("no service %s", tc.service)
			}
			context := filepath.Join(root, "docker", s.Build.Context)
			if _, err := os.Stat(filepath.Join(context, "go.mod")); err != nil {
				t.Errorf("build context %s is not the repository root: %v", s.Build.Context, err)
			}
			if _, err := os.Stat(filepath.Join(context, s.Build.Dockerfile)); err != nil {
				t.Errorf("dockerfile: %v", err)
			}
			if s.Build.Target != tc.target || !slices.Contains(d.stages(), s.Build.Target) {
				t.Errorf("target %q, want %q among the Dockerfile's stages %v", s.Build.Target, tc.target, d.stages())
			}
			devices := s.Deploy.Resources.Reservations.Devices
			hasGPU := len(devices) == 1 && devices[0].Driver == "nvidia" && devices[0].Count == 1 &&
				slices.Equal(devices[0].Capabilities, []string{"gpu"})
			if hasGPU != tc.gpu || (!tc.gpu && len(devices) != 0) {
				t.Errorf("GPU reservation %+v, want one nvidia GPU: %v", devices, tc.gpu)
			}
			if !slices.Equal(s.Profiles, tc.profiles) {
				t.Errorf("profiles %v, want %v", s.Profiles, tc.profiles)
			}
			targets := volumeTargets(s.Volumes)
			for _, want := range []string{"/work", hfHome} {
				if !slices.Contains(targets, want) {
					t.Errorf("volumes %v mount nothing at %s", s.Volumes, want)
				}
			}
			if len(s.Ports) != 1 || !strings.HasPrefix(s.Ports[0], "127.0.0.1:") ||
				!strings.HasSuffix(s.Ports[0], ":"+port) || !strings.Contains(s.Ports[0], tc.hostPortIn) {
				t.Errorf("ports %v: want one loopback mapping to container port %s", s.Ports, port)
			}
			if !slices.Contains(s.Secrets, "hf_token") {
				t.Errorf("secrets %v lack hf_token", s.Secrets)
			}
			if !s.Init {
				t.Errorf("init is off: nothing would reap JupyterLab's kernels' children")
			}
			if base, ok := s.Build.Args["BASE_IMAGE"]; ok && (!strings.Contains(base, ":") || strings.HasSuffix(base, ":latest")) {
				t.Errorf("BASE_IMAGE %q has no fixed tag", base)
			}
		})
	}
	t.Run("hf_token secret", func(t *testing.T) {
		secret, ok := c.Secrets["hf_token"]
		if !ok || !strings.Contains(secret.File, "./secrets/hf_token") {
			t.Fatalf("secret hf_token = %+v, want a file defaulting to ./secrets/hf_token", secret)
		}
		// The default file lives in docker/secrets, which git must ignore.
		data, err := os.ReadFile(filepath.Join(root, "docker", "secrets", ".gitignore"))
		if err != nil || !slices.Contains(strings.Split(string(data), "\n"), "*") {
			t.Errorf("docker/secrets/.gitignore must ignore everything: %q, %v", data, err)
		}
	})
}
