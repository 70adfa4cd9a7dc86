package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/imageio/tiff"
	"github.com/kernreg/kernreg/registry"
)

// TestApplyTIFF runs apply on TIFF inputs and outputs: values and dtypes as with .npy,
// the pixel size carried over while the result keeps the input's Y x X.
func TestApplyTIFF(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	vals := []uint16{}
	for i := range 3 * 4 * 5 {
		vals = append(vals, uint16(i*1000))
	}
	img, err := tiff.NewImage([]int{3, 4, 5}, vals)
	if err != nil {
		t.Fatal(err)
	}
	img.Meta.PhysicalSizeX = tiff.Length{Value: 0.5, Unit: "µm"}
	img.Meta.PhysicalSizeY = tiff.Length{Value: 0.5, Unit: "µm"}
	img.Meta.PhysicalSizeZ = tiff.Length{Value: 2, Unit: "µm"}
	in := filepath.Join(dir, "in.tif")
	if err := tiff.WriteFile(in, img, &tiff.Options{Compression: tiff.LZW, Predictor: true}); err != nil {
		t.Fatal(err)
	}
	vol, err := img.Array()
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name, fn, out string
		params        registry.Values
		args          []string
		zKept         bool
	}{
		{"float result", "clitest_scale", "out.tif", nil, nil, true},
		{"label result", "clitest_threshold", "labels.tiff", registry.Values{"level": "5000"}, []string{"-p", "level=5000"}, true},
		{"plane result", "clitest_mip", "mip.TIF", nil, nil, false},
		{"npy result", "clitest_scale", "out.npy", nil, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), tc.out)
			args := append(append([]string{"apply"}, tc.args...), tc.fn, in, out)
			if code, stdout, stderr := runCLI(t, args...); code != 0 || stdout != "" || stderr != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
			}
			want, err := registry.CallN(ctx, tc.fn, []*registry.Array{vol}, tc.params)
			if err != nil {
				t.Fatal(err)
			}
			if !isTIFF(out) {
				sameArray(t, readArray(t, out), want)
				return
			}
			got, err := tiff.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			a, err := got.Array()
			if err != nil {
				t.Fatal(err)
			}
			sameArray(t, a, want)
			m := got.Meta
			if m.Source != "ome" || m.PhysicalSizeX != img.Meta.PhysicalSizeX || m.PhysicalSizeY != img.Meta.PhysicalSizeY {
				t.Errorf("metadata %+v", m)
			}
			if (m.PhysicalSizeZ == img.Meta.PhysicalSizeZ) != tc.zKept {
				t.Errorf("PhysicalSizeZ %v, kept %v, want kept %v", m.PhysicalSizeZ, !tc.zKept, tc.zKept)
			}
		})
	}

	// A multi-channel file is refused with the reason.
	two, _ := tiff.NewImage([]int{2, 4, 5}, make([]float32, 40))
	two.Meta = tiff.Metadata{SizeZ: 1, SizeC: 2, SizeT: 1, DimensionOrder: "XYZCT"}
	multi := filepath.Join(dir, "two.tif")
	if err := tiff.WriteFile(multi, two, nil); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "apply", "clitest_scale", multi, filepath.Join(dir, "x.tif"))
	if code != 1 || !strings.Contains(stderr, "two.tif: 2 channel(s) x 1 time point(s) of 1 slice(s) (from the ome metadata): apply takes one Z stack per file") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	// A corrupt TIFF names the file and the problem.
	bad := filepath.Join(dir, "bad.tif")
	writeFile(t, dir, "bad.tif", []byte("II*\x00\x00\x10\x00\x00"))
	code, _, stderr = runCLI(t, "apply", "clitest_scale", bad, filepath.Join(dir, "x.tif"))
	if code != 1 || !strings.Contains(stderr, "bad.tif: tiff: first IFD offset 4096 is outside the file (size 8)") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
