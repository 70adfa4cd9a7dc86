package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/pipeline"
)

// decodePNG opens a preview and checks its size.
func decodePNG(t *testing.T, path string, w, h int) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if b := img.Bounds(); (w > 0 && b.Dx() != w) || (h > 0 && b.Dy() != h) {
		t.Errorf("%s: %dx%d, want %dx%d", path, b.Dx(), b.Dy(), w, h)
	}
	return img
}

// The real demo: the report, the previews of every field, and a measurement table whose
// nuclei count agrees with the nuclei the sample placed (touching ones merge).
func TestDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runCLI(t, "demo", "--out", dir)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "report: "+filepath.Join(dir, "index.html")) {
		t.Errorf("output does not say where the report is:\n%s", stdout)
	}
	html, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	perField := map[string]int{}
	csv, err := os.ReadFile(filepath.Join(dir, "nuclei.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	if !strings.HasPrefix(lines[0], "image,label,area,") {
		t.Fatalf("CSV header %q", lines[0])
	}
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		perField[f[0]]++
		if area, err := strconv.Atoi(f[2]); err != nil || area < 20 {
			t.Errorf("nucleus %s: area %q", l, f[2])
		}
	}
	for i := range demoFields {
		field := fmt.Sprintf("field_%d", i+1)
		_, placed := sampleCells(sampleZ, sampleY, sampleX, sampleNuclei+5*i)
		if n := perField[field]; n < len(placed)*7/10 || n > len(placed) {
			t.Errorf("%s: %d nuclei measured, %d placed", field, n, len(placed))
		}
		for _, p := range demoPreviews {
			file := filepath.Join(field, p.name+".png")
			decodePNG(t, filepath.Join(dir, file), sampleX, sampleY)
			if !bytes.Contains(html, []byte(`src="`+file+`"`)) {
				t.Errorf("report does not show %s", file)
			}
		}
	}
	for _, w := range []string{"timing.png", "subtract_gaussian_background", "<th>intensity_mean</th>", "nuclei.csv"} {
		if !bytes.Contains(html, []byte(w)) {
			t.Errorf("report lacks %q", w)
		}
	}
	decodePNG(t, filepath.Join(dir, "timing.png"), 672, 0) // 7 inches at 96 dpi
	if _, err := pipeline.LoadPlan(filepath.Join(dir, "pipeline.yaml"), pipeline.Options{}); err != nil {
		t.Errorf("the demo's pipeline.yaml does not load: %v", err)
	}
}

func TestSampleCells(t *testing.T) {
	a, cells := sampleCells(sampleZ, sampleY, sampleX, sampleNuclei)
	b, _ := sampleCells(sampleZ, sampleY, sampleX, sampleNuclei)
	if len(cells) != sampleNuclei {
		t.Errorf("%d nuclei, want %d", len(cells), sampleNuclei)
	}
	da, _ := a.Float32s()
	db, _ := b.Float32s()
	if !slices.Equal(da, db) {
		t.Fatal("sampleCells is not deterministic")
	}
	// Every nucleus is clearly brighter at its centre than the background at the corner.
	corner := float64(da[(sampleZ/2*sampleY)*sampleX])
	for i, c := range cells {
		v := float64(da[(int(c.z)*sampleY+int(c.y))*sampleX+int(c.x)])
		if v < corner+150 {
			t.Errorf("nucleus %d: centre %v, background %v", i, v, corner)
		}
	}
	for i, v := range da {
		if v < 0 || v != float32(int(v)) {
			t.Fatalf("voxel %d = %v, want a non-negative count", i, v)
		}
	}
}

// TestDemoBackendThatCannotRun: without a GPU the cuda backend is unavailable; with one it
// has no demo operations yet. Either way the demo fails cleanly and writes nothing.
func TestDemoBackendThatCannotRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runCLI(t, "demo", "--backend", "cuda", "--out", dir)
	if code != exitFailure {
		t.Errorf("exit %d, want 1", code)
	}
	checkOneLineError(t, stderr, "cuda")
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("demo created %s", dir)
	}
}
