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
	writeHeader(w, header)
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
		writeRow(w, cells)
	}
}

// writeHeader writes a Markdown table's header row and the separator line under it.
func writeHeader(w io.Writer, header []string) {
	writeRow(w, header)
	fmt.Fprintln(w, "|"+strings.Repeat("---|", len(header)))
}

// writeRow writes one Markdown table row.
func writeRow(w io.Writer, cells []string) {
	fmt.Fprintln(w, "| "+strings.Join(cells, " | ")+" |")
}

func (t *table) cell(row, column string) string {
	v, ok := t.get(row, column)
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.1f", v)
}

func (t *table) ratio(row, num, den string) string { return formatRatio(t.ratioValue(row, num, den)) }

// formatRatio prints a ratio as "1.23x", or "-" when there is none.
func formatRatio(r float64, ok bool) string {
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.2fx", r)
}

// ratioValue is the (row, num) cell divided by the (row, den) cell, when both are there.
func (t *table) ratioValue(row, num, den string) (float64, bool) {
	a, okA := t.get(row, num)
	b, okB := t.get(row, den)
	if !okA || !okB || b == 0 {
		return 0, false
	}
	return a / b, true
}

// printRoundRatios writes, for every backend but the first (simplego), a Markdown table of
// its ratio to PyTorch in each round and the median over the rounds that have it. The rounds
// share their columns (one configuration list).
func printRoundRatios(w io.Writer, rounds []*table) {
	cols := rounds[0].columns
	printed := 0
	for _, c := range cols[1 : len(cols)-1] {
		if !anyRatio(rounds, c) {
			continue // a configuration this binary cannot run (openblas without its build tag)
		}
		if printed++; printed > 1 {
			fmt.Fprintln(w)
		}
		header := []string{c + " / " + colTorch}
		for r := range rounds {
			header = append(header, fmt.Sprintf("round %d", r+1))
		}
		writeHeader(w, append(header, "median"))
		for _, row := range rounds[0].rows {
			cells := []string{row}
			var ratios []float64
			for _, t := range rounds {
				v, ok := t.ratioValue(row, c, colTorch)
				cells = append(cells, formatRatio(v, ok))
				if ok {
					ratios = append(ratios, v)
				}
			}
			writeRow(w, append(cells, formatRatio(median(ratios), len(ratios) > 0)))
		}
	}
}

// anyRatio reports whether column c has a ratio to PyTorch in any row of any round.
func anyRatio(rounds []*table, c string) bool {
	for _, t := range rounds {
		for _, row := range t.rows {
			if _, ok := t.ratioValue(row, c, colTorch); ok {
				return true
			}
		}
	}
	return false
}
