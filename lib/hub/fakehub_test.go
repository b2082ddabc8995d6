package hub

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeRepo is one repository served by fakeHub.
type fakeRepo struct {
	commit string
	files  map[string][]byte
	gated  bool // answers 401 GatedRepo unless the right token is sent
	// corrupt makes the CDN serve different bytes from those announced for large files.
	corrupt bool
}

// fakeHub imitates the hub's /resolve/ endpoint on 127.0.0.1: HEAD and GET with ETag and
// X-Repo-Commit headers; large files (*.safetensors) answered with a redirect to a CDN path
// and X-Linked-Etag (their sha256) and X-Linked-Size; error codes in X-Error-Code.
type fakeHub struct {
	t       *testing.T
	token   string
	repos   map[string]*fakeRepo
	renamed map[string]string // old repo id -> new one, answered with a relative 307

	mu       sync.Mutex
	requests []string // "METHOD path"
	auth     []string // Authorization headers seen, in request order
	srv      *httptest.Server
}

func newFakeHub(t *testing.T, token string, repos map[string]*fakeRepo) *fakeHub {
	h := &fakeHub{t: t, token: token, repos: repos, renamed: map[string]string{}}
	h.srv = httptest.NewServer(http.HandlerFunc(h.serve))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *fakeHub) URL() string { return h.srv.URL }

func (h *fakeHub) log() ([]string, []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.requests...), append([]string(nil), h.auth...)
}

func gitBlobSHA1(content []byte) string {
	sum := sha1.Sum(append([]byte("blob "+strconv.Itoa(len(content))+"\x00"), content...))
	return hex.EncodeToString(sum[:])
}

func sha256Hex(content []byte) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:])
}

func isLarge(name string) bool { return strings.HasSuffix(name, ".safetensors") }

func fail(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("X-Error-Code", code)
	w.Header().Set("X-Error-Message", message)
	w.WriteHeader(status)
}

func (h *fakeHub) serve(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.requests = append(h.requests, r.Method+" "+r.URL.Path)
	h.auth = append(h.auth, r.Header.Get("Authorization"))
	h.mu.Unlock()
	if sha, ok := strings.CutPrefix(r.URL.Path, "/cdn/"); ok {
		h.serveCDN(w, r, sha)
		return
	}
	// /[ORG/]NAME/resolve/REV/FILE
	id, rest, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/resolve/")
	rev, name, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 {
		http.NotFound(w, r)
		return
	}
	if to, ok := h.renamed[id]; ok {
		w.Header().Set("Location", "/"+to+"/resolve/"+rev+"/"+name)
		w.WriteHeader(http.StatusTemporaryRedirect)
		return
	}
	repo, ok := h.repos[id]
	if !ok {
		fail(w, http.StatusUnauthorized, "RepoNotFound", "Repository Not Found for url: "+r.URL.Path)
		return
	}
	if repo.gated && r.Header.Get("Authorization") != "Bearer "+h.token {
		// The message echoes the credentials sent, to prove that the client never repeats them.
		fail(w, http.StatusUnauthorized, "GatedRepo", "Access to model "+id+" is restricted; got "+r.Header.Get("Authorization"))
		return
	}
	if rev != "main" && rev != repo.commit {
		fail(w, http.StatusNotFound, "RevisionNotFound", "Invalid rev id: "+rev)
		return
	}
	content, ok := repo.files[name]
	if !ok {
		fail(w, http.StatusNotFound, "EntryNotFound", name+" does not exist")
		return
	}
	w.Header().Set("X-Repo-Commit", repo.commit)
	if isLarge(name) {
		sha := sha256Hex(content)
		w.Header().Set("X-Linked-Etag", `"`+sha+`"`)
		w.Header().Set("X-Linked-Size", strconv.Itoa(len(content)))
		w.Header().Set("ETag", `"`+gitBlobSHA1([]byte("pointer"))+`"`)
		// Another host name for the same server, as the real CDN is another host: the client
		// must not send the token there.
		w.Header().Set("Location", strings.Replace(h.srv.URL, "127.0.0.1", "localhost", 1)+"/cdn/"+sha)
		w.WriteHeader(http.StatusFound)
		return
	}
	w.Header().Set("ETag", `"`+gitBlobSHA1(content)+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(content)))
	if r.Method == http.MethodGet {
		w.Write(content)
	}
}

func (h *fakeHub) serveCDN(w http.ResponseWriter, r *http.Request, sha string) {
	for _, repo := range h.repos {
		for name, content := range repo.files {
			if isLarge(name) && sha256Hex(content) == sha {
				if repo.corrupt {
					content = append([]byte(nil), content...)
					content[0] ^= 0xff
				}
				w.Header().Set("Content-Length", strconv.Itoa(len(content)))
				w.Write(content)
				return
			}
		}
	}
	http.NotFound(w, r)
}

// commitFor makes a stable fake 40-hex commit id.
func commitFor(seed string) string {
	sum := sha1.Sum([]byte(seed))
	return hex.EncodeToString(sum[:])
}

// singleFileRepo is a repository with config, tokenizer files and one weights file.
func singleFileRepo() *fakeRepo {
	return &fakeRepo{commit: commitFor("single"), files: map[string][]byte{
		"config.json":           []byte(`{"model_type":"llama","hidden_size":64}`),
		"tokenizer.json":        []byte(`{"model":{"type":"BPE"}}`),
		"tokenizer_config.json": []byte(`{"chat_template":"{{ messages }}"}`),
		"model.safetensors":     []byte(strings.Repeat("weights!", 4096)),
	}}
}

// shardedRepo has an index and two shards.
func shardedRepo() *fakeRepo {
	return &fakeRepo{commit: commitFor("sharded"), files: map[string][]byte{
		"config.json":                      []byte(`{"model_type":"llama"}`),
		"generation_config.json":           []byte(`{"eos_token_id":2}`),
		"model.safetensors.index.json":     []byte(`{"metadata":{},"weight_map":{"a":"model-00001-of-00002.safetensors","b":"model-00002-of-00002.safetensors","c":"model-00001-of-00002.safetensors"}}`),
		"model-00001-of-00002.safetensors": []byte("shard one bytes"),
		"model-00002-of-00002.safetensors": []byte("shard two bytes, longer"),
	}}
}

func (h *fakeHub) mustNotBeCalled() {
	if reqs, _ := h.log(); len(reqs) > 0 {
		h.t.Errorf("expected no requests, got %v", reqs)
	}
}
