package hub

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// NotFoundError says a model could not be found without the network, what was looked at, and
// why nothing was downloaded. CLIs can print it as is: it ends with how to fix it.
type NotFoundError struct {
	Name string
	// Tried lists each place looked at and why it did not do.
	Tried []string
	// NoDownload says why the hub was not asked.
	NoDownload string
}

func (e *NotFoundError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "hub: model %q not found; looked at:\n", e.Name)
	for _, t := range e.Tried {
		fmt.Fprintf(&b, "  - %s\n", t)
	}
	repo := "ORG/NAME"
	if checkRepoID(e.Name) == nil {
		repo = e.Name
	}
	fmt.Fprintf(&b, "%s. To fix: pass a directory that holds config.json and the model's *.safetensors, "+
		"or fetch the model into the cache (huggingface-cli download %s) and point HF_HUB_CACHE or HF_HOME at it, "+
		"or allow downloading", e.NoDownload, repo)
	return b.String()
}

// Resolve returns the directory holding the model called name: name itself when it is a
// directory with config.json; else the snapshot of repository name at cfg.Revision in the hub
// cache, when it has config.json and all the weights; else, if cfg.AllowDownload, the snapshot
// after downloading what it lacks. Without the network it makes no request at all.
func Resolve(ctx context.Context, name string, cfg Config) (string, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return "", err
	}
	var tried []string
	if st, err := os.Stat(name); err == nil && st.IsDir() {
		if isFile(filepath.Join(name, ConfigFile)) {
			return filepath.Clean(name), nil
		}
		tried = append(tried, fmt.Sprintf("local directory %s: has no %s", name, ConfigFile))
	} else {
		tried = append(tried, fmt.Sprintf("local directory %s: does not exist", name))
	}
	notFound := func() error {
		return &NotFoundError{Name: name, Tried: tried, NoDownload: noDownloadReason(cfg)}
	}
	if err := checkRepoID(name); err != nil {
		tried = append(tried, err.Error())
		return "", notFound()
	}
	if err := checkRevision(cfg.Revision); err != nil {
		return "", fmt.Errorf("hub: %s: %w", name, err)
	}
	dir, missing, err := cachedSnapshot(cfg.CacheDir, name, cfg.Revision)
	switch {
	case err == nil && len(missing) == 0:
		return dir, nil
	case err == nil:
		tried = append(tried, fmt.Sprintf("Hugging Face cache snapshot %s: lacks %s", dir, strings.Join(missing, ", ")))
	default:
		tried = append(tried, fmt.Sprintf("Hugging Face cache %s: %v", repoFolder(cfg.CacheDir, name), err))
	}
	if !cfg.AllowDownload {
		return "", notFound()
	}
	return download(ctx, name, cfg)
}

// Download fetches repository repo at cfg.Revision into the cache (only the files the cache
// lacks) and returns the snapshot directory. It ignores cfg.AllowDownload, since calling it is
// the permission, but honours HF_HUB_OFFLINE.
func Download(ctx context.Context, repo string, cfg Config) (string, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return "", err
	}
	if offlineFromEnv() {
		return "", errors.New("hub: HF_HUB_OFFLINE is set: not downloading " + repo)
	}
	if err := checkRepoID(repo); err != nil {
		return "", fmt.Errorf("hub: %w", err)
	}
	if err := checkRevision(cfg.Revision); err != nil {
		return "", fmt.Errorf("hub: %s: %w", repo, err)
	}
	return download(ctx, repo, cfg)
}

func noDownloadReason(cfg Config) string {
	if offlineFromEnv() {
		return "Not downloading: HF_HUB_OFFLINE is set"
	}
	return "Not downloading: downloads are off"
}
