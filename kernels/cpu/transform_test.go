package cpu_test

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
	"github.com/kernreg/kernreg/registry"
)

func trImage(shape []int, seed uint64) cpu.Array {
	n := 1
	for _, d := range shape {
		n *= d
	}
	rng := rand.New(rand.NewPCG(seed, 3))
	a := cpu.Array{Shape: shape, Data: make([]float32, n)}
	for i := range a.Data {
		a.Data[i] = rng.Float32()
	}
	return a
}

func trAlloc(shape []int) cpu.Array {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return cpu.Array{Shape: shape, Data: make([]float32, n)}
}

var trModes = []string{"constant", "grid-constant", "nearest", "reflect", "grid-mirror", "mirror", "wrap", "grid-wrap"}

// TestTransformErrors checks that bad parameters are errors that name the op and the
// problem, never panics.
func TestTransformErrors(t *testing.T) {
	img := trImage([]int{5, 6}, 1)
	same := trAlloc([]int{5, 6})
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"zoom zero", func() error { _, err := cpu.ZoomShape(img.Shape, cpu.ZoomParams{Zoom: []float64{0}}); return err }, "zoom must be finite and > 0"},
		{"zoom NaN", func() error {
			_, err := cpu.ZoomShape(img.Shape, cpu.ZoomParams{Zoom: []float64{math.NaN()}})
			return err
		}, "zoom must be finite"},
		{"zoom huge", func() error { _, err := cpu.ZoomShape(img.Shape, cpu.ZoomParams{Zoom: []float64{1e300}}); return err }, "2^40"},
		{"zoom count", func() error { _, err := cpu.ZoomShape(img.Shape, cpu.ZoomParams{Zoom: []float64{1, 2, 3}}); return err }, "want 1 or 2 values"},
		{"zoom dst", func() error { return cpu.Zoom(same, img, cpu.ZoomParams{Zoom: []float64{2}, Mode: "constant"}) }, "dst shape [5 6], want [10 12]"},
		{"zoom order", func() error {
			return cpu.Zoom(same, img, cpu.ZoomParams{Zoom: []float64{1}, Order: 6, Mode: "constant"})
		}, "order must be in [0, 5]"},
		{"zoom mode", func() error { return cpu.Zoom(same, img, cpu.ZoomParams{Zoom: []float64{1}, Mode: "edge"}) }, `mode must be one of`},
		{"zoom cval", func() error {
			return cpu.Zoom(same, img, cpu.ZoomParams{Zoom: []float64{1}, Mode: "constant", Cval: math.Inf(1)})
		}, "cval must be finite"},
		{"shift NaN", func() error {
			return cpu.Shift(same, img, cpu.ShiftParams{Shift: []float64{math.NaN()}, Mode: "constant"})
		}, "shift must be finite"},
		{"rotate axes", func() error {
			_, err := cpu.RotateShape(img.Shape, cpu.RotateParams{Angle: 3, Axes: []int{0, 2}})
			return err
		}, "not axes of a 2D image"},
		{"rotate same axis", func() error {
			_, err := cpu.RotateShape(img.Shape, cpu.RotateParams{Angle: 3, Axes: []int{1, -1}})
			return err
		}, "same axis twice"},
		{"rotate angle", func() error {
			_, err := cpu.RotateShape(img.Shape, cpu.RotateParams{Angle: math.Inf(1), Axes: []int{1, 0}})
			return err
		}, "angle must be finite"},
		{"affine matrix", func() error {
			return cpu.AffineTransform(same, img, cpu.AffineTransformParams{Matrix: []float64{1, 2, 3, 4, 5}, Offset: []float64{0}, OutputShape: []int{0}, Mode: "constant"})
		}, "a 2D matrix has 2 (diagonal), 4, 6 or 9 values, got 5"},
		{"affine homogeneous", func() error {
			return cpu.AffineTransform(same, img, cpu.AffineTransformParams{Matrix: []float64{1, 0, 0, 0, 1, 0, 0, 1, 1}, Offset: []float64{0}, OutputShape: []int{0}, Mode: "constant"})
		}, "bottom row [0 0 1]"},
		{"affine NaN", func() error {
			return cpu.AffineTransform(same, img, cpu.AffineTransformParams{Matrix: []float64{1, math.NaN()}, Offset: []float64{0}, OutputShape: []int{0}, Mode: "constant"})
		}, "must be finite"},
		{"affine output_shape", func() error {
			_, err := cpu.AffineTransformShape(img.Shape, cpu.AffineTransformParams{OutputShape: []int{4, 5, 6}})
			return err
		}, "must have 2 values"},
		{"spline order", func() error { return cpu.SplineFilter(same, img, cpu.SplineFilterParams{Order: 1, Mode: "mirror"}) }, "order must be in [2, 5]"},
		{"resize rank", func() error {
			_, err := cpu.ResizeShape(img.Shape, cpu.ResizeParams{OutputShape: []int{1, 2, 3}})
			return err
		}, "must have 2 (or 1) values"},
		{"resize empty", func() error {
			_, err := cpu.ResizeShape(img.Shape, cpu.ResizeParams{OutputShape: []int{0, 3}})
			return err
		}, "must be >= 1"},
		{"resize mode", func() error {
			return cpu.Resize(trAlloc([]int{2, 3}), img, cpu.ResizeParams{OutputShape: []int{2, 3}, Mode: "mirror", AntiAliasingSigma: []float64{-1}})
		}, "mode must be one of constant, edge, symmetric, reflect, wrap"},
		{"rescale scale", func() error {
			_, err := cpu.RescaleShape(img.Shape, cpu.RescaleParams{Scale: []float64{math.Inf(1)}})
			return err
		}, "scale must be finite"},
		{"crop all", func() error { _, err := cpu.CropShape(img.Shape, cpu.CropParams{CropWidth: []int{3}}); return err }, "leaves nothing of axis 0"},
		{"crop count", func() error {
			_, err := cpu.CropShape(img.Shape, cpu.CropParams{CropWidth: []int{1, 2, 3}})
			return err
		}, "got 3"},
		{"pad negative", func() error { _, err := cpu.PadShape(img.Shape, cpu.PadParams{PadWidth: []int{-1}}); return err }, "must be in [0, 2^40]"},
		{"downscale factor", func() error {
			_, err := cpu.DownscaleLocalMeanShape(img.Shape, cpu.DownscaleLocalMeanParams{Factors: []int{0}})
			return err
		}, "factors must be in [1, 2^40]"},
		{"transpose_xz 2D", func() error { _, err := cpu.TransposeXZShape([]int{3, 4}); return err }, "needs a 3D image"},
	}
	for _, tc := range tests {
		err := tc.run()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

// TestInterpolationExtremeCoordinates: coordinates far outside the image, in every mode
// and order, give finite results (or cval) and never index out of range.
func TestInterpolationExtremeCoordinates(t *testing.T) {
	img := trImage([]int{4, 5}, 2)
	for _, mode := range trModes {
		for order := 0; order <= 5; order++ {
			for _, s := range []float64{1e15, -1e15, 1e300, -1e300, 4.5e18} {
				dst := trAlloc(img.Shape)
				if err := cpu.Shift(dst, img, cpu.ShiftParams{Shift: []float64{s}, Order: order, Mode: mode, Prefilter: true}); err != nil {
					t.Fatalf("shift %v %s order %d: %v", s, mode, order, err)
				}
				rdst := trAlloc(img.Shape)
				p := cpu.AffineTransformParams{Matrix: []float64{s, 1, -1, s}, Offset: []float64{0}, OutputShape: []int{0}, Order: order, Mode: mode, Prefilter: true}
				if err := cpu.AffineTransform(rdst, img, p); err != nil {
					t.Fatalf("affine %v %s order %d: %v", s, mode, order, err)
				}
			}
		}
	}
}

// TestZoomIdentity: zoom 1 reproduces the image (the spline interpolates its samples),
// and an integer shift with order 1 moves pixels exactly. reflect and grid-mirror are
// left out: scipy's reflect prefilter is not an exact interpolant on short axes (zoom 1
// of this image differs by up to 5e-3 at order 5 in scipy too, and the conformance cases
// match scipy there).
func TestZoomIdentity(t *testing.T) {
	img := trImage([]int{3, 7, 8}, 3)
	for _, mode := range trModes {
		if mode == "reflect" || mode == "grid-mirror" {
			continue
		}
		for order := 0; order <= 5; order++ {
			dst := trAlloc(img.Shape)
			if err := cpu.Zoom(dst, img, cpu.ZoomParams{Zoom: []float64{1}, Order: order, Mode: mode, Prefilter: true}); err != nil {
				t.Fatal(err)
			}
			for i, v := range dst.Data {
				if math.Abs(float64(v-img.Data[i])) > 2e-6 {
					t.Fatalf("zoom 1 %s order %d: element %d = %v, want %v", mode, order, i, v, img.Data[i])
				}
			}
		}
	}
	dst := trAlloc(img.Shape)
	if err := cpu.Shift(dst, img, cpu.ShiftParams{Shift: []float64{0, 2, -1}, Order: 1, Mode: "constant", Cval: -7}); err != nil {
		t.Fatal(err)
	}
	for z := 0; z < 3; z++ {
		for y := 0; y < 7; y++ {
			for x := 0; x < 8; x++ {
				want := float32(-7)
				if y >= 2 && x+1 < 8 {
					want = img.Data[(z*7+y-2)*8+x+1]
				}
				if got := dst.Data[(z*7+y)*8+x]; got != want {
					t.Fatalf("shift (0, 2, -1) at (%d, %d, %d) = %v, want %v", z, y, x, got, want)
				}
			}
		}
	}
}

// TestRotateRightAngles: rotations by multiples of 90 degrees move pixels exactly, as
// scipy's degree-exact cosdg/sindg make them.
func TestRotateRightAngles(t *testing.T) {
	img := trImage([]int{5, 8}, 4)
	dst := trAlloc([]int{8, 5})
	if err := cpu.Rotate(dst, img, cpu.RotateParams{Angle: 90, Axes: []int{1, 0}, Reshape: true, Order: 3, Mode: "constant", Prefilter: true}); err != nil {
		t.Fatal(err)
	}
	// scipy.ndimage.rotate(a, 90) == numpy.rot90(a)
	for i := 0; i < 8; i++ {
		for j := 0; j < 5; j++ {
			want := img.Data[j*8+(7-i)]
			if got := dst.Data[i*5+j]; math.Abs(float64(got-want)) > 1e-6 {
				t.Fatalf("rotate 90 at (%d, %d) = %v, want %v", i, j, got, want)
			}
		}
	}
}

// TestResizeAntiAliasingDefault: with anti_aliasing on, axes that do not shrink are not
// smoothed, so an upscale equals the upscale without anti-aliasing (skimage's default).
func TestResizeAntiAliasingDefault(t *testing.T) {
	img := trImage([]int{9, 10}, 5)
	p := cpu.ResizeParams{OutputShape: []int{20, 23}, Order: 1, Mode: "reflect", Clip: true, AntiAliasing: true, AntiAliasingSigma: []float64{-1}}
	a, b := trAlloc([]int{20, 23}), trAlloc([]int{20, 23})
	if err := cpu.Resize(a, img, p); err != nil {
		t.Fatal(err)
	}
	p.AntiAliasing = false
	if err := cpu.Resize(b, img, p); err != nil {
		t.Fatal(err)
	}
	for i := range a.Data {
		if a.Data[i] != b.Data[i] {
			t.Fatalf("element %d: %v with anti-aliasing, %v without", i, a.Data[i], b.Data[i])
		}
	}
}

// TestTransformRegistryBounds: a zoom that would allocate more than MaxElements is an
// error from the registry, before any allocation.
func TestTransformRegistryBounds(t *testing.T) {
	in, err := registry.NewFloat32([]int{64, 64}, make([]float32, 64*64))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		op     string
		params registry.Values
	}{
		{"zoom", registry.Values{"zoom": "1e6"}},
		{"pad", registry.Values{"pad_width": "1000000000"}},
		{"rescale", registry.Values{"scale": "1e7"}},
	} {
		_, err := registry.Call(context.Background(), "cpu:"+tc.op, in, tc.params)
		if err == nil || !strings.Contains(err.Error(), "MaxElements") {
			t.Errorf("%s %v: got %v, want a MaxElements error", tc.op, tc.params, err)
		}
	}
}
