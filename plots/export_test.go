package plots

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/janpfeifer/gonb/gonbui"
)

// exampleChart is a small chart whose labels a test can look for in the output.
func exampleChart(t *testing.T) Chart {
	t.Helper()
	c, err := ToolMix(sampleStats())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// remoteScript matches a <script src> or <link href> that loads from the network.
func remoteScript() *regexp.Regexp {
	return regexp.MustCompile(`(?i)<(script|link)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?//`)
}

// anyExternalScript matches any <script src=...>: every output of this package inlines
// ECharts, so it has none at all.
func anyExternalScript() *regexp.Regexp {
	return regexp.MustCompile(`(?i)<script\b[^>]*\bsrc\s*=`)
}

func TestHTMLIsOffline(t *testing.T) {
	requireECharts(t)
	c := exampleChart(t)
	page, err := PageHTML(c)
	if err != nil {
		t.Fatal(err)
	}
	fragment, err := NotebookHTML(c)
	if err != nil {
		t.Fatal(err)
	}
	// go-echarts' own renderer, with the AssetsHost the builders set.
	var own bytes.Buffer
	if err := c.(*charts.Bar).Render(&own); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"PageHTML": string(page), "NotebookHTML": fragment, "go-echarts Render": own.String()} {
		if m := remoteScript().FindString(out); m != "" {
			t.Errorf("%s loads from the network: %s", name, m)
		}
	}
	for name, out := range map[string]string{"PageHTML": string(page), "NotebookHTML": fragment} {
		if m := anyExternalScript().FindString(out); m != "" {
			t.Errorf("%s loads a script file: %s", name, m)
		}
		if !strings.Contains(out, `t.version="`+EChartsVersion+`"`) {
			t.Errorf("%s does not inline ECharts", name)
		}
		for _, label := range []string{"get_weather", "calculate", "send_email"} {
			if !strings.Contains(out, `"`+label+`"`) {
				t.Errorf("%s lacks the data label %q", name, label)
			}
		}
	}
	if !strings.Contains(own.String(), `src="./echarts.min.js"`) {
		t.Errorf("go-echarts Render does not load ECharts from the page's directory:\n%.600s", own.String())
	}
}

func TestNotebookHTMLIDsAreUnique(t *testing.T) {
	requireECharts(t)
	c := exampleChart(t)
	id := regexp.MustCompile(`id="(tooltune-chart-[0-9a-f]+)"`)
	a, err := NotebookHTML(c)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NotebookHTML(c)
	if err != nil {
		t.Fatal(err)
	}
	ma, mb := id.FindStringSubmatch(a), id.FindStringSubmatch(b)
	if ma == nil || mb == nil {
		t.Fatalf("no chart element id in the notebook HTML")
	}
	if ma[1] == mb[1] {
		t.Errorf("two displays share the element id %s", ma[1])
	}
	if !strings.Contains(a, `var id = "`+ma[1]+`"`) {
		t.Errorf("the script does not draw into its own element %s", ma[1])
	}
}

func TestNotebookHTMLFallback(t *testing.T) {
	requireECharts(t)
	c := exampleChart(t)
	fragment, err := NotebookHTML(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("node"); err != nil {
		if !strings.Contains(fragment, "No static image") {
			t.Errorf("without node, the fragment does not say why it has no image")
		}
		t.Skip("node is not installed: the SVG fallback image cannot be checked")
	}
	if !strings.Contains(fragment, `<img alt="Calls by tool" width="820" height="188" src="data:image/svg+xml;base64,`) {
		t.Errorf("the fragment has no SVG fallback image:\n%.400s", fragment)
	}
}

func TestSaveHTML(t *testing.T) {
	requireECharts(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "chart.html")
	if err := SaveHTML(exampleChart(t), path); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(got, []byte("<!DOCTYPE html>")) || !bytes.Contains(got, []byte("<title>Calls by tool</title>")) {
		t.Errorf("not the chart's page: %.200s", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the directory holds %d files, want only the page (no temporary file left)", len(entries))
	}
	if err := SaveHTML(exampleChart(t), filepath.Join(dir, "missing", "chart.html")); err == nil {
		t.Errorf("writing into a missing directory succeeded")
	}
}

func TestSize(t *testing.T) {
	custom := charts.NewLine()
	custom.SetGlobalOptions(charts.WithInitializationOpts(opts.Initialization{Width: "640px", Height: "300px", AssetsHost: LocalAssetsHost}))
	relative := charts.NewLine()
	relative.SetGlobalOptions(charts.WithInitializationOpts(opts.Initialization{Width: "100%", AssetsHost: LocalAssetsHost}))
	tests := []struct {
		name string
		c    Chart
		w, h int
	}{
		{"go-echarts default", charts.NewBar(), 900, 500},
		{"pixels", custom, 640, 300},
		{"percent falls back", relative, DefaultWidth, 500},
	}
	for _, tt := range tests {
		if w, h := Size(tt.c); w != tt.w || h != tt.h {
			t.Errorf("%s: Size = %dx%d, want %dx%d", tt.name, w, h, tt.w, tt.h)
		}
	}
}

func TestNilChart(t *testing.T) {
	var bar *charts.Bar
	if _, err := Options(bar); err == nil {
		t.Errorf("Options(nil) did not fail")
	}
	if _, err := PageHTML(nil); err == nil {
		t.Errorf("PageHTML(nil) did not fail")
	}
	if _, err := NotebookHTML(bar); err == nil {
		t.Errorf("NotebookHTML(nil) did not fail")
	}
}

func TestFunctionsBecomeJavaScript(t *testing.T) {
	c, err := PerToolHeatmap([]string{"t"}, []string{"c"}, [][]float64{{0.5}})
	if err != nil {
		t.Fatal(err)
	}
	js, err := optionScript(c, false)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(js, "__f__") || !strings.Contains(js, `"formatter":function (p)`) {
		t.Errorf("the label formatter is not a JavaScript function in %s", js)
	}
}

func TestDisplayOutsideNotebook(t *testing.T) {
	if gonbui.IsNotebook {
		t.Skip("the test itself runs under a GoNB kernel")
	}
	if err := Display(exampleChart(t)); err == nil || !strings.Contains(err.Error(), "not running in a GoNB notebook") {
		t.Errorf("Display outside a notebook: %v", err)
	}
}

func TestSVG(t *testing.T) {
	requireECharts(t)
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed: SVG export is not tested")
	}
	path := filepath.Join(t.TempDir(), "chart.svg")
	if err := SaveSVG(exampleChart(t), path); err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName xml.Name
		Width   string `xml:"width,attr"`
		Texts   []string
	}
	dec := xml.NewDecoder(bytes.NewReader(svg))
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	if doc.XMLName.Local != "svg" || doc.Width != "820" {
		t.Errorf("root <%s width=%q>, want <svg width=\"820\">", doc.XMLName.Local, doc.Width)
	}
	// The tool names (axis labels) and the counts (bar labels) are drawn as text.
	for _, want := range []string{">get_weather<", ">calculate<", ">send_email<", ">4<", ">1<", ">Calls by tool<"} {
		if !bytes.Contains(svg, []byte(want)) {
			t.Errorf("the SVG lacks the text %s", want)
		}
	}
}

func TestSVGWithoutNode(t *testing.T) {
	_, err := Exporter{Node: filepath.Join(t.TempDir(), "no-such-node")}.SVG(exampleChart(t))
	if err == nil || !strings.Contains(err.Error(), "SVG export needs node") {
		t.Errorf("error %v, want one saying that SVG export needs node", err)
	}
}

func TestPNG(t *testing.T) {
	requireECharts(t)
	if _, err := findProgram("PNG export", "Chromium", "chromium", "", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"); err != nil {
		t.Skip("no Chromium: PNG export is not tested")
	}
	heat, err := PerToolHeatmap([]string{"a", "b"}, []string{"c1", "c2"}, [][]float64{{0, 1}, {0.5, math.NaN()}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	paths := []string{filepath.Join(dir, "bars.png"), filepath.Join(dir, "heat.png")}
	// Two charts of different sizes in one browser: each image must have its chart's size.
	if err := (Exporter{}).SavePNGs([]Chart{exampleChart(t), heat}, paths); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path    string
		w, h    int
		r, g, b uint8 // a colour the chart must show
		what    string
	}{
		{paths[0], 820, 188, 0x54, 0x70, 0xc6, "the bars (first palette colour)"},
		{paths[1], 640, 360, 0x1a, 0x98, 0x50, "the cell at 100% (top of the green scale)"},
	}
	for _, tt := range tests {
		raw, err := os.ReadFile(tt.path)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", tt.path, err)
		}
		if b := img.Bounds(); b.Dx() != 2*tt.w || b.Dy() != 2*tt.h {
			t.Errorf("%s: image is %dx%d, want %dx%d (the chart at scale 2)", tt.path, b.Dx(), b.Dy(), 2*tt.w, 2*tt.h)
		}
		if sd := luminanceSD(img); sd < 10 {
			t.Errorf("%s: the image is nearly uniform (luminance standard deviation %.1f): a blank chart", tt.path, sd)
		}
		if n := countNear(img, tt.r, tt.g, tt.b); n < 1000 {
			t.Errorf("%s: only %d pixels show %s", tt.path, n, tt.what)
		}
	}
	if err := (Exporter{}).SavePNGs([]Chart{heat}, nil); err == nil {
		t.Errorf("SavePNGs with more charts than paths succeeded")
	}
}

func TestPNGWithoutBrowser(t *testing.T) {
	_, err := Exporter{Browser: filepath.Join(t.TempDir(), "no-such-chromium")}.PNG(exampleChart(t))
	if err == nil || !strings.Contains(err.Error(), "PNG export needs Chromium") {
		t.Errorf("error %v, want one saying that PNG export needs Chromium", err)
	}
}

// luminanceSD is the standard deviation of the pixels' luminance, 0-255.
func luminanceSD(img image.Image) float64 {
	var sum, sumSq, n float64
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			l := (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(bl)) / 257
			sum += l
			sumSq += l * l
			n++
		}
	}
	mean := sum / n
	return math.Sqrt(sumSq/n - mean*mean)
}

// countNear counts the pixels within a small distance of the colour (r, g, b).
func countNear(img image.Image, r, g, b uint8) int {
	count := 0
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if near(pr>>8, r) && near(pg>>8, g) && near(pb>>8, b) {
				count++
			}
		}
	}
	return count
}

func near(v uint32, want uint8) bool {
	d := int(v) - int(want)
	return d >= -8 && d <= 8
}

// brokenChart has a label formatter that is not valid JavaScript.
func brokenChart() Chart {
	bar := charts.NewBar()
	bar.SetGlobalOptions(charts.WithInitializationOpts(opts.Initialization{Width: "300px", Height: "200px", AssetsHost: LocalAssetsHost}))
	bar.SetXAxis([]string{"a"}).AddSeries("s", []opts.BarData{{Value: 1}},
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: string(opts.FuncOpts("function (p) { return ;; }}"))}))
	return bar
}

func TestExportReportsScriptErrors(t *testing.T) {
	tests := []struct {
		name, program string
		export        func(Chart) ([]byte, error)
		want          string
	}{
		{"svg", "node", SVG, "SyntaxError"},
		{"png", "chromium", PNG, "the chart page failed: Uncaught SyntaxError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := exec.LookPath(tt.program); err != nil {
				t.Skipf("%s is not installed", tt.program)
			}
			requireECharts(t)
			_, err := tt.export(brokenChart())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestEveryBuilderRendersInECharts draws every builder's chart with ECharts itself (server-side,
// in node): options that ECharts rejects or draws without their title fail here.
func TestEveryBuilderRendersInECharts(t *testing.T) {
	requireECharts(t)
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed: the charts are not drawn")
	}
	lengths := []int{10, 200, 300, 700}
	tests := []struct {
		name, title string
		build       func() (Chart, error)
	}{
		{"ScenarioMix", "Examples by scenario", func() (Chart, error) { return ScenarioMix(sampleStats()) }},
		{"ToolMix", "Calls by tool", func() (Chart, error) { return ToolMix(sampleStats()) }},
		{"TokenLengthHistogram", "Example length in tokens", func() (Chart, error) { return TokenLengthHistogram(lengths, 512) }},
		{"LossCurves", "Loss and learning rate", func() (Chart, error) {
			return LossCurves([]Point{{1, 2}, {2, 1}}, []Point{{2, 1.5}}, []Point{{1, 1e-4}, {2, 5e-5}})
		}},
		{"AccuracyPerCheckpoint", "Accuracy per checkpoint", func() (Chart, error) {
			return AccuracyPerCheckpoint([]int{0, 10}, map[string][]float64{"exact": {0.1, 0.7}})
		}},
		{"PerToolHeatmap", "Tool-call accuracy per tool", func() (Chart, error) {
			return PerToolHeatmap([]string{"a"}, []string{"c1", "c2"}, [][]float64{{0.25, math.NaN()}})
		}},
		{"PerScenarioHeatmap", "Tool-call accuracy per scenario", func() (Chart, error) {
			return PerScenarioHeatmap([]string{"single", "parallel"}, []string{"c1"}, [][]float64{{0.6}, {0}})
		}},
		{"ToolConfusion", "Expected tool vs. called tool", func() (Chart, error) {
			return ToolConfusion([]string{"a", "b"}, []string{"a", "b"}, [][]int{{3, 1}, {0, 4}})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.build()
			if err != nil {
				t.Fatal(err)
			}
			svg, err := SVG(c)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(svg, []byte(">"+tt.title+"<")) {
				t.Errorf("the drawn chart lacks its title %q", tt.title)
			}
		})
	}
}
