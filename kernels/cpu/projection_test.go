package cpu_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// projNaive computes a projection of one column the obvious way, in float64.
func projNaive(op string, col []float32) float32 {
	hasNaN, firstNaN := false, -1
	for z, v := range col {
		if v != v && !hasNaN {
			hasNaN, firstNaN = true, z
		}
	}
	switch op {
	case "max", "min":
		if hasNaN {
			return float32(math.NaN())
		}
		m := col[0]
		for _, v := range col {
			if (op == "max" && v > m) || (op == "min" && v < m) {
				m = v
			}
		}
		return m
	case "argmax", "argmin":
		if hasNaN {
			return float32(firstNaN)
		}
		best := 0
		for z, v := range col {
			if (op == "argmax" && v > col[best]) || (op == "argmin" && v < col[best]) {
				best = z
			}
		}
		return float32(best)
	}
	s := 0.0
	for _, v := range col {
		s += float64(v)
	}
	mean := s / float64(len(col))
	switch op {
	case "sum":
		return float32(s)
	case "mean":
		return float32(mean)
	}
	ss := 0.0
	for _, v := range col {
		ss += (float64(v) - mean) * (float64(v) - mean)
	}
	return float32(math.Sqrt(ss / float64(len(col))))
}

// TestProjectionsNaive compares every projection with a per-column loop on a volume with
// several pixel blocks, ties and NaNs at various depths.
func TestProjectionsNaive(t *testing.T) {
	nz, ny, nx := 6, 67, 71 // 4757 pixels: three blocks, the last one partial
	rng := rand.New(rand.NewPCG(1, 2))
	v := cpu.Volume{Shape: []int{nz, ny, nx}, Data: make([]float32, nz*ny*nx)}
	for i := range v.Data {
		v.Data[i] = float32(rng.IntN(5)) // many ties
	}
	n := ny * nx
	for _, p := range []struct{ z, i int }{{0, 5}, {3, 5}, {5, 100}, {2, 4000}, {4, 4000}, {5, n - 1}} {
		v.Data[p.z*n+p.i] = float32(math.NaN())
	}
	v.Data[1*n+7] = float32(math.Inf(1))
	v.Data[2*n+8] = float32(math.Inf(-1))
	ops := map[string]func(cpu.Plane, cpu.Volume) error{
		"max": cpu.MaximumZProjection, "min": cpu.MinimumZProjection,
		"sum": cpu.SumZProjection, "mean": cpu.MeanZProjection, "std": cpu.StdZProjection,
		"argmax": cpu.ZPositionOfMaximumZProjection, "argmin": cpu.ZPositionOfMinimumZProjection,
	}
	col := make([]float32, nz)
	for name, fn := range ops {
		dst := cpu.Plane{Shape: []int{ny, nx}, Data: make([]float32, n)}
		for i := range dst.Data {
			dst.Data[i] = 12345 // must be overwritten
		}
		if err := fn(dst, v); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < n; i++ {
			for z := range col {
				col[z] = v.Data[z*n+i]
			}
			want := projNaive(name, col)
			got := dst.Data[i]
			if !(got == want || (got != got && want != want)) {
				t.Errorf("%s at pixel %d of column %v: got %v, want %v", name, i, col, got, want)
				break
			}
		}
	}
}

func TestProjectionShapeErrors(t *testing.T) {
	v := cpu.Volume{Shape: []int{2, 3, 4}, Data: make([]float32, 24)}
	for _, dst := range []cpu.Plane{
		{Shape: []int{4, 3}, Data: make([]float32, 12)},
		{Shape: []int{3, 4}, Data: make([]float32, 11)},
		{Shape: []int{1, 3, 4}, Data: make([]float32, 12)},
	} {
		if err := cpu.MaximumZProjection(dst, v); err == nil {
			t.Errorf("dst %v accepted for a %v volume", dst.Shape, v.Shape)
		}
	}
	flat := cpu.Volume{Shape: []int{3, 4}, Data: make([]float32, 12)}
	if err := cpu.StdZProjection(cpu.Plane{Shape: []int{3, 4}, Data: make([]float32, 12)}, flat); err == nil {
		t.Error("2D image accepted as a volume")
	}
}
