package plots

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ssrScript renders an option to SVG in node (see ssr.mjs).
//
//go:embed ssr.mjs
var ssrScript string

// Exporter renders charts to static images: SVG with ECharts' server-side renderer in node,
// PNG with a headless Chromium. Both load ECharts (see echartsJS) from a temporary directory, so
// neither needs network access. The zero value is ready to use.
type Exporter struct {
	// Node is the node (Node.js) program; "" looks up "node" on PATH.
	Node string
	// Browser is the Chromium (or Chrome) program; "" looks up chromium, chromium-browser,
	// google-chrome and google-chrome-stable on PATH.
	Browser string
	// Scale is the number of PNG pixels per CSS pixel; 0 means 2, sharp on high-density screens
	// and in printed reports.
	Scale float64
	// Timeout bounds the rendering of one image; 0 means one minute.
	Timeout time.Duration
}

// Default export settings.
const (
	defaultScale   = 2
	defaultTimeout = time.Minute
)

func (e Exporter) scale() float64 {
	if e.Scale <= 0 {
		return defaultScale
	}
	return e.Scale
}

func (e Exporter) timeout() time.Duration {
	if e.Timeout <= 0 {
		return defaultTimeout
	}
	return e.Timeout
}

// SVG renders the chart with Exporter{}.SVG.
func SVG(c Chart) ([]byte, error) { return Exporter{}.SVG(c) }

// SaveSVG writes the chart as an SVG file with Exporter{}.SaveSVG.
func SaveSVG(c Chart, path string) error { return Exporter{}.SaveSVG(c, path) }

// SVG renders the chart to an SVG document with ECharts' server-side renderer, run by node,
// with animation off and a white background.
func (e Exporter) SVG(c Chart) ([]byte, error) {
	option, err := optionScript(c, true)
	if err != nil {
		return nil, err
	}
	node, err := findProgram("SVG export", "node (Node.js)", "nodejs", e.Node, "node")
	if err != nil {
		return nil, err
	}
	echarts, err := echartsJS()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "tooltune-svg-*")
	if err != nil {
		return nil, fmt.Errorf("plots: SVG export: %w", err)
	}
	defer os.RemoveAll(dir)
	lib := filepath.Join(dir, "echarts.cjs")
	script := filepath.Join(dir, "ssr.mjs")
	if err := writeFiles(map[string]string{lib: echarts, script: ssrScript}); err != nil {
		return nil, fmt.Errorf("plots: SVG export: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), e.timeout())
	defer cancel()
	width, height := Size(c)
	cmd := exec.CommandContext(ctx, node, script, lib, strconv.Itoa(width), strconv.Itoa(height))
	cmd.Stdin = strings.NewReader(option)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("plots: SVG export: %s: %w%s", node, err, indented(stderr.String()))
	}
	svg := stdout.Bytes()
	if !bytes.HasPrefix(svg, []byte("<svg")) {
		return nil, fmt.Errorf("plots: SVG export: node wrote %d bytes that are not an SVG document%s", len(svg), indented(stderr.String()))
	}
	return svg, nil
}

// SaveSVG renders the chart with SVG and writes it to path, atomically.
func (e Exporter) SaveSVG(c Chart, path string) error {
	svg, err := e.SVG(c)
	if err != nil {
		return err
	}
	return writeFileAtomic(path, svg)
}

// findProgram returns explicit if set, else the first of names found on PATH, or an error
// saying what needs it and which Debian package provides it.
func findProgram(purpose, what, debianPackage, explicit string, names ...string) (string, error) {
	if explicit != "" {
		path, err := exec.LookPath(explicit)
		if err != nil {
			return "", fmt.Errorf("plots: %s needs %s: %w", purpose, what, err)
		}
		return path, nil
	}
	for _, n := range names {
		if path, err := exec.LookPath(n); err == nil {
			return path, nil
		}
	}
	return "", fmt.Errorf("plots: %s needs %s, and none of %s is on PATH (on Debian: apt-get install %s)",
		purpose, what, strings.Join(names, ", "), debianPackage)
}

// writeFiles writes each file's content (scratch files in a fresh temporary directory).
func writeFiles(files map[string]string) error {
	var errs []error
	for path, content := range files {
		errs = append(errs, os.WriteFile(path, []byte(content), 0o644))
	}
	return errors.Join(errs...)
}

// indented formats a program's error output to follow an error message, or "" when empty.
func indented(output string) string {
	output = strings.TrimSpace(output)
	if output == "" {
		return ""
	}
	const keep = 2000 // the end says what went wrong
	if len(output) > keep {
		output = "..." + output[len(output)-keep:]
	}
	return "\n\t" + strings.ReplaceAll(output, "\n", "\n\t")
}
