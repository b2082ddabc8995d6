package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestParseTorchResult(t *testing.T) {
	tests := []struct {
		name       string
		output     string
		wantErr    bool
		wantMatmul float64
		wantTrain  float64
		wantDecode float64
	}{
		{
			name: "matmul",
			output: "warming up\nRESULT {\"mode\": \"matmul\", \"result\": {\"256\": {\"gflops_median\": 150.5}, " +
				"\"1024\": {\"gflops_median\": 390}}, \"env\": {\"blas_libs\": [\"libopenblas.so\"], \"loadavg\": [1, 2, 3]}}\n",
			wantMatmul: 150.5,
		},
		{
			name:      "train",
			output:    "RESULT {\"mode\": \"train\", \"result\": {\"tok_per_s_median\": 2200.5}}\n",
			wantTrain: 2200.5,
		},
		{
			name:       "gen",
			output:     "RESULT {\"mode\": \"gen\", \"result\": {\"kv_cache\": {\"tok_per_s_median\": 410}}}\n",
			wantDecode: 410,
		},
		{name: "no result line", output: "Traceback: ImportError\n", wantErr: true},
		{name: "broken json", output: "RESULT {\"mode\": \n", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := parseTorchResult([]byte(tc.output))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tc.wantErr)
			}
			if tc.wantErr {
				return
			}
			if got, _ := res.matmulGFlops(256); got != tc.wantMatmul {
				t.Errorf("matmul 256 = %g, want %g", got, tc.wantMatmul)
			}
			if got := res.Result.TokPerSMedian; got != tc.wantTrain {
				t.Errorf("train = %g, want %g", got, tc.wantTrain)
			}
			if got := res.Result.KVCache.TokPerSMedian; got != tc.wantDecode {
				t.Errorf("decode = %g, want %g", got, tc.wantDecode)
			}
		})
	}
}

func TestTablePrintsRatios(t *testing.T) {
	tb := newTable([]string{"go", "fastgo", "blas"})
	tb.set(matmulRow(256), "go", 10)
	tb.set(matmulRow(256), "fastgo", 80)
	tb.set(matmulRow(256), colTorch, 160)
	var buf bytes.Buffer
	tb.print(&buf)
	out := buf.String()
	for _, want := range []string{"| fp32 matmul 256^3, GFLOP/s | 10.0 | 80.0 | - | 160.0 | 0.50x | - | 8.00x |", "| " + rowTrain + " | - | - | - | - | - | - | - |"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestTableWithOneBackend(t *testing.T) {
	tb := newTable([]string{"fastgo"})
	tb.set(rowDecode, "fastgo", 200)
	tb.set(rowDecode, colTorch, 400)
	var buf bytes.Buffer
	tb.print(&buf)
	if want := "| " + rowDecode + " | 200.0 | 400.0 |"; !strings.Contains(buf.String(), want) {
		t.Errorf("table lacks %q:\n%s", want, buf.String())
	}
}

func TestRoundRatios(t *testing.T) {
	var rounds []*table
	for _, torch := range []float64{100, 200, 160} { // fastgo 160 in each round
		tb := newTable([]string{"go", "fastgo", "blas"}) // blas never measured: no table
		tb.set(matmulRow(1024), "go", 10)
		tb.set(matmulRow(1024), "fastgo", 160)
		tb.set(matmulRow(1024), colTorch, torch)
		rounds = append(rounds, tb)
	}
	rounds[1].set(rowDecode, "fastgo", 300) // PyTorch missing: no ratio, no median
	var buf bytes.Buffer
	printRoundRatios(&buf, rounds)
	out := buf.String()
	for _, want := range []string{
		"| fastgo / pytorch | round 1 | round 2 | round 3 | median |",
		"| fp32 matmul 1024^3, GFLOP/s | 1.60x | 0.80x | 1.00x | 1.00x |",
		"| " + rowDecode + " | - | - | - | - |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("round ratios lack %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, " / pytorch |"); n != 1 {
		t.Errorf("want one ratio table (fastgo; none for the first column, simplego), got %d:\n%s", n, out)
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{{nil, 0}, {[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}}
	for _, tc := range tests {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %g, want %g", tc.in, got, tc.want)
		}
	}
}
