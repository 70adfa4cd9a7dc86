// Package report writes the HTML report of a pipeline run: per image, before/after
// previews; the measurement table; and a chart of the time each step took.
package report

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"os"
	"path/filepath"
	"sort"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/kernreg/kernreg/internal/atomicfile"
)

// Report is what a run hands over. Paths of previews are relative to the report's
// directory.
type Report struct {
	Title       string
	Summary     []string // lines shown under the title (input, backend, conversions)
	Images      []Image
	Steps       []Step
	Columns     []string    // the measurement table, if the pipeline measures
	Rows        [][]float64 // one row per object
	RowImages   []string    // the image each row belongs to (same length as Rows)
	MaxRows     int         // rows shown in the HTML (0: 200); the CSV has them all
	MeasureFile string      // the CSV with every row, relative to the report
}

// Image is one input image with its previews, in pipeline order.
type Image struct {
	Name     string
	Previews []Preview
}

// Preview is one PNG of a step's result.
type Preview struct {
	Caption string
	File    string
}

// Step is one executed step, summed over every image.
type Step struct {
	Name    string        // the step's result name
	Op      string        // operation
	Backend string        // the library that ran it
	Time    time.Duration // total over all images
}

// Write writes DIR/index.html and DIR/timing.png and returns the HTML's path. Files are
// written to temporary names and renamed, so a failed run leaves no half-written report.
func Write(dir string, r *Report) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	chart := ""
	if len(r.Steps) > 0 {
		png, err := timingChart(r.Steps)
		if err != nil {
			return "", fmt.Errorf("timing chart: %w", err)
		}
		if err := atomicfile.WriteBytes(filepath.Join(dir, "timing.png"), png, false); err != nil {
			return "", err
		}
		chart = "timing.png"
	}
	maxRows := r.MaxRows
	if maxRows <= 0 {
		maxRows = 200
	}
	shown := min(len(r.Rows), maxRows)
	data := struct {
		*Report
		Chart  string
		Shown  int
		Total  int
		Rows   [][]string
		Totals time.Duration
	}{Report: r, Chart: chart, Shown: shown, Total: len(r.Rows)}
	for i := range shown {
		row := make([]string, 0, len(r.Rows[i])+1)
		if len(r.RowImages) == len(r.Rows) {
			row = append(row, r.RowImages[i])
		}
		for _, v := range r.Rows[i] {
			row = append(row, formatNumber(v))
		}
		data.Rows = append(data.Rows, row)
	}
	for _, s := range r.Steps {
		data.Totals += s.Time
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, data); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "index.html")
	return path, atomicfile.WriteBytes(path, buf.Bytes(), false)
}

func formatNumber(v float64) string {
	if v == float64(int64(v)) && v < 1e15 && v > -1e15 {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.4g", v)
}

// timingChart draws one horizontal bar per step, in milliseconds.
func timingChart(steps []Step) ([]byte, error) {
	p := plot.New()
	p.Title.Text = "time per step (all images)"
	p.X.Label.Text = "milliseconds"
	vals := make(plotter.Values, len(steps))
	names := make([]string, len(steps))
	// Bars from the top down in pipeline order: gonum draws the first value at the bottom.
	for i, s := range steps {
		j := len(steps) - 1 - i
		vals[j] = float64(s.Time.Microseconds()) / 1000
		names[j] = fmt.Sprintf("%s (%s, %s)", s.Name, s.Op, s.Backend)
	}
	bars, err := plotter.NewBarChart(vals, vg.Points(14))
	if err != nil {
		return nil, err
	}
	bars.Horizontal = true
	bars.LineStyle.Width = 0
	bars.Color = color.RGBA{R: 70, G: 130, B: 180, A: 255}
	p.Add(bars)
	p.NominalY(names...)
	h := vg.Length(60+22*len(steps)) * vg.Millimeter / 4
	w, err := p.WriterTo(7*vg.Inch, max(h, 2*vg.Inch), "png")
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// SortSteps orders steps by pipeline position when they were collected from a map.
func SortSteps(steps []Step, order map[string]int) {
	sort.SliceStable(steps, func(i, j int) bool { return order[steps[i].Name] < order[steps[j].Name] })
}

var page = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
.previews { display: flex; flex-wrap: wrap; gap: 1em; }
figure { margin: 0; } figure img { width: 220px; image-rendering: pixelated; border: 1px solid #ccc; }
figcaption { font-size: 0.85em; color: #555; max-width: 220px; }
table { border-collapse: collapse; font-size: 0.85em; }
td, th { border: 1px solid #ddd; padding: 2px 6px; text-align: right; }
th { background: #f4f4f4; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{range .Summary}}<p>{{.}}</p>
{{end}}
{{if .Chart}}<h2>Timing</h2>
<p>Total {{.Totals}} over {{len .Steps}} steps.</p>
<img src="{{.Chart}}" alt="time per step">
<table><tr><th>step</th><th>operation</th><th>backend</th><th>time</th></tr>
{{range .Steps}}<tr><td>{{.Name}}</td><td>{{.Op}}</td><td>{{.Backend}}</td><td>{{.Time}}</td></tr>
{{end}}</table>{{end}}
{{range .Images}}<h2>{{.Name}}</h2>
<div class="previews">
{{range .Previews}}<figure><img src="{{.File}}" alt="{{.Caption}}"><figcaption>{{.Caption}}</figcaption></figure>
{{end}}</div>
{{end}}
{{if .Columns}}<h2>Measurements</h2>
<p>{{.Total}} objects{{if lt .Shown .Total}}, the first {{.Shown}} shown{{end}}{{if .MeasureFile}}; all in <a href="{{.MeasureFile}}">{{.MeasureFile}}</a>{{end}}.</p>
<table><tr>{{if .RowImages}}<th>image</th>{{end}}{{range .Columns}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>{{end}}
</body>
</html>
`))
