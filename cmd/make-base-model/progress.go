package main

import (
	"fmt"
	"io"
	"time"
)

// progress prints one line every `every` steps: the mean loss of those steps, the learning
// rate, throughput and the time left, estimated from the mean step time so far (the long-row
// phase at the end is slower per step, so the estimate is low until it starts).
type progress struct {
	out          io.Writer
	total, every int
	window       []float64
}

func newProgress(out io.Writer, total, every int) *progress {
	return &progress{out: out, total: total, every: every}
}

// step records a step's loss; at the end of a window (and at the last step) it prints a line
// and returns the window's mean loss and true.
func (p *progress) step(step, epoch int, r stepResult, rowLen, tokens int, elapsed time.Duration) (float64, bool) {
	p.window = append(p.window, r.Loss)
	if step%p.every != 0 && step != p.total {
		return 0, false
	}
	var sum float64
	for _, l := range p.window {
		sum += l
	}
	mean := sum / float64(len(p.window))
	p.window = p.window[:0]
	perStep := elapsed / time.Duration(step)
	eta := perStep * time.Duration(p.total-step)
	fmt.Fprintf(p.out, "      step %5d/%d  rows of %d  epoch %d  loss %.4f  lr %.2e  %6.0f tok/s  elapsed %s  eta %s\n",
		step, p.total, rowLen, epoch, mean, r.LearningRate, float64(tokens)/elapsed.Seconds(),
		elapsed.Round(time.Second), eta.Round(time.Second))
	return mean, true
}
