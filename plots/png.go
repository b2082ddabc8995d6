package plots

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/chromedp/chromedp"
)

// PNG renders the chart with Exporter{}.PNG.
func PNG(c Chart) ([]byte, error) { return Exporter{}.PNG(c) }

// SavePNG writes the chart as a PNG file with Exporter{}.SavePNG.
func SavePNG(c Chart, path string) error { return Exporter{}.SavePNG(c, path) }

// PNG draws the chart in a headless Chromium and returns a screenshot of the chart's element,
// e.Scale pixels per CSS pixel. The page is a local file with ECharts inlined; the browser
// runs with a fresh profile and its background network features off, so it makes no network
// request.
func (e Exporter) PNG(c Chart) ([]byte, error) {
	var shot []byte
	err := e.withBrowser(1, func(b *browserSession) error {
		var err error
		shot, err = b.render(c)
		return err
	})
	return shot, err
}

// SavePNG renders the chart with PNG and writes it to path, atomically.
func (e Exporter) SavePNG(c Chart, path string) error {
	return e.SavePNGs([]Chart{c}, []string{path})
}

// SavePNGs writes charts[i] as a PNG file to paths[i], like SavePNG, with a single browser:
// starting Chromium is most of the time of one image, so a batch pays it once. e.Timeout
// bounds each image.
func (e Exporter) SavePNGs(charts []Chart, paths []string) error {
	if len(charts) != len(paths) {
		return fmt.Errorf("plots: SavePNGs: %d charts but %d paths", len(charts), len(paths))
	}
	return e.withBrowser(len(charts), func(b *browserSession) error {
		for i, c := range charts {
			shot, err := b.render(c)
			if err != nil {
				return fmt.Errorf("%s: %w", paths[i], err)
			}
			if err := writeFileAtomic(paths[i], shot); err != nil {
				return err
			}
		}
		return nil
	})
}

// browserSession is a running headless Chromium with one tab, and a scratch directory for the
// pages it opens.
type browserSession struct {
	tab     context.Context
	dir     string
	timeout time.Duration
	scale   float64
	pages   int
}

// withBrowser starts Chromium, runs fn with it and stops it. The whole session may take
// e.timeout() per image.
func (e Exporter) withBrowser(images int, fn func(*browserSession) error) error {
	program, err := findProgram("PNG export", "Chromium", "chromium", e.Browser,
		"chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
	if err != nil {
		return err
	}
	// Every page inlines ECharts: fail before starting a browser that could draw nothing.
	if _, err := echartsJS(); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "tooltune-png-*")
	if err != nil {
		return fmt.Errorf("plots: PNG export: %w", err)
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(max(images, 1))*e.timeout())
	defer cancel()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(program),
		chromedp.Headless,
		chromedp.NoSandbox, // needed when running as root, as in containers
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
	)
	defer cancelAlloc()
	tab, cancelTab := chromedp.NewContext(allocCtx)
	defer cancelTab()
	b := &browserSession{tab: tab, dir: dir, timeout: e.timeout(), scale: e.scale()}
	if err := fn(b); err != nil {
		return fmt.Errorf("plots: PNG export with %s: %w", program, err)
	}
	return nil
}

// render opens the chart's page, waits until ECharts has drawn the chart (or the page has
// failed) and captures the chart's element.
func (b *browserSession) render(c Chart) ([]byte, error) {
	page, err := page(c, true)
	if err != nil {
		return nil, err
	}
	b.pages++
	pagePath := filepath.Join(b.dir, "chart-"+strconv.Itoa(b.pages)+".html")
	if err := os.WriteFile(pagePath, page, 0o644); err != nil {
		return nil, err
	}
	// The first Run starts the browser, which must outlive this image: only later steps get
	// the per-image timeout.
	width, height := Size(c)
	pageURL := url.URL{Scheme: "file", Path: pagePath}
	if err := chromedp.Do(b.tab,
		chromedp.EmulateViewport(int64(width), int64(height), chromedp.EmulateScale(b.scale)),
		chromedp.Navigate(pageURL.String()),
	); err != nil {
		return nil, fmt.Errorf("opening the chart page: %w", err)
	}
	ctx, cancel := context.WithTimeout(b.tab, b.timeout)
	defer cancel()
	state, err := chromedp.Run(ctx, chromedp.Poll[string](fmt.Sprintf(
		`document.documentElement.getAttribute(%q) || (document.getElementById("chart").hasAttribute(%q) && "ok")`,
		pageErrorAttr, renderedAttr)))
	if err != nil {
		return nil, fmt.Errorf("waiting for the chart to be drawn: %w", err)
	}
	if state != "ok" {
		return nil, fmt.Errorf("the chart page failed: %s", state)
	}
	shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#chart")))
	if err != nil {
		return nil, fmt.Errorf("capturing the chart: %w", err)
	}
	if _, err := png.DecodeConfig(bytes.NewReader(shot)); err != nil {
		return nil, fmt.Errorf("the screenshot is not a PNG image: %w", err)
	}
	return shot, nil
}
