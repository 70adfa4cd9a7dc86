package opencl_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
	"github.com/kernreg/kernreg/kernels/gpu"
)

// snake is a plane of horizontal stripes every other row, joined alternately at the
// right and the left end: one component whose union-find paths run back and forth
// across the whole image.
func snake(ny, nx int) []float32 {
	d := make([]float32, ny*nx)
	for y := 0; y < ny; y += 2 {
		for x := 0; x < nx; x++ {
			d[y*nx+x] = 1
		}
		if y+1 < ny {
			end := nx - 1
			if y%4 == 2 {
				end = 0
			}
			d[(y+1)*nx+end] = 1
		}
	}
	return d
}

// spiral is a plane with a square spiral of 1-pixel wall, 1 pixel apart, winding inward
// from the top left corner to the middle: one component, n*n/2 pixels long.
func spiral(n int) []float32 {
	d := make([]float32, n*n)
	dirs := [][2]int{{0, 1}, {1, 0}, {0, -1}, {-1, 0}}
	y, x := 0, 0
	d[0] = 1
	// Legs: n-1 right, n-1 down, n-1 left, then two legs each of n-3, n-5, ...
	for k := 0; ; k++ {
		l := n - 1
		if k > 0 {
			l -= 2 * ((k - 1) / 2)
		}
		if l < 2 {
			break
		}
		for range l {
			y, x = y+dirs[k%4][0], x+dirs[k%4][1]
			d[y*n+x] = 1
		}
	}
	return d
}

// percolating is random foreground near the percolation threshold: a few huge, ragged
// components and many small ones.
func percolating(n int, p float64, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 9))
	d := make([]float32, n)
	for i := range d {
		if rng.Float64() < p {
			d[i] = float32(1 + rng.IntN(3))
		}
	}
	return d
}

// TestLabelLarge labels large images with long, winding components (the hard case for
// union-find) on the device and compares every label with kernels/cpu's.
func TestLabelLarge(t *testing.T) {
	d := needDevice(t)
	type tc struct {
		name  string
		shape []int
		data  []float32
		one   bool // one component: a check that the image is what it says
	}
	cases := []tc{
		{"snake", []int{1024, 1024}, snake(1024, 1024), true},
		{"spiral", []int{1024, 1024}, spiral(1024), true},
		{"percolating", []int{1024, 1024}, percolating(1<<20, 0.59, 1), false},
		{"percolating3d", []int{32, 128, 128}, percolating(32*128*128, 0.3, 2), false},
		{"snake3d", []int{8, 256, 256}, slices.Repeat(snake(256, 256), 8), true},
	}
	if !testing.Short() {
		cases = append(cases,
			tc{"percolating2048", []int{2048, 2048}, percolating(1<<22, 0.59, 3), false},
			tc{"percolating64x512x512", []int{64, 512, 512}, percolating(64<<18, 0.25, 4), false})
	}
	for _, c := range cases {
		for conn := 1; conn <= len(c.shape); conn++ {
			t.Run(fmt.Sprintf("%s/c%d", c.name, conn), func(t *testing.T) {
				p := cpu.LabelParams{Connectivity: conn}
				want := make([]uint32, len(c.data))
				err := cpu.Label(cpu.LabelArray{Data: want, Shape: c.shape}, cpu.Array{Data: c.data, Shape: c.shape}, p)
				if err != nil {
					t.Fatal(err)
				}
				if c.one && slices.Max(want) != 1 {
					t.Fatalf("cpu finds %d components, want 1", slices.Max(want))
				}
				got := labelOnDevice(t, d, c.shape, c.data, p)
				if bad := firstDiff(got, want); bad >= 0 {
					t.Fatalf("pixel %d: got label %d, want %d (of %d labels)", bad, got[bad], want[bad], slices.Max(want))
				}
			})
		}
	}
}

func labelOnDevice(t *testing.T, d gpu.Device, shape []int, data []float32, p cpu.LabelParams) []uint32 {
	t.Helper()
	n := len(data)
	src, err := d.Alloc(int64(n) * 4)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Release()
	dst, err := d.Alloc(int64(n) * 4)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Release()
	if err := gpu.Upload(src, 0, data); err != nil {
		t.Fatal(err)
	}
	if err := gpu.Label(gpu.LabelArray{View: gpu.View{Buf: dst, Shape: shape}}, gpu.Array{View: gpu.View{Buf: src, Shape: shape}}, p); err != nil {
		t.Fatal(err)
	}
	got := make([]uint32, n)
	if err := gpu.Download(dst, 0, got); err != nil {
		t.Fatal(err)
	}
	return got
}

func firstDiff(a, b []uint32) int {
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return -1
}

// TestLabelMapsSparse runs the label-map ops on labels spread over the whole uint32 range
// (2^32-1 included: the sort's padding value), so the device sorts instead of counting
// in a table, and compares with kernels/cpu; an offset that overflows fails as on cpu.
func TestLabelMapsSparse(t *testing.T) {
	d := needDevice(t)
	shape := []int{37, 301}
	rng := rand.New(rand.NewPCG(5, 6))
	vals := []uint32{0, 0, 0, 7, 1 << 31, math.MaxUint32, math.MaxUint32 - 1, 123456789}
	for range 40 {
		vals = append(vals, rng.Uint32())
	}
	src := make([]uint32, 37*301)
	for i := range src {
		src[i] = vals[rng.IntN(len(vals))]
	}
	ops := map[string]func(dst, src []uint32, onGPU bool) error{
		"relabel_sequential": func(dst, s []uint32, onGPU bool) error {
			p := cpu.RelabelParams{Offset: 3}
			if onGPU {
				return gpuLabels(d, shape, dst, s, func(a, b gpu.LabelArray) error { return gpu.RelabelSequential(a, b, p) })
			}
			return cpu.RelabelSequential(cpu.LabelArray{Data: dst, Shape: shape}, cpu.LabelArray{Data: s, Shape: shape}, p)
		},
		"relabel_sequential_overflow": func(dst, s []uint32, onGPU bool) error {
			p := cpu.RelabelParams{Offset: math.MaxUint32 - 10}
			if onGPU {
				return gpuLabels(d, shape, dst, s, func(a, b gpu.LabelArray) error { return gpu.RelabelSequential(a, b, p) })
			}
			return cpu.RelabelSequential(cpu.LabelArray{Data: dst, Shape: shape}, cpu.LabelArray{Data: s, Shape: shape}, p)
		},
		"remove_small_labels": func(dst, s []uint32, onGPU bool) error {
			p := cpu.SizeParamsMin{MinimumSize: 250.5}
			if onGPU {
				return gpuLabels(d, shape, dst, s, func(a, b gpu.LabelArray) error { return gpu.RemoveSmallLabels(a, b, p) })
			}
			return cpu.RemoveSmallLabels(cpu.LabelArray{Data: dst, Shape: shape}, cpu.LabelArray{Data: s, Shape: shape}, p)
		},
		"remove_large_labels": func(dst, s []uint32, onGPU bool) error {
			p := cpu.SizeParamsMax{MaximumSize: 250}
			if onGPU {
				return gpuLabels(d, shape, dst, s, func(a, b gpu.LabelArray) error { return gpu.RemoveLargeLabels(a, b, p) })
			}
			return cpu.RemoveLargeLabels(cpu.LabelArray{Data: dst, Shape: shape}, cpu.LabelArray{Data: s, Shape: shape}, p)
		},
	}
	for name, run := range ops {
		want, got := make([]uint32, len(src)), make([]uint32, len(src))
		werr, gerr := run(want, src, false), run(got, src, true)
		if fmt.Sprint(werr) != fmt.Sprint(gerr) {
			t.Errorf("%s: error %v, cpu's %v", name, gerr, werr)
			continue
		}
		if (werr != nil) != strings.HasSuffix(name, "_overflow") {
			t.Errorf("%s: cpu error %v", name, werr)
		}
		if werr != nil {
			continue
		}
		if bad := firstDiff(got, want); bad >= 0 {
			t.Errorf("%s: pixel %d (label %d): got %d, want %d", name, bad, src[bad], got[bad], want[bad])
		}
	}
}

// gpuLabels runs fn(dst, src) on device copies of label images.
func gpuLabels(d gpu.Device, shape []int, dst, src []uint32, fn func(dst, src gpu.LabelArray) error) error {
	bufs := make([]gpu.Buffer, 2)
	for i := range bufs {
		b, err := d.Alloc(int64(len(src)) * 4)
		if err != nil {
			return err
		}
		defer b.Release()
		bufs[i] = b
	}
	if err := gpu.Upload(bufs[1], 0, src); err != nil {
		return err
	}
	if err := fn(gpu.LabelArray{View: gpu.View{Buf: bufs[0], Shape: shape}}, gpu.LabelArray{View: gpu.View{Buf: bufs[1], Shape: shape}}); err != nil {
		return err
	}
	return gpu.Download(bufs[0], 0, dst)
}
