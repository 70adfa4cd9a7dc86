package cpu

import "fmt"

// lineFilter computes out[0:n] from a line padded by r elements on each side
// (padded[r+i] is element i).
type lineFilter func(padded, out []float64)

// separablePass applies f along one axis of a 2D or 3D array, reading src and writing dst
// (which may be the same slice: each line is read whole before it is written).
func separablePass(dst, src []float32, shape []int, axis, r int, m Mode, cval float64, f lineFilter) {
	n := shape[axis]
	stride := 1
	for _, d := range shape[axis+1:] {
		stride *= d
	}
	lines := len(src) / n
	if stride > 1 {
		blockedPass(dst, src, n, stride, r, m, cval, f)
		return
	}
	parallel(lines, max(1, 4096/n), func(lo, hi int) {
		buf := make([]float64, n+2*r)
		out := make([]float64, n)
		for l := lo; l < hi; l++ {
			off := (l/stride)*n*stride + l%stride
			padLine(buf, src, off, stride, n, r, m, cval)
			f(buf, out)
			for i, v := range out {
				dst[off+i*stride] = float32(v)
			}
		}
	})
}

// passBlock is how many adjacent lines blockedPass gathers at once.
const passBlock = 16

// blockedPass is separablePass along an axis with stride > 1: lines that are adjacent in
// memory are gathered passBlock at a time, so that each read and write of the array
// moves whole cache lines instead of one element per line. A block is read whole before
// it is written, so dst may be src.
func blockedPass(dst, src []float32, n, stride, r int, m Mode, cval float64, f lineFilter) {
	outer := len(src) / (n * stride)
	blocks := (stride + passBlock - 1) / passBlock
	width := n + 2*r
	parallel(outer*blocks, max(1, 4096/(n*min(stride, passBlock))), func(lo, hi int) {
		buf := make([]float64, passBlock*width)
		out := make([]float64, passBlock*n)
		for u := lo; u < hi; u++ {
			o, c0 := u/blocks, (u%blocks)*passBlock
			w := min(passBlock, stride-c0)
			base := o*n*stride + c0
			for i := range n {
				for b, v := range src[base+i*stride:][:w] {
					buf[b*width+r+i] = float64(v)
				}
			}
			for b := range w {
				line := buf[b*width:][:width]
				extendLine(line, r, n, m, cval)
				f(line, out[b*n:][:n])
			}
			for i := range n {
				row := dst[base+i*stride:][:w]
				for b := range row {
					row[b] = float32(out[b*n+i])
				}
			}
		}
	})
}

// PerAxis expands a parameter given once or once per axis to one value per axis; the
// GPU kernels validate their parameters with it too.
func PerAxis[T float64 | int](name string, v []T, rank int) ([]T, error) {
	switch len(v) {
	case 1:
		out := make([]T, rank)
		for i := range out {
			out[i] = v[0]
		}
		return out, nil
	case rank:
		return v, nil
	}
	return nil, fmt.Errorf("%s: want 1 or %d values (one per axis), got %d", name, rank, len(v))
}

var (
	perAxisFloats = PerAxis[float64]
	perAxisInts   = PerAxis[int]
)
