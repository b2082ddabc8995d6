package plots

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html"
	"strings"
)

// renderedAttr is set on a chart's element once ECharts has finished drawing it; the PNG
// export waits for it.
const renderedAttr = "data-rendered"

// pageErrorAttr is set on the static page's root element to the message of any uncaught
// JavaScript error, so that the PNG export fails with that message instead of waiting.
const pageErrorAttr = "data-error"

// drawScript returns the JavaScript that draws the chart into the element with the given id.
//
// It loads ECharts (see echartsJS) only when the page has none yet, with define, module and
// exports hidden from it: ECharts' UMD header would otherwise, in Jupyter Notebook 6 where
// RequireJS is loaded, register itself as an anonymous RequireJS module ("Mismatched anonymous
// define()") instead of setting window.echarts. With them hidden it sets window.echarts
// whether or not RequireJS is present. It waits (up to 5 s) for the element to be in the
// document, since notebook front ends may run an output's scripts before attaching it.
func drawScript(c Chart, id string, static bool) (string, error) {
	option, err := optionScript(c, static)
	if err != nil {
		return "", err
	}
	lib, err := echartsJS()
	if err != nil {
		return "", err
	}
	width, height := Size(c)
	var b strings.Builder
	fmt.Fprintf(&b, `(function () {
  var id = %q, tries = 0;
  function draw() {
    var el = document.getElementById(id);
    if (!el) {
      if (tries++ < 50) { setTimeout(draw, 100); }
      return;
    }
    if (!window.echarts) {
      (function (define, module, exports) {
`, id)
	b.WriteString(scriptSafe(lib))
	fmt.Fprintf(&b, `
      }).call(window);
    }
    el.innerHTML = "";
    var chart = window.echarts.init(el, null, {renderer: "canvas", width: %d, height: %d});
    chart.on("finished", function () { el.setAttribute(%q, "1"); });
    chart.setOption(%s);
  }
  draw();
})();
`, width, height, renderedAttr, scriptSafe(option))
	return b.String(), nil
}

// scriptSafe makes JavaScript source safe to place inside an HTML <script> element, which
// would end at the first "</script". ECharts contains none (a test checks), and the options
// are JSON with "<" escaped, so this only guards against a future version of either.
func scriptSafe(js string) string {
	return strings.ReplaceAll(js, "</script", `<\/script`)
}

// chartDiv opens the element a chart is drawn into, sized as the chart.
func chartDiv(c Chart, id string) string {
	width, height := Size(c)
	return fmt.Sprintf(`<div id="%s" class="tooltune-chart" style="width:%dpx;height:%dpx;max-width:100%%">`, id, width, height)
}

// PageHTML returns a complete, self-contained HTML page that draws the chart: ECharts is
// inlined, so the page needs no network and no other file.
func PageHTML(c Chart) ([]byte, error) {
	return page(c, false)
}

// page writes the chart's page; with static set, animation is off and the page has no margin
// (what the PNG export screenshots).
func page(c Chart, static bool) ([]byte, error) {
	const id = "chart"
	script, err := drawScript(c, id, static)
	if err != nil {
		return nil, err
	}
	margin := "16px"
	if static {
		margin = "0"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n", html.EscapeString(chartTitle(c)))
	fmt.Fprintf(&b, "<style>body { margin: %s; background: #fff; font-family: sans-serif; }</style>\n", margin)
	if static {
		fmt.Fprintf(&b, "<script>window.addEventListener(\"error\", function (e) { document.documentElement.setAttribute(%q, String(e.message)); });</script>\n", pageErrorAttr)
	}
	b.WriteString("</head>\n<body>\n")
	b.WriteString(chartDiv(c, id))
	b.WriteString("<noscript>This chart is drawn by JavaScript, which is turned off.</noscript></div>\n<script>\n")
	b.WriteString(script)
	b.WriteString("</script>\n</body>\n</html>\n")
	return []byte(b.String()), nil
}

// NotebookHTML returns the HTML that Display sends to a notebook: the chart's element holding
// a static SVG image, and a script that replaces the image with the interactive chart. Where
// scripts do not run (an untrusted notebook: Jupyter strips its scripts), the image stays.
// The image needs node (see SVG); without it the element holds a note instead.
func NotebookHTML(c Chart) (string, error) {
	if isNil(c) {
		return "", errNoChart()
	}
	id, err := uniqueID()
	if err != nil {
		return "", err
	}
	script, err := drawScript(c, id, false)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(chartDiv(c, id))
	b.WriteString(fallback(c))
	b.WriteString("</div>\n<script>\n")
	b.WriteString(script)
	b.WriteString("</script>\n")
	return b.String(), nil
}

// fallback is what a chart's element shows until (or unless) its script runs: the chart as an
// SVG image, or a note saying why there is none.
func fallback(c Chart) string {
	title := html.EscapeString(chartTitle(c))
	svg, err := SVG(c)
	if err != nil {
		return fmt.Sprintf(`<p style="font-family:sans-serif;color:#666">%s: interactive chart; it shows once the notebook is trusted (jupyter trust). No static image: %s</p>`,
			title, html.EscapeString(err.Error()))
	}
	width, height := Size(c)
	return fmt.Sprintf(`<img alt="%s" width="%d" height="%d" src="data:image/svg+xml;base64,%s">`,
		title, width, height, base64.StdEncoding.EncodeToString(svg))
}

// uniqueID returns an element id that no other output in the page has.
func uniqueID() (string, error) {
	var raw [8]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", fmt.Errorf("plots: chart element id: %w", err)
	}
	return "tooltune-chart-" + hex.EncodeToString(raw[:]), nil
}

// SaveHTML writes the chart as a self-contained HTML page (see PageHTML), atomically.
func SaveHTML(c Chart, path string) error {
	page, err := PageHTML(c)
	if err != nil {
		return err
	}
	return writeFileAtomic(path, page)
}
