package plots

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// benchChart is a mid-sized chart: the token-length histogram of 2,000 examples.
func benchChart(b *testing.B) Chart {
	b.Helper()
	requireECharts(b)
	lengths := make([]int, 2000)
	for i := range lengths {
		lengths[i] = 200 + (i*7919)%1500
	}
	c, err := TokenLengthHistogram(lengths, 1024)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func BenchmarkPageHTML(b *testing.B) {
	c := benchChart(b)
	for b.Loop() {
		if _, err := PageHTML(c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSVG(b *testing.B) {
	if _, err := exec.LookPath("node"); err != nil {
		b.Skip("node is not installed")
	}
	c := benchChart(b)
	for b.Loop() {
		if _, err := SVG(c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPNG(b *testing.B) {
	if _, err := exec.LookPath("chromium"); err != nil {
		b.Skip("chromium is not installed")
	}
	c := benchChart(b)
	for b.Loop() {
		if _, err := PNG(c); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPNGBatch writes five charts with one browser (SavePNGs); s/chart is the time of one.
func BenchmarkPNGBatch(b *testing.B) {
	if _, err := exec.LookPath("chromium"); err != nil {
		b.Skip("chromium is not installed")
	}
	const n = 5
	charts := make([]Chart, n)
	paths := make([]string, n)
	dir := b.TempDir()
	for i := range charts {
		charts[i] = benchChart(b)
		paths[i] = filepath.Join(dir, strconv.Itoa(i)+".png")
	}
	for b.Loop() {
		if err := (Exporter{}).SavePNGs(charts, paths); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N*n), "s/chart")
}
