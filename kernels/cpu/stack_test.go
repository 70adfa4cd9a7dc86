package cpu

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSelectKth checks quickselect against sorting, on sizes around the insertion-sort
// cutoff and on inputs with many duplicates.
func TestSelectKth(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 3, 15, 16, 17, 18, 31, 64, 65, 200, 1001} {
		for _, levels := range []int{2, 7, 1 << 20} {
			a := make([]float32, n)
			for i := range a {
				a[i] = float32(rng.IntN(levels)) - float32(levels/2)
			}
			sorted := slices.Clone(a)
			slices.Sort(sorted)
			for _, k := range []int{0, n / 2, n - 1, rng.IntN(n)} {
				b := slices.Clone(a)
				if got := selectKth(b, k); got != sorted[k] {
					t.Fatalf("n=%d k=%d: got %v, want %v", n, k, got, sorted[k])
				}
				for i := range k {
					if b[i] > b[k] {
						t.Fatalf("n=%d k=%d: a[%d]=%v > a[k]=%v", n, k, i, b[i], b[k])
					}
				}
				for i := k + 1; i < n; i++ {
					if b[i] < b[k] {
						t.Fatalf("n=%d k=%d: a[%d]=%v < a[k]=%v", n, k, i, b[i], b[k])
					}
				}
			}
		}
	}
}

func TestZMedian(t *testing.T) {
	nan := float32(math.NaN())
	big := float32(3e38)
	for _, tc := range []struct {
		col  []float32
		want float32
	}{
		{[]float32{3}, 3},
		{[]float32{4, 1}, 2.5},
		{[]float32{5, 1, 4, 2}, 3},
		{[]float32{1, 2, 3, 4, 100, -100}, 2.5},
		{[]float32{big, big}, float32(math.Inf(1))}, // float32(lo+hi)/2 overflows, as in numpy
		{[]float32{1, nan, 3}, nan},
		{[]float32{float32(math.Inf(-1)), float32(math.Inf(1))}, nan},
	} {
		got := zMedian(slices.Clone(tc.col))
		if !(got == tc.want || (got != got && tc.want != tc.want)) {
			t.Errorf("zMedian(%v) = %v, want %v", tc.col, got, tc.want)
		}
	}
}

// TestSubtractZMedianEven covers an even number of slices (the shared inputs all have an
// odd Z) and several pixel blocks, against a per-column sort.
func TestSubtractZMedianEven(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, nz := range []int{2, 4, 40} {
		ny, nx := 37, 41
		n := ny * nx
		v := Volume{Shape: []int{nz, ny, nx}, Data: make([]float32, nz*n)}
		for i := range v.Data {
			v.Data[i] = rng.Float32()*100 - 20
		}
		dst := Volume{Shape: v.Shape, Data: make([]float32, len(v.Data))}
		if err := SubtractZMedian(dst, v); err != nil {
			t.Fatal(err)
		}
		col := make([]float32, nz)
		for i := 0; i < n; i++ {
			for z := range col {
				col[z] = v.Data[z*n+i]
			}
			slices.Sort(col)
			med := (col[nz/2-1] + col[nz/2]) / 2
			for z := 0; z < nz; z++ {
				if got, want := dst.Data[z*n+i], v.Data[z*n+i]-med; got != want {
					t.Fatalf("nz=%d pixel %d z=%d: got %v, want %v", nz, i, z, got, want)
				}
			}
		}
	}
}

// TestBleachCorrectionRecoversDecay applies an exponential decay to a constant-mean stack
// and checks that the simple ratio method undoes it.
func TestBleachCorrectionRecoversDecay(t *testing.T) {
	nz, n := 8, 50*60
	v := Volume{Shape: []int{nz, 50, 60}, Data: make([]float32, nz*n)}
	rng := rand.New(rand.NewPCG(7, 8))
	base := make([]float32, n)
	for i := range base {
		base[i] = 100 + 50*rng.Float32()
	}
	const bg = 10
	for z := 0; z < nz; z++ {
		f := math.Exp(-0.2 * float64(z))
		for i, b := range base {
			v.Data[z*n+i] = float32(float64(b-bg)*f + bg)
		}
	}
	dst := Volume{Shape: v.Shape, Data: make([]float32, len(v.Data))}
	if err := BleachCorrection(dst, v, BleachCorrectionParams{Background: bg}); err != nil {
		t.Fatal(err)
	}
	for z := 0; z < nz; z++ {
		for i, b := range base {
			if got, want := float64(dst.Data[z*n+i]), float64(b-bg); math.Abs(got-want) > 1e-4*want {
				t.Fatalf("z=%d pixel %d: got %v, want %v", z, i, got, want)
			}
		}
	}
}

func TestStackShapeErrors(t *testing.T) {
	v := Volume{Shape: []int{2, 3, 4}, Data: make([]float32, 24)}
	bad := []Volume{
		{Shape: []int{2, 4, 3}, Data: make([]float32, 24)},
		{Shape: []int{2, 3, 4}, Data: make([]float32, 23)},
		{Shape: []int{6, 4}, Data: make([]float32, 24)},
	}
	for _, d := range bad {
		if err := SubtractZMedian(d, v); err == nil {
			t.Errorf("subtract_z_median: dst %v accepted for %v", d.Shape, v.Shape)
		}
		if err := BleachCorrection(d, v, BleachCorrectionParams{}); err == nil {
			t.Errorf("bleach_correction: dst %v accepted for %v", d.Shape, v.Shape)
		}
	}
	if err := SubtractZMedian(v, Volume{Shape: []int{6, 4}, Data: make([]float32, 24)}); err == nil {
		t.Error("subtract_z_median: a 2D image accepted as a volume")
	}
}
