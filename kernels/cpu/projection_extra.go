package cpu

import (
	"fmt"
	"math"
)

// MedianZProjection sets each pixel to numpy's median over Z: the middle value for an odd
// number of slices, float32(lo + hi) / 2 of the two middle values for an even number; a
// NaN anywhere along Z gives NaN.
//
//kernreg:op name=median_z_projection tags=projection ref="numpy.median(axis=0)"
func MedianZProjection(dst Plane, image Volume) error {
	const op = "median_z_projection"
	if err := checkProjection(op, dst, image); err != nil {
		return err
	}
	nz, n := image.Shape[0], len(dst.Data)
	// Columns are gathered a block of neighbouring pixels at a time, so that every read is
	// a contiguous run of a slice (as in SubtractZMedian).
	block := min(max(16384/nz, 8), 512)
	src := image.Data
	parallel((n+block-1)/block, 1, func(b0, b1 int) {
		cols := make([]float32, block*nz)
		for b := b0; b < b1; b++ {
			lo, hi := b*block, min((b+1)*block, n)
			for z := 0; z < nz; z++ {
				for j, v := range src[z*n+lo : z*n+hi] {
					cols[j*nz+z] = v
				}
			}
			for j := range hi - lo {
				dst.Data[lo+j] = zMedian(cols[j*nz : (j+1)*nz])
			}
		}
	})
	return nil
}

// EDFParams are the parameters of ExtendedDepthOfFocus.
type EDFParams struct {
	// Half-width of the square window over which the local variance is taken: the window
	// is (2*radius+1) x (2*radius+1) pixels.
	Radius int `default:"2" min:"0" max:"1024"`
	// Standard deviation of the Gaussian that smooths each slice before its variance is
	// taken; 0 takes the variance of the slice itself.
	Sigma float64 `default:"0" min:"0"`
}

// ExtendedDepthOfFocus projects a focus stack to one sharp image: every pixel takes its
// value from the slice in which the local variance around it is highest. For each slice,
// in float64,
//
//	g  = the slice, or gaussian_filter(slice, sigma, mode=reflect, truncate=4) if sigma > 0
//	m1 = box_mean(g), m2 = box_mean(g*g), var = m2 - m1*m1
//
// where box_mean averages the (2r+1)² window (r = radius) as two 1D passes, along Y and
// then X, each summing the 2r+1 values of the input extended by reflection (scipy's
// reflect mode) in order from the lowest index and dividing the sum by 2r+1. The result
// is image[argmax_z var, y, x] with numpy.argmax's rules: the first z of equal maxima, and
// the first NaN counts as the maximum. A 2D image is one slice and comes back unchanged.
//
//kernreg:op name=extended_depth_of_focus tags=projection,focus ref="documented:argmax_z(local variance) as in conformance/reference/ops_projection_extra.py"
func ExtendedDepthOfFocus(dst Plane, image Volume, p EDFParams) error {
	const op = "extended_depth_of_focus"
	if err := checkProjection(op, dst, image); err != nil {
		return err
	}
	if err := edfParams(op, p); err != nil {
		return err
	}
	nz, ny, nx := image.Shape[0], image.Shape[1], image.Shape[2]
	n := ny * nx
	copy(dst.Data, image.Data[:n])
	if nz == 1 {
		return nil
	}
	best := make([]float64, n)
	g := make([]float64, n)
	m1 := make([]float64, n)
	m2 := make([]float64, n)
	sq := make([]float64, n)
	tmp := make([]float64, n)
	shape := []int{ny, nx}
	var gw []float64
	if p.Sigma > 0 {
		gw = gaussianKernel1d(p.Sigma, 0, int(4*p.Sigma+0.5))
	}
	for z := range nz {
		slice := image.Data[z*n : (z+1)*n]
		parallel(n, ewMinChunk, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				g[i] = float64(slice[i])
			}
		})
		if gw != nil {
			for axis := range 2 {
				pass64(g, g, shape, axis, len(gw)/2, Reflect, 0, correlateFolded(gw))
			}
		}
		parallel(n, ewMinChunk, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				sq[i] = g[i] * g[i]
			}
		})
		boxMean64(m1, g, tmp, shape, p.Radius)
		boxMean64(m2, sq, tmp, shape, p.Radius)
		parallel(n, ewMinChunk, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				v := m2[i] - float64(m1[i]*m1[i])
				if z == 0 {
					best[i] = v
					continue
				}
				if b := best[i]; v > b || (v != v && b == b) {
					best[i] = v
					dst.Data[i] = slice[i]
				}
			}
		})
	}
	return nil
}

// edfParams checks the parameters of ExtendedDepthOfFocus.
func edfParams(op string, p EDFParams) error {
	if p.Radius < 0 || p.Radius > 1024 {
		return fmt.Errorf("%s: radius must be in [0, 1024], got %d", op, p.Radius)
	}
	if !(p.Sigma >= 0) || math.IsInf(p.Sigma, 0) {
		return fmt.Errorf("%s: sigma must be finite and >= 0, got %v", op, p.Sigma)
	}
	if rg := 4*p.Sigma + 0.5; rg > maxGaussianRadius {
		return fmt.Errorf("%s: sigma %v gives a Gaussian radius of %.0f, more than %d", op, p.Sigma, rg, maxGaussianRadius)
	}
	return nil
}

// boxMean64 writes to dst the mean over the (2r+1)-wide window along Y and then X of a
// 2D float64 array, each pass summing the reflect-extended window from its lowest index
// and dividing by 2r+1; tmp holds the intermediate pass.
func boxMean64(dst, src, tmp []float64, shape []int, r int) {
	if r == 0 {
		copy(dst, src)
		return
	}
	size := float64(2*r + 1)
	f := func(padded, out []float64) {
		for i := range out {
			w := padded[i : i+2*r+1]
			acc := w[0]
			for _, v := range w[1:] {
				acc += v
			}
			out[i] = acc / size
		}
	}
	pass64(tmp, src, shape, 0, r, Reflect, 0, f)
	pass64(dst, tmp, shape, 1, r, Reflect, 0, f)
}

// pass64 is separablePass for float64 arrays: it applies f along one axis, reading src
// and writing dst (which may be the same slice).
func pass64(dst, src []float64, shape []int, axis, r int, m Mode, cval float64, f lineFilter) {
	n := shape[axis]
	stride := 1
	for _, d := range shape[axis+1:] {
		stride *= d
	}
	lines := len(src) / n
	parallel(lines, max(1, 4096/n), func(lo, hi int) {
		buf := make([]float64, n+2*r)
		out := make([]float64, n)
		for l := lo; l < hi; l++ {
			off := (l/stride)*n*stride + l%stride
			for i := range n {
				buf[r+i] = src[off+i*stride]
			}
			for i := 1; i <= r; i++ {
				buf[r-i] = edgeValue(buf[r:r+n], -i, m, cval)
				buf[r+n-1+i] = edgeValue(buf[r:r+n], n-1+i, m, cval)
			}
			f(buf, out)
			for i, v := range out {
				dst[off+i*stride] = v
			}
		}
	})
}
