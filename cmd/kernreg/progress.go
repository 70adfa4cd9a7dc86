package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// isTerminal reports whether w is a terminal (a character device), where a progress bar
// can redraw itself; logs and pipes get plain lines instead.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressBar draws "[=====>    ] 12/40 A03  0:12, about 0:30 left" on one terminal
// line. Written to as an io.Writer, it prints the text above the bar.
type progressBar struct {
	w           io.Writer
	start       time.Time
	done, total int
	image       string
	drawn       bool
}

const barWidth = 30

func (p *progressBar) update(done, total int, image string) {
	if p.start.IsZero() {
		p.start = time.Now()
	}
	p.done, p.total, p.image = done, total, image
	p.draw()
}

func (p *progressBar) draw() {
	if p.total == 0 {
		return
	}
	fill := barWidth * p.done / p.total
	bar := strings.Repeat("=", fill)
	if fill < barWidth {
		bar += ">" + strings.Repeat(" ", barWidth-fill-1)
	}
	elapsed := time.Since(p.start)
	eta := ""
	if p.done > 0 && p.done < p.total {
		left := time.Duration(float64(elapsed) / float64(p.done) * float64(p.total-p.done))
		eta = ", about " + clock(left) + " left"
	}
	fmt.Fprintf(p.w, "\r\033[K[%s] %d/%d %s  %s%s", bar, p.done, p.total, p.image, clock(elapsed), eta)
	p.drawn = true
}

// Write prints log text above the bar.
func (p *progressBar) Write(b []byte) (int, error) {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
	n, err := p.w.Write(b)
	p.draw()
	return n, err
}

func (p *progressBar) finish() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}

func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
