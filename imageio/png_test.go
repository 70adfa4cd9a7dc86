package imageio

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/registry"
)

func mustF32(t *testing.T, shape []int, d []float32) *registry.Array {
	t.Helper()
	a, err := registry.NewFloat32(shape, d)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func roundTrip(t *testing.T, a *registry.Array, s Scaling) image.Image {
	t.Helper()
	var buf bytes.Buffer
	if err := WritePNG(&buf, a, s); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return img
}

func greyAt(img image.Image, x, y int) uint8 {
	return color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y
}

func TestGreyScaling(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	for _, tc := range []struct {
		name  string
		data  []float32
		scale Scaling
		want  []uint8
	}{
		{"minmax", []float32{-1, 0, 1, 3}, MinMax, []uint8{0, 64, 128, 255}},
		{"nan and inf are ignored", []float32{nan, 2, 4, inf}, MinMax, []uint8{0, 0, 255, 255}},
		{"constant plane is black", []float32{7, 7, 7, 7}, MinMax, []uint8{0, 0, 0, 0}},
		{"all nan is black", []float32{nan, nan, nan, nan}, Percentile, []uint8{0, 0, 0, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img := roundTrip(t, mustF32(t, []int{2, 2}, tc.data), tc.scale)
			if b := img.Bounds(); b.Dx() != 2 || b.Dy() != 2 {
				t.Fatalf("bounds %v, want 2x2", b)
			}
			for i, w := range tc.want {
				if g := greyAt(img, i%2, i/2); g != w {
					t.Errorf("pixel %d = %d, want %d", i, g, w)
				}
			}
		})
	}
}

func TestPercentileClipsOutliers(t *testing.T) {
	// 0..99 plus one hot pixel: min/max scaling is dominated by it, percentile is not.
	d := make([]float32, 101)
	for i := range 100 {
		d[i] = float32(i)
	}
	d[100] = 1e6
	a := mustF32(t, []int{1, 101}, d)
	mm := roundTrip(t, a, MinMax)
	pc := roundTrip(t, a, Percentile)
	if g := greyAt(mm, 99, 0); g != 0 {
		t.Errorf("minmax: value 99 next to a hot pixel = %d, want 0", g)
	}
	if g := greyAt(pc, 50, 0); g < 120 || g > 135 {
		t.Errorf("percentile: value 50 = %d, want mid-grey", g)
	}
	if g := greyAt(pc, 100, 0); g != 255 {
		t.Errorf("percentile: hot pixel = %d, want 255", g)
	}
	if g := greyAt(pc, 0, 0); g != 0 {
		t.Errorf("percentile: value 0 = %d, want 0", g)
	}
}

func TestLabelColors(t *testing.T) {
	if c := LabelColor(0); c != (color.RGBA{A: 255}) {
		t.Errorf("LabelColor(0) = %v, want opaque black", c)
	}
	seen := map[color.RGBA]uint32{}
	for l := uint32(1); l <= 64; l++ {
		c := LabelColor(l)
		if c != LabelColor(l) {
			t.Fatalf("LabelColor(%d) is not deterministic", l)
		}
		if int(c.R)+int(c.G)+int(c.B) < 150 {
			t.Errorf("LabelColor(%d) = %v is too dark to tell from background", l, c)
		}
		if prev, dup := seen[c]; dup {
			t.Errorf("labels %d and %d share colour %v", prev, l, c)
		}
		seen[c] = l
	}

	lab, err := registry.NewUint32([]int{1, 2, 3}, []uint32{0, 1, 2, 3, 0, 1})
	if err != nil {
		t.Fatal(err)
	}
	img := roundTrip(t, lab, MinMax) // a 1-slice volume is accepted as a plane
	for i, l := range []uint32{0, 1, 2, 3, 0, 1} {
		r, g, b, _ := img.At(i%3, i/3).RGBA()
		w := LabelColor(l)
		if uint8(r>>8) != w.R || uint8(g>>8) != w.G || uint8(b>>8) != w.B {
			t.Errorf("pixel %d (label %d) = %v,%v,%v, want %v", i, l, r>>8, g>>8, b>>8, w)
		}
	}
}

func TestPreviewRejectsVolume(t *testing.T) {
	a := mustF32(t, []int{2, 2, 2}, make([]float32, 8))
	err := WritePNG(&bytes.Buffer{}, a, MinMax)
	if err == nil || !strings.Contains(err.Error(), "needs a plane") {
		t.Fatalf("WritePNG of a 2-slice volume: err = %v, want 'needs a plane'", err)
	}
}
