package dockertest

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"
)

func TestHealthcheck(t *testing.T) {
	healthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte(`{"version": "2.17.0"}`))
	}))
	defer healthy.Close()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "starting", http.StatusServiceUnavailable)
	}))
	defer broken.Close()

	tests := []struct {
		name     string
		port     string // content of the port note; "" means no note (not a JupyterLab container)
		wantCode int
	}{
		{name: "no JupyterLab in this container", wantCode: 0},
		{name: "JupyterLab answers", port: portOf(t, healthy.URL), wantCode: 0},
		{name: "JupyterLab errors", port: portOf(t, broken.URL), wantCode: 22},
		{name: "nothing listens", port: closedPort(t), wantCode: 7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSandbox(t)
			runDir := t.TempDir()
			if tc.port != "" {
				writeFile(t, runDir, "tooltune-jupyter.port", tc.port+"\n")
			}
			res := s.run(t.TempDir(), map[string]string{"TOOLTUNE_RUN_DIR": runDir},
				filepath.Join(repoRoot(t), "docker", "healthcheck.sh"))
			if res.code != tc.wantCode {
				t.Errorf("exit %d, want %d (curl's code)\n%s", res.code, tc.wantCode, res.output())
			}
		})
	}
}

func portOf(t *testing.T, rawURL string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Port()
}

// closedPort returns a loopback port that was just free, so nothing answers there.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	l.Close()
	return port
}
