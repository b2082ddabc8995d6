package hub

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// isolate points every environment variable this package reads at a fresh temporary home, so
// that tests never see the developer's cache or token. It returns the cache directory.
func isolate(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	for _, v := range []string{"HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_TOKEN", "HF_TOKEN_PATH", "HF_HUB_OFFLINE", "HF_ENDPOINT", "XDG_CACHE_HOME"} {
		t.Setenv(v, "")
	}
	t.Setenv("HOME", home)
	t.Setenv("HF_HOME", filepath.Join(home, "hf"))
	return filepath.Join(home, "hf", "hub")
}

func mustWrite(t *testing.T, path string, content []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeCache lays out repo in the cache as huggingface_hub would: blobs named by ETag,
// snapshot symlinks, and refs/REF holding the commit.
func writeCache(t *testing.T, cacheDir, id string, repo *fakeRepo, ref string, names ...string) string {
	t.Helper()
	folder := repoFolder(cacheDir, id)
	snapshot := filepath.Join(folder, "snapshots", repo.commit)
	for _, name := range names {
		content := repo.files[name]
		etag := gitBlobSHA1(content)
		if isLarge(name) {
			etag = sha256Hex(content)
		}
		mustWrite(t, filepath.Join(folder, "blobs", etag), content)
		if err := os.MkdirAll(snapshot, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join("..", "..", "blobs", etag), filepath.Join(snapshot, name)); err != nil {
			t.Fatal(err)
		}
	}
	if ref != "" {
		mustWrite(t, filepath.Join(folder, "refs", ref), []byte(repo.commit))
	}
	return snapshot
}

func allFiles(repo *fakeRepo) []string {
	var names []string
	for n := range repo.files {
		names = append(names, n)
	}
	return names
}

func TestResolveLocalDirectory(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "config.json"), []byte("{}"))
	got, err := Resolve(context.Background(), dir, Config{})
	if err != nil || got != dir {
		t.Fatalf("Resolve(%s) = %q, %v", dir, got, err)
	}
	empty := t.TempDir()
	_, err = Resolve(context.Background(), empty, Config{})
	var nf *NotFoundError
	if !errors.As(err, &nf) || !strings.Contains(err.Error(), "local directory "+empty+": has no config.json") {
		t.Errorf("Resolve(dir without config) error = %v", err)
	}
}

// TestResolveFromCache finds complete snapshots by branch, tag and commit, and never touches
// the network when the cache has everything, even with downloads allowed.
func TestResolveFromCache(t *testing.T) {
	cacheDir := isolate(t)
	hub := newFakeHub(t, "", nil)
	single, sharded := singleFileRepo(), shardedRepo()
	singleDir := writeCache(t, cacheDir, "org/single", single, "main", allFiles(single)...)
	shardedDir := writeCache(t, cacheDir, "sharded", sharded, "v1.0", allFiles(sharded)...)
	tests := []struct {
		name, revision, want string
	}{
		{"org/single", "", singleDir},
		{"org/single", single.commit, singleDir},
		{"sharded", "v1.0", shardedDir},
		{"sharded", sharded.commit, shardedDir},
	}
	for _, tc := range tests {
		got, err := Resolve(context.Background(), tc.name, Config{Revision: tc.revision, AllowDownload: true, Endpoint: hub.URL()})
		if err != nil || got != tc.want {
			t.Errorf("Resolve(%s@%s) = %q, %v; want %q", tc.name, tc.revision, got, err, tc.want)
		}
	}
	hub.mustNotBeCalled()
}

// TestCacheDirFromEnvironment checks the precedence huggingface_hub uses.
func TestCacheDirFromEnvironment(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want func(home string) string
	}{
		{"HF_HUB_CACHE", map[string]string{"HF_HUB_CACHE": "/c/hub", "HF_HOME": "/h"}, func(string) string { return "/c/hub" }},
		{"legacy HUGGINGFACE_HUB_CACHE", map[string]string{"HUGGINGFACE_HUB_CACHE": "/legacy", "HF_HOME": "/h"}, func(string) string { return "/legacy" }},
		{"HF_HOME", map[string]string{"HF_HOME": "/h"}, func(string) string { return "/h/hub" }},
		{"XDG_CACHE_HOME", map[string]string{"HF_HOME": "", "XDG_CACHE_HOME": "/x"}, func(string) string { return "/x/huggingface/hub" }},
		{"home directory", map[string]string{"HF_HOME": ""}, func(home string) string { return filepath.Join(home, ".cache", "huggingface", "hub") }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			isolate(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			cfg, err := Config{}.withDefaults()
			if err != nil {
				t.Fatal(err)
			}
			if want := tc.want(os.Getenv("HOME")); cfg.CacheDir != want {
				t.Errorf("CacheDir = %q, want %q", cfg.CacheDir, want)
			}
		})
	}
}

func TestConfigDefaults(t *testing.T) {
	isolate(t)
	cfg, err := Config{}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Endpoint != DefaultEndpoint || cfg.Revision != "main" || cfg.Token != "" || cfg.HTTPClient == nil {
		t.Errorf("defaults = %v", cfg)
	}
	t.Setenv("HF_ENDPOINT", "http://mirror.example/")
	t.Setenv("HF_HUB_OFFLINE", "1")
	cfg, _ = Config{AllowDownload: true}.withDefaults()
	if cfg.Endpoint != "http://mirror.example" || cfg.AllowDownload {
		t.Errorf("with HF_ENDPOINT and HF_HUB_OFFLINE: %v", cfg)
	}
}

// TestOfflineErrors checks that each failure to find a model says what was looked at and how
// to fix it, and makes no request.
func TestOfflineErrors(t *testing.T) {
	repo := singleFileRepo()
	tests := []struct {
		name    string
		model   string
		setup   func(t *testing.T, cacheDir string)
		cfg     Config
		want    []string
		offline bool
	}{
		{
			name: "not in cache", model: "org/absent",
			want: []string{"local directory org/absent: does not exist", "models--org--absent", "refs/main", "revision \"main\" was never downloaded", "downloads are off", "huggingface-cli download org/absent", "HF_HUB_CACHE", "config.json"},
		},
		{
			name: "partial snapshot", model: "org/single",
			setup: func(t *testing.T, cacheDir string) {
				writeCache(t, cacheDir, "org/single", repo, "main", "config.json")
			},
			want: []string{"snapshots/" + repo.commit + ": lacks model.safetensors (or model.safetensors.index.json with its shards)"},
		},
		{
			name: "missing shard", model: "org/sharded",
			setup: func(t *testing.T, cacheDir string) {
				s := shardedRepo()
				writeCache(t, cacheDir, "org/sharded", s, "main", "config.json", "model.safetensors.index.json", "model-00001-of-00002.safetensors")
			},
			want: []string{"lacks model-00002-of-00002.safetensors"},
		},
		{
			name: "revision not cached", model: "org/single", cfg: Config{Revision: "dev"},
			setup: func(t *testing.T, cacheDir string) {
				writeCache(t, cacheDir, "org/single", repo, "main", allFiles(repo)...)
			},
			want: []string{"refs/dev", `revision "dev" was never downloaded`},
		},
		{
			name: "HF_HUB_OFFLINE", model: "org/absent", cfg: Config{AllowDownload: true}, offline: true,
			want: []string{"HF_HUB_OFFLINE is set"},
		},
		{
			name: "not a repo id", model: "../escape/../x",
			want: []string{"local directory ../escape/../x: does not exist", "is not a Hugging Face repository id"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cacheDir := isolate(t)
			hub := newFakeHub(t, "", map[string]*fakeRepo{"org/absent": repo})
			if tc.offline {
				t.Setenv("HF_HUB_OFFLINE", "1")
			}
			if tc.setup != nil {
				tc.setup(t, cacheDir)
			}
			cfg := tc.cfg
			cfg.Endpoint = hub.URL()
			_, err := Resolve(context.Background(), tc.model, cfg)
			var nf *NotFoundError
			if !errors.As(err, &nf) {
				t.Fatalf("error = %v, want a NotFoundError", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not say %q:\n%v", w, err)
				}
			}
			hub.mustNotBeCalled()
		})
	}
}

// TestDownload fetches repositories into an empty cache and checks the layout
// huggingface_hub would have written, the progress reports, and that a second Resolve is
// served from the cache.
func TestDownload(t *testing.T) {
	tests := []struct {
		id        string
		repo      *fakeRepo
		noExist   []string
		wantFiles []string
	}{
		{"org/single", singleFileRepo(), []string{"generation_config.json", "special_tokens_map.json", "chat_template.jinja"}, nil},
		{"sharded", shardedRepo(), []string{"tokenizer.json", "tokenizer_config.json"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			cacheDir := isolate(t)
			hub := newFakeHub(t, "", map[string]*fakeRepo{tc.id: tc.repo})
			progress := map[string][]Progress{}
			cfg := Config{AllowDownload: true, Endpoint: hub.URL(), Progress: func(p Progress) { progress[p.File] = append(progress[p.File], p) }}
			dir, err := Resolve(context.Background(), tc.id, cfg)
			if err != nil {
				t.Fatal(err)
			}
			folder := repoFolder(cacheDir, tc.id)
			if want := filepath.Join(folder, "snapshots", tc.repo.commit); dir != want {
				t.Errorf("dir = %s, want %s", dir, want)
			}
			if ref, _ := os.ReadFile(filepath.Join(folder, "refs", "main")); string(ref) != tc.repo.commit {
				t.Errorf("refs/main = %q, want %q", ref, tc.repo.commit)
			}
			for name, content := range tc.repo.files {
				checkSnapshotFile(t, dir, name, content)
				events := progress[name]
				if len(events) < 2 || events[0].Done != 0 || events[len(events)-1].Done != int64(len(content)) || events[0].Total != int64(len(content)) {
					t.Errorf("%s: progress %v, want 0..%d of %d", name, events, len(content), len(content))
				}
			}
			for _, name := range tc.noExist {
				if _, err := os.Stat(filepath.Join(folder, ".no_exist", tc.repo.commit, name)); err != nil {
					t.Errorf("no .no_exist marker for %s: %v", name, err)
				}
			}
			before, _ := hub.log()
			again, err := Resolve(context.Background(), tc.id, cfg)
			if err != nil || again != dir {
				t.Errorf("second Resolve = %q, %v", again, err)
			}
			if after, _ := hub.log(); len(after) != len(before) {
				t.Errorf("second Resolve made requests: %v", after[len(before):])
			}
			if leftovers, _ := filepath.Glob(filepath.Join(folder, "blobs", ".*")); len(leftovers) > 0 {
				t.Errorf("temporary files left: %v", leftovers)
			}
		})
	}
}

// checkSnapshotFile requires snapshot/name to be a relative symlink to blobs/ETAG holding content.
func checkSnapshotFile(t *testing.T, snapshot, name string, content []byte) {
	t.Helper()
	path := filepath.Join(snapshot, name)
	got, err := os.ReadFile(path)
	if err != nil || string(got) != string(content) {
		t.Errorf("%s: content %q, %v", name, got, err)
		return
	}
	target, err := os.Readlink(path)
	if err != nil {
		t.Errorf("%s is not a symlink: %v", name, err)
		return
	}
	etag := gitBlobSHA1(content)
	if isLarge(name) {
		etag = sha256Hex(content)
	}
	if want := filepath.Join("..", "..", "blobs", etag); target != want {
		t.Errorf("%s links to %s, want %s", name, target, want)
	}
}

// TestDownloadFillsPartialCache fetches only what a partial snapshot lacks.
func TestDownloadFillsPartialCache(t *testing.T) {
	cacheDir := isolate(t)
	repo := singleFileRepo()
	hub := newFakeHub(t, "", map[string]*fakeRepo{"org/single": repo})
	writeCache(t, cacheDir, "org/single", repo, "main", "config.json", "tokenizer.json")
	dir, err := Resolve(context.Background(), "org/single", Config{AllowDownload: true, Endpoint: hub.URL()})
	if err != nil {
		t.Fatal(err)
	}
	checkSnapshotFile(t, dir, "model.safetensors", repo.files["model.safetensors"])
	reqs, _ := hub.log()
	for _, r := range reqs {
		if strings.HasPrefix(r, "GET") && (strings.HasSuffix(r, "/config.json") || strings.HasSuffix(r, "/tokenizer.json")) {
			t.Errorf("downloaded a cached file again: %s", r)
		}
	}
}

// TestGatedRepository checks the token: sent as a Bearer header when set (from Config, HF_TOKEN
// or the token file), and never shown in errors even when the server echoes it.
func TestGatedRepository(t *testing.T) {
	const token = "hf_secretTOKEN1234567890"
	tests := []struct {
		name      string
		cfgToken  string
		env       map[string]string
		tokenFile string
		wantErr   string // empty: success
	}{
		{name: "no token", wantErr: "gated"},
		{name: "wrong token", cfgToken: "hf_wrongTOKEN0987654321", wantErr: "[redacted token]"},
		{name: "config token", cfgToken: token},
		{name: "HF_TOKEN", env: map[string]string{"HF_TOKEN": token}},
		{name: "token file", tokenFile: token + "\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			isolate(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			if tc.tokenFile != "" {
				mustWrite(t, filepath.Join(os.Getenv("HF_HOME"), "token"), []byte(tc.tokenFile))
			}
			repo := singleFileRepo()
			repo.gated = true
			hub := newFakeHub(t, token, map[string]*fakeRepo{"org/gated": repo})
			cfg := Config{AllowDownload: true, Endpoint: hub.URL(), Token: tc.cfgToken}
			for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprintf("%v", &cfg)} {
				if tc.cfgToken != "" && strings.Contains(s, tc.cfgToken) {
					t.Errorf("printing the Config shows the token: %s", s)
				}
			}
			dir, err := Resolve(context.Background(), "org/gated", cfg)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				checkSnapshotFile(t, dir, "config.json", repo.files["config.json"])
				reqs, auth := hub.log()
				if !strings.Contains(strings.Join(reqs, "\n"), "GET /cdn/") {
					t.Errorf("the weights were not fetched from the CDN: %v", reqs)
				}
				for i, r := range reqs {
					want := "Bearer " + token
					if strings.Contains(r, "/cdn/") {
						want = "" // the storage host never sees the token
					}
					if auth[i] != want {
						t.Errorf("%s: Authorization = %q, want %q", r, auth[i], want)
					}
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "HF_TOKEN") {
				t.Fatalf("error = %v, want one saying %q and naming HF_TOKEN", err, tc.wantErr)
			}
			for e := err; e != nil; e = errors.Unwrap(e) {
				if strings.Contains(e.Error(), "hf_") {
					t.Errorf("error chain shows a token: %v", e)
				}
			}
		})
	}
}

func TestDownloadErrors(t *testing.T) {
	noWeights := singleFileRepo()
	delete(noWeights.files, "model.safetensors")
	corrupt := singleFileRepo()
	corrupt.corrupt = true
	corrupt.files["model.safetensors"] = []byte("bytes that the fake CDN will flip")
	tests := []struct {
		name, id string
		cfg      Config
		want     string
	}{
		{"unknown repository", "org/nope", Config{}, "RepoNotFound"},
		{"unknown revision", "org/single", Config{Revision: "v9"}, `RevisionNotFound: Invalid rev id: v9 (no revision "v9")`},
		{"no weights", "org/noweights", Config{}, "neither model.safetensors nor model.safetensors.index.json"},
		{"corrupt download", "org/corrupt", Config{}, "does not match the hub's"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cacheDir := isolate(t)
			hub := newFakeHub(t, "", map[string]*fakeRepo{"org/single": singleFileRepo(), "org/noweights": noWeights, "org/corrupt": corrupt})
			cfg := tc.cfg
			cfg.Endpoint = hub.URL()
			_, err := Download(context.Background(), tc.id, cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.id) {
				t.Fatalf("error = %v, want one naming %s and %q", err, tc.id, tc.want)
			}
			// A failed download keeps no partial blob: neither a temporary file nor the
			// corrupt one under its announced hash.
			blobs, _ := filepath.Glob(filepath.Join(repoFolder(cacheDir, tc.id), "blobs", "*"))
			for _, b := range blobs {
				if strings.Contains(b, "incomplete") || strings.HasSuffix(b, sha256Hex(corrupt.files["model.safetensors"])) {
					t.Errorf("partial download kept: %s", b)
				}
			}
		})
	}
}

// TestRenamedRepository follows the hub's relative redirect from an old repository name, and
// caches under the name asked for, as huggingface_hub does.
func TestRenamedRepository(t *testing.T) {
	cacheDir := isolate(t)
	repo := singleFileRepo()
	hub := newFakeHub(t, "", map[string]*fakeRepo{"new-org/model": repo})
	hub.renamed["old-org/model"] = "new-org/model"
	dir, err := Download(context.Background(), "old-org/model", Config{Endpoint: hub.URL()})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(repoFolder(cacheDir, "old-org/model"), "snapshots", repo.commit); dir != want {
		t.Errorf("dir = %s, want %s", dir, want)
	}
	checkSnapshotFile(t, dir, "model.safetensors", repo.files["model.safetensors"])
}

func TestCheckRepoID(t *testing.T) {
	tests := []struct {
		id string
		ok bool
	}{
		{"gpt2", true}, {"HuggingFaceTB/SmolLM2-135M", true}, {"Qwen/Qwen2.5-0.5B-Instruct", true}, {"a_b.c/d-e", true},
		{"", false}, {"a/b/c", false}, {"../x", false}, {"a--b/c", false}, {"a/..", false}, {"/abs", false},
		{"a b", false}, {"org/", false}, {"-x", false}, {strings.Repeat("x", 97), false},
	}
	for _, tc := range tests {
		if err := checkRepoID(tc.id); (err == nil) != tc.ok {
			t.Errorf("checkRepoID(%q) = %v, want ok=%v", tc.id, err, tc.ok)
		}
	}
	if got := []bool{isCommitHash(commitFor("x")), isCommitHash("main"), isCommitHash(strings.Repeat("A", 40))}; !reflect.DeepEqual(got, []bool{true, false, false}) {
		t.Errorf("isCommitHash = %v", got)
	}
}
