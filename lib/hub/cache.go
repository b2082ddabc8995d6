package hub

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/tooltune/tooltune/lib/safetensors"
)

// ConfigFile is the model configuration that marks a directory as a model.
const ConfigFile = "config.json"

const (
	maxRepoIDLength     = 96
	commitHashLength    = 40
	repoFolderPrefix    = "models--"
	repoFolderSeparator = "--"
)

// optionalFiles are fetched when the repository has them; a model works without each.
func optionalFiles() []string {
	return []string{"generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja"}
}

// checkRepoID accepts "name" or "org/name" as the hub does: letters, digits, '-', '_', '.',
// no "--" or ".." (the cache folder name uses "--" as the separator), at most 96 characters.
func checkRepoID(id string) error {
	parts := strings.Split(id, "/")
	if len(id) == 0 || len(id) > maxRepoIDLength || len(parts) > 2 || strings.Contains(id, "--") || strings.Contains(id, "..") {
		return fmt.Errorf("%q is not a Hugging Face repository id (want NAME or ORG/NAME)", id)
	}
	for _, p := range parts {
		if p == "" || strings.HasPrefix(p, "-") || strings.HasPrefix(p, ".") || strings.HasSuffix(p, "-") || strings.HasSuffix(p, ".") {
			return fmt.Errorf("%q is not a Hugging Face repository id (want NAME or ORG/NAME)", id)
		}
		for _, r := range p {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
				return fmt.Errorf("%q is not a Hugging Face repository id: character %q not allowed", id, r)
			}
		}
	}
	return nil
}

// checkRevision keeps a revision usable as a path under refs/ (branches may contain '/').
func checkRevision(rev string) error {
	for _, part := range strings.Split(rev, "/") {
		if part == "" || part == "." || part == ".." || strings.ContainsAny(part, "\\\x00") {
			return fmt.Errorf("invalid revision %q", rev)
		}
	}
	return nil
}

// isCommitHash reports whether rev is a full 40-hex commit id, which names a snapshot directly.
func isCommitHash(rev string) bool {
	if len(rev) != commitHashLength {
		return false
	}
	for _, r := range rev {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

// repoFolder is the cache folder of a model repository: models--ORG--NAME.
func repoFolder(cacheDir, repo string) string {
	return filepath.Join(cacheDir, repoFolderPrefix+strings.ReplaceAll(repo, "/", repoFolderSeparator))
}

// cachedSnapshot finds the snapshot directory of repo at rev in the cache and lists the files a
// model needs that it lacks. It returns an error when the revision is not in the cache at all.
func cachedSnapshot(cacheDir, repo, rev string) (dir string, missing []string, err error) {
	folder := repoFolder(cacheDir, repo)
	commit := rev
	if !isCommitHash(rev) {
		refPath := filepath.Join(folder, "refs", filepath.FromSlash(rev))
		b, err := os.ReadFile(refPath)
		if err != nil {
			return "", nil, fmt.Errorf("no refs/%s (revision %q was never downloaded)", rev, rev)
		}
		commit = strings.TrimSpace(string(b))
		if !isCommitHash(commit) {
			return "", nil, fmt.Errorf("%s holds %q, not a commit hash", refPath, commit)
		}
	}
	dir = filepath.Join(folder, "snapshots", commit)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return "", nil, fmt.Errorf("no snapshot directory %s", dir)
	}
	missing, err = missingModelFiles(dir)
	return dir, missing, err
}

// missingModelFiles lists what dir lacks to be a loadable model: config.json and the weights,
// one file or every shard named by the index. A cache snapshot can be partial (a tool fetched
// only config.json, or a download stopped), so presence of the folder alone proves nothing.
func missingModelFiles(dir string) ([]string, error) {
	var missing []string
	if !isFile(filepath.Join(dir, ConfigFile)) {
		missing = append(missing, ConfigFile)
	}
	idx, err := safetensors.ReadIndex(filepath.Join(dir, safetensors.IndexFileName))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if !isFile(filepath.Join(dir, safetensors.SingleFileName)) {
			missing = append(missing, safetensors.SingleFileName+" (or "+safetensors.IndexFileName+" with its shards)")
		}
		return missing, nil
	case err != nil:
		return nil, err
	}
	shards := idx.Shards()
	for _, s := range shards {
		if !isFile(filepath.Join(dir, s)) {
			missing = append(missing, s)
		}
	}
	return missing, nil
}

// isFile reports whether path is (or links to) a regular file.
func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}
