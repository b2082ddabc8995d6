package hub

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tooltune/tooltune/internal/atomicfile"
	"github.com/tooltune/tooltune/lib/safetensors"
)

// maxRelativeRedirects bounds the same-host redirects (renamed repositories) followed on HEAD.
const maxRelativeRedirects = 5

// fetcher downloads files of one repository into the cache layout huggingface_hub writes:
// blobs/ETAG holds each file's bytes once; snapshots/COMMIT/NAME links to it; refs/REVISION
// holds the commit a branch pointed to; .no_exist/COMMIT/NAME marks files the repo lacks.
type fetcher struct {
	cfg    Config
	repo   string
	folder string
}

// fileMeta is what a HEAD on /resolve/ tells about one file.
type fileMeta struct {
	commit string
	etag   string
	size   int64 // -1 when unknown
}

// hubError is a failed request, described without the token.
type hubError struct {
	status  int
	code    string // X-Error-Code: RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo
	message string // X-Error-Message
	what    string // what was asked for
	hint    string
}

func (e *hubError) Error() string {
	msg := fmt.Sprintf("%s: HTTP %d", e.what, e.status)
	if e.code != "" {
		msg += " " + e.code
	}
	if e.message != "" {
		msg += ": " + e.message
	}
	if e.hint != "" {
		msg += " (" + e.hint + ")"
	}
	return msg
}

// isMissingFile reports whether err says the repository exists but lacks the file.
func isMissingFile(err error) bool {
	var he *hubError
	return errors.As(err, &he) && he.status == http.StatusNotFound && he.code != "RepoNotFound" && he.code != "RevisionNotFound"
}

func download(ctx context.Context, repo string, cfg Config) (string, error) {
	f := &fetcher{cfg: cfg, repo: repo, folder: repoFolder(cfg.CacheDir, repo)}
	dir, err := f.run(ctx)
	if err != nil {
		return "", redact(fmt.Errorf("hub: downloading %s (revision %s) from %s: %w", repo, cfg.Revision, cfg.Endpoint, err), cfg.Token)
	}
	return dir, nil
}

func (f *fetcher) run(ctx context.Context) (string, error) {
	meta, err := f.head(ctx, f.cfg.Revision, ConfigFile)
	if err != nil {
		return "", err
	}
	if !isCommitHash(meta.commit) {
		return "", fmt.Errorf("%s: the server sent no X-Repo-Commit commit hash (is %s a Hugging Face hub?)", ConfigFile, f.cfg.Endpoint)
	}
	commit := meta.commit
	snapshot := filepath.Join(f.folder, "snapshots", commit)
	if err := f.fetch(ctx, commit, ConfigFile, meta, snapshot); err != nil {
		return "", err
	}
	for _, name := range optionalFiles() {
		if err := f.fetchIfPresent(ctx, commit, name, snapshot); err != nil && !isMissingFile(err) {
			return "", err
		}
	}
	if err := f.fetchWeights(ctx, commit, snapshot); err != nil {
		return "", err
	}
	if f.cfg.Revision != commit {
		if err := writeAtomic(filepath.Join(f.folder, "refs", filepath.FromSlash(f.cfg.Revision)), []byte(commit)); err != nil {
			return "", err
		}
	}
	return snapshot, nil
}

// fetchWeights downloads the sharded index and every shard, or else the single weights file.
func (f *fetcher) fetchWeights(ctx context.Context, commit, snapshot string) error {
	err := f.fetchIfPresent(ctx, commit, safetensors.IndexFileName, snapshot)
	if isMissingFile(err) {
		err = f.fetchIfPresent(ctx, commit, safetensors.SingleFileName, snapshot)
		if isMissingFile(err) {
			return fmt.Errorf("the repository has neither %s nor %s (only safetensors weights are supported)", safetensors.SingleFileName, safetensors.IndexFileName)
		}
		return err
	}
	if err != nil {
		return err
	}
	idx, err := safetensors.ReadIndex(filepath.Join(snapshot, safetensors.IndexFileName))
	if err != nil {
		return err
	}
	shards := idx.Shards()
	for _, s := range shards {
		if err := f.fetchIfPresent(ctx, commit, s, snapshot); err != nil {
			return err
		}
	}
	return nil
}

// fetchIfPresent downloads name unless the snapshot already has it. A file the repository
// lacks gives an error for which isMissingFile is true, and is marked in .no_exist.
func (f *fetcher) fetchIfPresent(ctx context.Context, commit, name, snapshot string) error {
	if isFile(filepath.Join(snapshot, name)) {
		return nil
	}
	meta, err := f.head(ctx, commit, name)
	if isMissingFile(err) {
		if markErr := writeAtomic(filepath.Join(f.folder, ".no_exist", commit, name), nil); markErr != nil {
			return markErr
		}
	}
	if err != nil {
		return err
	}
	return f.fetch(ctx, commit, name, meta, snapshot)
}

func (f *fetcher) resolveURL(rev, name string) string {
	return f.cfg.Endpoint + "/" + f.repo + "/resolve/" + url.PathEscape(rev) + "/" + url.PathEscape(name)
}

func (f *fetcher) newRequest(ctx context.Context, method, target string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, target, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "tooltune-hub/1")
	if f.cfg.Token != "" {
		req.Header.Set("Authorization", "Bearer "+f.cfg.Token)
	}
	return req, nil
}

// head asks the hub about one file without following its redirect to the storage CDN: the
// commit, ETag and size it reports there are the ones the cache layout is keyed by.
func (f *fetcher) head(ctx context.Context, rev, name string) (fileMeta, error) {
	client := *f.cfg.HTTPClient
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	target := f.resolveURL(rev, name)
	for redirects := 0; ; redirects++ {
		req, err := f.newRequest(ctx, http.MethodHead, target)
		if err != nil {
			return fileMeta{}, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return fileMeta{}, fmt.Errorf("%s: %w", name, err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); isRedirect(resp.StatusCode) && loc != "" && redirects < maxRelativeRedirects {
			if u, err := url.Parse(loc); err == nil && u.Host == "" {
				target = resp.Request.URL.ResolveReference(u).String()
				continue
			}
		}
		if resp.StatusCode >= 400 {
			return fileMeta{}, f.statusError(resp, name, rev)
		}
		return metaFromHeaders(resp.Header, name)
	}
}

func isRedirect(status int) bool { return status >= 300 && status < 400 }

// metaFromHeaders reads X-Repo-Commit, the ETag (X-Linked-Etag for large files stored on the
// CDN, which is their sha256) and the size.
func metaFromHeaders(h http.Header, name string) (fileMeta, error) {
	m := fileMeta{commit: h.Get("X-Repo-Commit"), size: -1}
	m.etag = normalizeETag(firstNonEmpty(h.Get("X-Linked-Etag"), h.Get("ETag")))
	if m.etag == "" || strings.ContainsAny(m.etag, `/\`) || m.etag == "." || m.etag == ".." {
		return fileMeta{}, fmt.Errorf("%s: the server sent no usable ETag", name)
	}
	if s := firstNonEmpty(h.Get("X-Linked-Size"), h.Get("Content-Length")); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return fileMeta{}, fmt.Errorf("%s: bad size header %q", name, s)
		}
		m.size = n
	}
	return m, nil
}

func normalizeETag(etag string) string {
	return strings.Trim(strings.TrimPrefix(etag, "W/"), `"`)
}

func (f *fetcher) statusError(resp *http.Response, name, rev string) error {
	e := &hubError{status: resp.StatusCode, code: resp.Header.Get("X-Error-Code"), message: resp.Header.Get("X-Error-Message"), what: name}
	switch {
	case e.code == "GatedRepo":
		e.hint = "the repository is gated: accept its conditions on its page, then use a token of that account (HF_TOKEN)"
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		if f.cfg.Token == "" {
			e.hint = "the repository does not exist, or it is private or gated and no token is set: set HF_TOKEN or run huggingface-cli login"
		} else {
			e.hint = "the token was refused or has no access to this repository"
		}
	case e.code == "RepoNotFound":
		e.hint = "no such repository"
	case e.code == "RevisionNotFound":
		e.hint = fmt.Sprintf("no revision %q", rev)
	}
	return e
}

// fetch makes snapshot/name point at the blob for meta, downloading the blob if the cache
// does not have it yet.
func (f *fetcher) fetch(ctx context.Context, commit, name string, meta fileMeta, snapshot string) error {
	blob := filepath.Join(f.folder, "blobs", meta.etag)
	if st, err := os.Stat(blob); err != nil || (meta.size >= 0 && st.Size() != meta.size) {
		if err := f.downloadBlob(ctx, commit, name, meta, blob); err != nil {
			return err
		}
	}
	return linkIntoSnapshot(blob, filepath.Join(snapshot, name))
}

// downloadBlob streams the file into a temporary file beside the blob, checks its size and,
// for files whose ETag is a sha256 (large files), its hash, then renames it into place.
func (f *fetcher) downloadBlob(ctx context.Context, commit, name string, meta fileMeta, blob string) (err error) {
	req, err := f.newRequest(ctx, http.MethodGet, f.resolveURL(commit, name))
	if err != nil {
		return err
	}
	resp, err := f.cfg.HTTPClient.Do(req) // follows the CDN redirect; Go drops Authorization for other hosts
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return f.statusError(resp, name, commit)
	}
	if err := os.MkdirAll(filepath.Dir(blob), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(blob), "."+meta.etag+".incomplete-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	total := meta.size
	if total < 0 {
		total = resp.ContentLength
	}
	hash := sha256.New()
	body := &progressReader{r: resp.Body, report: f.cfg.Progress, p: Progress{File: name, Total: total}}
	body.emit()
	n, err := io.Copy(io.MultiWriter(tmp, hash), body)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if meta.size >= 0 && n != meta.size {
		return fmt.Errorf("%s: received %d bytes, the hub announced %d", name, n, meta.size)
	}
	if isSHA256(meta.etag) {
		if sum := hex.EncodeToString(hash.Sum(nil)); sum != meta.etag {
			return fmt.Errorf("%s: sha256 %s does not match the hub's %s", name, sum, meta.etag)
		}
	}
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), blob)
}

func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// linkIntoSnapshot points path at blob with a relative symlink, as huggingface_hub does, so
// the cache stays valid when moved. Where symlinks are refused it copies the blob instead.
func linkIntoSnapshot(blob, path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	target, err := filepath.Rel(filepath.Dir(path), blob)
	if err != nil {
		return err
	}
	tmp := path + ".tmp-link"
	os.Remove(tmp)
	if err := os.Symlink(target, tmp); err == nil {
		return os.Rename(tmp, path)
	}
	content, err := os.ReadFile(blob)
	if err != nil {
		return err
	}
	return writeAtomic(path, content)
}

// writeAtomic creates path's directory if needed and writes data to path atomically.
func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, data)
}

// progressReader reports bytes read to a Progress callback.
type progressReader struct {
	r      io.Reader
	report func(Progress)
	p      Progress
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.p.Done += int64(n)
		p.emit()
	}
	return n, err
}

func (p *progressReader) emit() {
	if p.report != nil {
		p.report(p.p)
	}
}

// redact removes the token from an error's text. The returned error does not unwrap, so the
// token cannot be reached through the chain either.
func redact(err error, token string) error {
	if err == nil || token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), token, "[redacted token]"))
}
