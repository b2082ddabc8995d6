package main

import (
	"fmt"
	"io"
	"strings"
)

// Row names of the results table.
const (
	rowTrain  = "LoRA step d256/4L, tokens/s"
	rowDecode = "greedy decode d256/4L, tokens/s"
	colTorch  = "pytorch"
)

func matmulRow(n int) string { return fmt.Sprintf("fp32 matmul %d^3, GFLOP/s", n) }

// table holds one median per (row, column); missing cells print as "-".
type table struct {
	columns []string
	rows    []string
	cells   map[string]map[string]float64
}

func newTable(backendColumns []string) *table {
	rows := []string{}
	for _, n := range matmulSizes() {
		rows = append(rows, matmulRow(n))
	}
	rows = append(rows, rowTrain, rowDecode)
	return &table{
		columns: append(append([]string{}, backendColumns...), colTorch),
		rows:    rows,
		cells:   map[string]map[string]float64{},
	}
}

func (t *table) set(row, column string, v float64) {
	if t.cells[row] == nil {
		t.cells[row] = map[string]float64{}
	}
	t.cells[row][column] = v
}

func (t *table) get(row, column string) (float64, bool) {
	v, ok := t.cells[row][column]
	return v, ok
}

// print writes the table as Markdown: one column per backend and PyTorch, then the ratio of
// every backend but the first (simplego) to PyTorch, and of the second (fastgo) to the first.
func (t *table) print(w io.Writer) {
	backendCols := t.columns[:len(t.columns)-1]
	header := append([]string{"measurement"}, t.columns...)
	for _, c := range backendCols[1:] {
		header = append(header, c+" / "+colTorch)
	}
	if len(backendCols) > 1 {
		header = append(header, backendCols[1]+" / "+backendCols[0])
	}
	fmt.Fprintln(w, "| "+strings.Join(header, " | ")+" |")
	fmt.Fprintln(w, "|"+strings.Repeat("---|", len(header)))
	for _, row := range t.rows {
		cells := []string{row}
		for _, c := range t.columns {
			cells = append(cells, t.cell(row, c))
		}
		for _, c := range backendCols[1:] {
			cells = append(cells, t.ratio(row, c, colTorch))
		}
		if len(backendCols) > 1 {
			cells = append(cells, t.ratio(row, backendCols[1], backendCols[0]))
		}
		fmt.Fprintln(w, "| "+strings.Join(cells, " | ")+" |")
	}
}

func (t *table) cell(row, column string) string {
	v, ok := t.get(row, column)
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.1f", v)
}

func (t *table) ratio(row, num, den string) string {
	a, okA := t.get(row, num)
	b, okB := t.get(row, den)
	if !okA || !okB || b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", a/b)
}
