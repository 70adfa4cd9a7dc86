package cpu_test

import (
	"math/rand/v2"
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// Benchmarks of the transform and intensity families (transform.go, resize.go,
// intensity.go, clahe.go) on a 2048x2048 image and a 64x512x512 stack (skipped with
// -short), random values in [0, 1). dst is allocated once, outside the timed loop.
// cpu-ns/op is the process's CPU time per op (both cores together): on a loaded machine
// it still measures the work, where ns/op measures the load too.

func trBenchImage(shape []int) cpu.Array {
	a := trAlloc(shape)
	rng := rand.New(rand.NewPCG(17, 5))
	for i := range a.Data {
		a.Data[i] = rng.Float32()
	}
	return a
}

// benchShaped times fn on both shapes; out gives the output shape for an input shape.
func benchShaped(b *testing.B, out func(in []int) []int, fn func(dst, src cpu.Array) error) {
	for _, s := range filtBenchShapes {
		b.Run(s.name, func(b *testing.B) {
			if len(s.shape) == 3 && testing.Short() {
				b.Skip("3D benchmark skipped with -short")
			}
			src := trBenchImage(s.shape)
			dst := trAlloc(out(s.shape))
			b.SetBytes(int64(4 * (len(src.Data) + len(dst.Data))))
			cpu0, ok := processCPUTime()
			for b.Loop() {
				if err := fn(dst, src); err != nil {
					b.Fatal(err)
				}
			}
			if cpu1, _ := processCPUTime(); ok {
				b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}

func sameShapeOut(in []int) []int { return in }

func BenchmarkZoom(b *testing.B) {
	for _, order := range []int{1, 3} {
		p := cpu.ZoomParams{Zoom: []float64{2}, Order: order, Mode: "constant", Prefilter: true}
		b.Run(map[int]string{1: "order1", 3: "order3"}[order], func(b *testing.B) {
			benchShaped(b, func(in []int) []int { s, _ := cpu.ZoomShape(in, p); return s },
				func(dst, src cpu.Array) error { return cpu.Zoom(dst, src, p) })
		})
	}
}

// BenchmarkRotate rotates by 30 degrees (order 3, reshape) in the Y-X plane: the image,
// or each slice of the stack (axes 1, 2).
func BenchmarkRotate(b *testing.B) {
	params := func(in []int) cpu.RotateParams {
		axes := []int{1, 0}
		if len(in) == 3 {
			axes = []int{1, 2}
		}
		return cpu.RotateParams{Angle: 30, Axes: axes, Reshape: true, Order: 3, Mode: "constant", Prefilter: true}
	}
	benchShaped(b, func(in []int) []int { s, _ := cpu.RotateShape(in, params(in)); return s },
		func(dst, src cpu.Array) error { return cpu.Rotate(dst, src, params(src.Shape)) })
}

// BenchmarkAffineTransform applies a general (non-diagonal) matrix with order 3 in 2D and
// order 1 in 3D.
func BenchmarkAffineTransform(b *testing.B) {
	params := func(in []int) cpu.AffineTransformParams {
		if len(in) == 3 {
			return cpu.AffineTransformParams{Matrix: []float64{1, 0.05, 0, 0.02, 0.9, 0.3, 0, -0.25, 1.1},
				Offset: []float64{1, 10, -20}, OutputShape: []int{0}, Order: 1, Mode: "constant", Prefilter: true}
		}
		return cpu.AffineTransformParams{Matrix: []float64{0.9, 0.3, -0.25, 1.1}, Offset: []float64{10, -20},
			OutputShape: []int{0}, Order: 3, Mode: "constant", Prefilter: true}
	}
	benchShaped(b, sameShapeOut, func(dst, src cpu.Array) error { return cpu.AffineTransform(dst, src, params(src.Shape)) })
}

func BenchmarkShift(b *testing.B) {
	p := cpu.ShiftParams{Shift: []float64{0.5, 1.25, -2.75}, Order: 3, Mode: "reflect", Prefilter: true}
	benchShaped(b, sameShapeOut, func(dst, src cpu.Array) error {
		q := p
		q.Shift = p.Shift[3-len(src.Shape):]
		return cpu.Shift(dst, src, q)
	})
}

func BenchmarkResizeHalf(b *testing.B) {
	p := cpu.ResizeParams{Order: 1, Mode: "reflect", Clip: true, AntiAliasing: true, AntiAliasingSigma: []float64{-1}}
	half := func(in []int) []int {
		out := make([]int, len(in))
		for i, d := range in {
			out[i] = d / 2
		}
		return out
	}
	benchShaped(b, half, func(dst, src cpu.Array) error {
		q := p
		q.OutputShape = dst.Shape
		return cpu.Resize(dst, src, q)
	})
}

func BenchmarkEqualizeHist(b *testing.B) {
	benchShaped(b, sameShapeOut, func(dst, src cpu.Array) error {
		return cpu.EqualizeHist(dst, src, cpu.EqualizeHistParams{Nbins: 256})
	})
}

func BenchmarkEqualizeAdapthist(b *testing.B) {
	benchShaped(b, sameShapeOut, func(dst, src cpu.Array) error {
		return cpu.EqualizeAdapthist(dst, src, cpu.EqualizeAdapthistParams{KernelSize: []int{0}, ClipLimit: 0.01, Nbins: 256})
	})
}

func BenchmarkMatchHistograms(b *testing.B) {
	refs := map[int]cpu.Array{}
	benchShaped(b, sameShapeOut, func(dst, src cpu.Array) error {
		ref, ok := refs[len(src.Data)]
		if !ok {
			ref = trAlloc(src.Shape)
			for i, v := range src.Data {
				ref.Data[i] = v * v // another distribution on the same shape
			}
			refs[len(src.Data)] = ref
		}
		return cpu.MatchHistograms(dst, src, ref)
	})
}
