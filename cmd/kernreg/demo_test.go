package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/imageio"
	"github.com/kernreg/kernreg/registry"
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
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Errorf("%s: %dx%d, want %dx%d", path, b.Dx(), b.Dy(), w, h)
	}
	return img
}

// The demo machinery, run on the test operations so that it does not depend on which
// real operations exist.
func TestDemoPipeline(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "demo")
	var out bytes.Buffer
	d := demo{
		steps: []demoStep{
			{op: "clitest_mip", input: "input", output: "input_mip", scale: imageio.Percentile, preview: "a.png"},
			{op: "clitest_scale", input: "input", output: "scaled", params: registry.Values{"factor": "0.5"}, preview: "b.png"},
			{op: "clitest_threshold", input: "scaled", output: "mask", params: registry.Values{"level": "100"}, labels: true, preview: "c.png"},
			// mask is uint32 and clitest_mip takes float32: converted there and back.
			{op: "clitest_mip", input: "mask", output: "mask_mip", labels: true, preview: "d.png"},
		},
		backend: "auto", dir: dir, w: &out,
	}
	input, _ := sampleCells(6, 32, 40, 3)
	if err := d.run(context.Background(), input, "3 nuclei"); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, w := range []string{
		"synthetic float32 6x32x40 (host) stack with 3 nuclei",
		"scaled = clitest_scale(input, factor=0.5)", "cpu",
		"mask = clitest_threshold(scaled, level=100)", "uint32 6x32x40 (host), 1 labels", "c.png (slice z=3)",
		"mask_mip = clitest_mip(mask)", "uint32 32x40 (host), 1 labels", "d.png\n",
		"wrote 4 previews and input.npy to ",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("output does not contain %q:\n%s", w, text)
		}
	}
	for _, name := range []string{"a.png", "b.png", "c.png", "d.png"} {
		img := decodePNG(t, filepath.Join(dir, name), 40, 32)
		_, grey := img.(*image.Gray)
		if wantGrey := name < "c"; grey != wantGrey {
			t.Errorf("%s: %T, want grey %v", name, img, wantGrey)
		}
	}
	if got := readArray(t, filepath.Join(dir, "input.npy")); !got.Shape().Equal(registry.Shape{6, 32, 40}) {
		t.Errorf("input.npy = %v", got)
	}
}

func TestDemoMissingOperation(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	d := demo{
		steps: []demoStep{
			{op: "clitest_scale", input: "input", output: "a", preview: "a.png"},
			{op: "no_such_op", input: "a", output: "b", preview: "b.png"},
			{op: "clitest_gpu_only_not_either", input: "b", output: "c", preview: "c.png"},
		},
		backend: "auto", dir: dir, w: &bytes.Buffer{},
	}
	input, _ := sampleCells(2, 8, 8, 1)
	err := d.run(context.Background(), input, "")
	if err == nil || !strings.Contains(err.Error(), "needs operation(s) that this build does not register: no_such_op, clitest_gpu_only_not_either") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("demo wrote %s before failing", dir)
	}
}

// The real demo, with the operations this build has: it succeeds, or it names exactly
// the operations it lacks.
func TestDemo(t *testing.T) {
	var missing []string
	names := registry.Names()
	for _, s := range demoPipeline {
		if !slices.Contains(names, s.op) && !slices.Contains(missing, s.op) {
			missing = append(missing, s.op)
		}
	}
	dir := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runCLI(t, "demo", "--out", dir)
	if len(missing) > 0 {
		if code != exitFailure {
			t.Fatalf("exit %d, want 1 with operations missing: %v", code, missing)
		}
		checkOneLineError(t, stderr, "does not register: "+strings.Join(missing, ", "))
		t.Skipf("demo needs %v, which this build does not register yet", missing)
	}
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, s := range demoPipeline {
		decodePNG(t, filepath.Join(dir, s.preview), sampleX, sampleY)
		if !strings.Contains(stdout, s.preview) {
			t.Errorf("output does not mention %s:\n%s", s.preview, stdout)
		}
	}
	if !strings.Contains(stdout, "wrote 6 previews") {
		t.Errorf("output:\n%s", stdout)
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
