// Package hub finds a Hugging Face model's files for a --model_name: a local directory, the
// Hugging Face cache that huggingface_hub and transformers share, or (only when allowed) a
// download from the hub into that same cache, so Python tools and this project reuse each
// other's downloads.
package hub

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DefaultEndpoint is the Hugging Face hub; HF_ENDPOINT overrides it (mirrors, tests).
const DefaultEndpoint = "https://huggingface.co"

// DefaultRevision is the branch resolved when Config.Revision is empty.
const DefaultRevision = "main"

// Config says where to look for models and whether the network may be used. Empty fields take
// the defaults huggingface_hub uses, read from the environment when Resolve or Download runs.
type Config struct {
	// CacheDir is the hub cache: HF_HUB_CACHE, else HUGGINGFACE_HUB_CACHE, else $HF_HOME/hub,
	// else $XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub.
	CacheDir string
	// Revision is a branch, tag or commit hash; "main" by default.
	Revision string
	// AllowDownload lets Resolve fetch what the cache lacks. HF_HUB_OFFLINE=1 turns it off.
	AllowDownload bool
	// Endpoint is the hub's base URL: HF_ENDPOINT, else https://huggingface.co.
	Endpoint string
	// Token authenticates to gated and private repositories: HF_TOKEN, else the token file
	// ($HF_TOKEN_PATH, else $HF_HOME/token). It is never printed or put in an error.
	Token string
	// HTTPClient makes the requests; nil means a client with default settings.
	HTTPClient *http.Client
	// Progress, when set, is called as each file downloads, so a CLI can draw a bar.
	Progress func(Progress)
}

// Progress reports one file's download. Total is -1 when the server did not say.
type Progress struct {
	File        string
	Done, Total int64
}

// String describes the configuration without the token, so that logging a Config is safe.
func (c Config) String() string {
	token := "none"
	if c.Token != "" {
		token = "set (redacted)"
	}
	return fmt.Sprintf("hub.Config{CacheDir: %q, Revision: %q, AllowDownload: %v, Endpoint: %q, Token: %s}",
		c.CacheDir, c.Revision, c.AllowDownload, c.Endpoint, token)
}

// GoString keeps %#v from printing the token too.
func (c Config) GoString() string { return c.String() }

// withDefaults fills the empty fields from the environment.
func (c Config) withDefaults() (Config, error) {
	home := hfHome()
	if c.CacheDir == "" {
		c.CacheDir = firstNonEmpty(os.Getenv("HF_HUB_CACHE"), os.Getenv("HUGGINGFACE_HUB_CACHE"))
		if c.CacheDir == "" {
			if home == "" {
				return c, fmt.Errorf("hub: no cache directory: set HF_HUB_CACHE or HF_HOME (the home directory is unknown)")
			}
			c.CacheDir = filepath.Join(home, "hub")
		}
	}
	if c.Revision == "" {
		c.Revision = DefaultRevision
	}
	if c.Endpoint == "" {
		c.Endpoint = firstNonEmpty(os.Getenv("HF_ENDPOINT"), DefaultEndpoint)
	}
	c.Endpoint = strings.TrimRight(c.Endpoint, "/")
	if c.Token == "" {
		c.Token = tokenFromEnv(home)
	}
	if offlineFromEnv() {
		c.AllowDownload = false
	}
	if c.HTTPClient == nil {
		c.HTTPClient = defaultHTTPClient()
	}
	return c, nil
}

// defaultHTTPClient has no overall timeout, since a weights file can take an hour, but gives
// up on a server that accepts the connection and never answers.
func defaultHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.ResponseHeaderTimeout = time.Minute
	return &http.Client{Transport: t}
}

// hfHome is $HF_HOME, else $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface.
func hfHome() string {
	if h := os.Getenv("HF_HOME"); h != "" {
		return h
	}
	if x := os.Getenv("XDG_CACHE_HOME"); x != "" {
		return filepath.Join(x, "huggingface")
	}
	if u, err := os.UserHomeDir(); err == nil {
		return filepath.Join(u, ".cache", "huggingface")
	}
	return ""
}

// tokenFromEnv reads HF_TOKEN, else the token file that `huggingface-cli login` writes.
func tokenFromEnv(home string) string {
	if t := strings.TrimSpace(os.Getenv("HF_TOKEN")); t != "" {
		return t
	}
	path := os.Getenv("HF_TOKEN_PATH")
	if path == "" && home != "" {
		path = filepath.Join(home, "token")
	}
	if path == "" {
		return ""
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// offlineFromEnv reports whether HF_HUB_OFFLINE asks for no network, as huggingface_hub reads it.
func offlineFromEnv() bool {
	switch strings.ToLower(strings.TrimSpace(os.Getenv("HF_HUB_OFFLINE"))) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
