// Package progress shows how far a long loop has come: a redrawn bar on a terminal, and a
// plain line every tenth of the way elsewhere (log files, notebooks, CI), where a bar would
// print a wall of carriage returns.
package progress

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
)

// Bar reports progress on total units of work.
type Bar struct {
	out      io.Writer
	desc     string
	total    int
	bar      *progressbar.ProgressBar
	start    time.Time
	lastTick int // the last tenth printed, for plain output
}

// New starts a bar over total units; out nil prints nothing.
func New(out io.Writer, total int, desc string) *Bar {
	b := &Bar{out: out, desc: desc, total: total, start: time.Now()}
	if out != nil && IsTerminal(out) {
		b.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(out),
			progressbar.OptionSetDescription(desc),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionClearOnFinish(),
		)
	}
	return b
}

// Set records that done units are finished.
func (b *Bar) Set(done int) {
	switch {
	case b.out == nil:
	case b.bar != nil:
		_ = b.bar.Set(done)
	case b.total > 0:
		tick := done * 10 / b.total
		if tick > b.lastTick {
			b.lastTick = tick
			fmt.Fprintf(b.out, "  %s: %d/%d (%.0fs)\n", b.desc, done, b.total, time.Since(b.start).Seconds())
		}
	}
}

// Finish closes the bar.
func (b *Bar) Finish() {
	if b.bar != nil {
		_ = b.bar.Finish()
	}
}

// IsTerminal reports whether w is a character device (a terminal), where a bar can redraw.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
