package report

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	r := &Report{
		Title:   "kernreg demo <plate>",
		Summary: []string{"2 images", "0 memory conversions"},
		Images:  []Image{{Name: "field_1", Previews: []Preview{{Caption: "input (max z)", File: "field_1/input.png"}}}},
		Steps: []Step{
			{Name: "background", Op: "subtract_gaussian_background", Backend: "cpu", Time: 12 * time.Millisecond},
			{Name: "labels", Op: "label", Backend: "cpu", Time: 3 * time.Millisecond},
		},
		Columns:     []string{"label", "area"},
		Rows:        [][]float64{{1, 52}, {2, 7.25}, {3, 1}},
		RowImages:   []string{"field_1", "field_1", "field_2"},
		MaxRows:     2,
		MeasureFile: "measurements.csv",
	}
	path, err := Write(dir, r)
	if err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(path)
	for _, want := range []string{
		"kernreg demo &lt;plate&gt;", // escaped
		`<img src="field_1/input.png" alt="input (max z)">`,
		"<td>background</td><td>subtract_gaussian_background</td><td>cpu</td><td>12ms</td>",
		"3 objects, the first 2 shown",
		"<td>field_1</td><td>2</td><td>7.25</td>",
		"Total 15ms over 2 steps",
	} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(string(html), "field_2") {
		t.Error("row beyond MaxRows shown")
	}
	f, err := os.Open(filepath.Join(dir, "timing.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil || img.Bounds().Dx() < 300 {
		t.Fatalf("timing chart: %v %v", img.Bounds(), err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
