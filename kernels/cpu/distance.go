package cpu

import (
	"fmt"
	"math"
	"sync/atomic"
)

// EDTParams are the parameters of DistanceTransformEDT.
type EDTParams struct {
	// Pixel spacing along each axis, one value for every axis or one per axis (Z, Y, X);
	// distances are measured in these units.
	Sampling []float64 `default:"1" min:"0"`
}

// DistanceTransformEDT replaces each foreground (nonzero, NaN included) pixel by its
// exact Euclidean distance to the nearest background (zero) pixel, axis steps weighted by
// sampling; background pixels become 0. As scipy.ndimage.distance_transform_edt, the
// distance is sqrt(sum over axes of (sampling[a]*(i_a - j_a))^2) to the nearest zero j,
// computed in float64 and rounded to float32 once. An image without any zero gives, as
// scipy 1.10 does, the distance to the point one step before the first pixel on axis 0
// (index -1, 0[, 0]).
//
// It is the separable algorithm of Felzenszwalb and Huttenlocher: an exact 1D pass along
// the rows, then along every other axis the lower envelope of the parabolas
// sampling^2 (q - p)^2 + d2(p); O(n) per axis, lines in parallel.
//
//kernreg:op name=distance_transform_edt tags=morphology,distance,binary ref=scipy.ndimage.distance_transform_edt slices=coupled
func DistanceTransformEDT(dst, image Array, p EDTParams) error {
	const op = "distance_transform_edt"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	rank := len(image.Shape)
	sampling, err := edtSampling(op, p, rank)
	if err != nil {
		return err
	}
	if len(image.Data) == 0 {
		return nil
	}
	d2 := make([]float64, len(image.Data))
	shape := image.Shape
	nx := shape[rank-1]
	sx := sampling[rank-1]
	parallel(len(image.Data)/nx, max(1, 16384/nx), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			rowDistance1D(d2[r*nx:(r+1)*nx], image.Data[r*nx:(r+1)*nx], sx)
		}
	})
	for axis := rank - 2; axis >= 0; axis-- {
		w := sampling[axis] * sampling[axis]
		linePass(d2, shape, axis, func(line, out []float64, scratch *lineScratch) {
			envelope(line, out, w, scratch)
		})
	}
	if !hasZero(image.Data) { // (not d2 == +Inf: a huge sampling overflows d2 too)
		noBackgroundEDT(dst, sampling)
		return nil
	}
	parallel(len(d2), 1<<15, func(lo, hi int) {
		out := dst.Data[lo:hi]
		for i, v := range d2[lo:hi] {
			out[i] = float32(math.Sqrt(v))
		}
	})
	return nil
}

// edtSampling checks EDTParams for an image of the given rank and returns the spacing
// per axis.
func edtSampling(op string, p EDTParams, rank int) ([]float64, error) {
	sampling, err := perAxisFloats(op+": sampling", p.Sampling, rank)
	if err != nil {
		return nil, err
	}
	for _, s := range sampling {
		if !(s >= 0) || math.IsInf(s, 0) {
			return nil, fmt.Errorf("%s: sampling must be finite and >= 0, got %v", op, sampling)
		}
	}
	return sampling, nil
}

// rowDistance1D sets out[i] to the squared distance (in units of s) from pixel i of a
// row to the nearest zero of the row, +Inf if the row has none.
func rowDistance1D(out []float64, row []float32, s float64) {
	n := len(row)
	last := -1 // index of the last zero seen
	for i := 0; i < n; i++ {
		if row[i] == 0 {
			last = i
			out[i] = 0
		} else if last < 0 {
			out[i] = math.Inf(1)
		} else {
			d := float64(i-last) * s
			out[i] = d * d
		}
	}
	if last < 0 {
		return
	}
	next := -1
	for i := n - 1; i >= 0; i-- {
		if row[i] == 0 {
			next = i
		} else if next >= 0 {
			d := float64(next-i) * s
			out[i] = min(out[i], d*d)
		}
	}
}

// lineScratch is per-goroutine scratch of the 1D envelope passes.
type lineScratch struct {
	v []int
	z []float64
}

// lineBlock is how many adjacent lines a pass along a non-contiguous axis gathers at
// once, so that the gather reads whole cache lines.
const lineBlock = 16

// linePass applies f to every line of data along axis (f reads line and writes out, both
// contiguous copies of length shape[axis]); lines are gathered in blocks of adjacent ones
// and processed in parallel.
func linePass(data []float64, shape []int, axis int, f func(line, out []float64, s *lineScratch)) {
	n := shape[axis]
	stride := 1
	for _, d := range shape[axis+1:] {
		stride *= d
	}
	outer := len(data) / (n * stride)
	blocks := (stride + lineBlock - 1) / lineBlock
	parallel(outer*blocks, max(1, 16384/(n*min(stride, lineBlock))), func(lo, hi int) {
		buf := make([]float64, lineBlock*n)
		out := make([]float64, n)
		s := &lineScratch{v: make([]int, n), z: make([]float64, n+1)}
		for u := lo; u < hi; u++ {
			o, c0 := u/blocks, (u%blocks)*lineBlock
			w := min(lineBlock, stride-c0)
			base := o*n*stride + c0
			for i := 0; i < n; i++ {
				row := data[base+i*stride:][:w]
				for b, v := range row {
					buf[b*n+i] = v
				}
			}
			for b := 0; b < w; b++ {
				line := buf[b*n:][:n]
				f(line, out, s)
				copy(line, out)
			}
			for i := 0; i < n; i++ {
				row := data[base+i*stride:][:w]
				for b := range row {
					row[b] = buf[b*n+i]
				}
			}
		}
	})
}

// envelope sets out[q] = min over p of w*(q-p)^2 + g[p] (the squared distance once the
// axis is added), with g[p] = +Inf for lines without background so far: the lower
// envelope of parabolas of Felzenszwalb and Huttenlocher, over the finite g only.
func envelope(g, out []float64, w float64, s *lineScratch) {
	n := len(g)
	if w == 0 { // a zero spacing: every pixel of the line is as near as the nearest
		m := math.Inf(1)
		for _, v := range g {
			m = min(m, v)
		}
		for q := range out {
			out[q] = m
		}
		return
	}
	v, z := s.v, s.z
	k := -1
	for q := 0; q < n; q++ {
		gq := g[q]
		if math.IsInf(gq, 1) {
			continue
		}
		// The parabolas of p and q meet at (g[q]-g[p])/(2w(q-p)) + (q+p)/2, written
		// so that no w*q^2 can overflow.
		var x float64
		for k >= 0 {
			p := v[k]
			x = (gq-g[p])/w/float64(2*(q-p)) + float64(q+p)/2
			if x > z[k] {
				break
			}
			k--
		}
		if k < 0 {
			k = 0
			v[0] = q
			z[0] = math.Inf(-1)
			z[1] = math.Inf(1)
			continue
		}
		k++
		v[k] = q
		z[k] = x
		z[k+1] = math.Inf(1)
	}
	if k < 0 {
		for q := range out {
			out[q] = math.Inf(1)
		}
		return
	}
	j := 0
	for q := 0; q < n; q++ {
		for z[j+1] < float64(q) {
			j++
		}
		out[q] = g[v[j]]
		if d := float64(q - v[j]); d != 0 { // w*0 would be NaN for an infinite w
			out[q] += w * d * d
		}
	}
}

// noBackgroundEDT writes scipy's result for an image without background: the distance
// of every pixel to index (-1, 0[, 0]).
func noBackgroundEDT(dst Array, sampling []float64) {
	nz, ny, nx := dims3(dst.Shape)
	rank := len(dst.Shape)
	parallel(nz*ny, max(1, 16384/nx), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			z, y := r/ny, r%ny
			var a0, base float64 // the axis-0 term, and the terms of the middle axis
			if rank == 3 {
				a0 = float64(z+1) * sampling[0]
				dy := float64(y) * sampling[1]
				base = a0*a0 + dy*dy
			} else {
				a0 = float64(y+1) * sampling[0]
				base = a0 * a0
			}
			sx := sampling[rank-1]
			out := dst.Data[r*nx : (r+1)*nx]
			for x := range out {
				dx := float64(x) * sx
				out[x] = float32(math.Sqrt(base + dx*dx))
			}
		}
	})
}

// CDTParams are the parameters of DistanceTransformCDT.
type CDTParams struct {
	// Distance metric: chessboard (steps along any of the 8 or 26 neighbours, the
	// largest coordinate difference) or taxicab (orthogonal steps, the sum of the
	// coordinate differences); cityblock and manhattan are taxicab.
	Metric string `default:"chessboard" enum:"chessboard,taxicab,cityblock,manhattan"`
}

// DistanceTransformCDT replaces each foreground (nonzero, NaN included) pixel by its
// chessboard or taxicab distance in pixels to the nearest background (zero) pixel;
// background pixels become 0. It gives exactly the integers of
// scipy.ndimage.distance_transform_cdt (a chamfer transform with the 3x3(x3) element,
// which is exact for these metrics), as float32; an image without any zero gives -1
// everywhere, as scipy does.
//
// It is computed axis by axis in O(n): a 1D pass along the rows, then per other axis a
// forward and a backward sweep of whole rows (planes) at a time: d = min(d, 1 + the
// previous row's d) for taxicab, min(d, 1 + its minimum over the 3 (3x3) nearest pixels)
// for chessboard.
//
//kernreg:op name=distance_transform_cdt tags=morphology,distance,binary ref=scipy.ndimage.distance_transform_cdt slices=coupled
func DistanceTransformCDT(dst, image Array, p CDTParams) error {
	const op = "distance_transform_cdt"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	chessboard, err := cdtMetric(op, p, image.Shape, len(image.Data))
	if err != nil {
		return err
	}
	if len(image.Data) == 0 {
		return nil
	}
	shape := image.Shape
	rank := len(shape)
	nx := shape[rank-1]
	d := make([]int32, len(image.Data))
	parallel(len(image.Data)/nx, max(1, 16384/nx), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			rowSteps1D(d[r*nx:(r+1)*nx], image.Data[r*nx:(r+1)*nx])
		}
	})
	for axis := rank - 2; axis >= 0; axis-- {
		if chessboard {
			chessboardPass(d, shape, axis)
		} else {
			taxicabPass(d, shape, axis)
		}
	}
	parallel(len(d), 1<<15, func(lo, hi int) {
		out := dst.Data[lo:hi]
		for i, v := range d[lo:hi] {
			if v >= cdtInf {
				v = -1
			}
			out[i] = float32(v)
		}
	})
	return nil
}

// cdtMetric checks CDTParams and the size n of an image of the given shape, and reports
// whether the metric is chessboard (else taxicab).
func cdtMetric(op string, p CDTParams, shape []int, n int) (bool, error) {
	var chessboard bool
	switch p.Metric {
	case "chessboard", "":
		chessboard = true
	case "taxicab", "cityblock", "manhattan":
	default:
		return false, fmt.Errorf("%s: metric must be chessboard or taxicab, got %q", op, p.Metric)
	}
	if n >= cdtInf {
		return false, fmt.Errorf("%s: image %v is too large (at most 2^30 pixels)", op, shape)
	}
	return chessboard, nil
}

// cdtInf marks "no background seen": larger than any distance, and small enough that
// adding image sizes to it cannot overflow an int32.
const cdtInf = 1 << 30

// rowSteps1D sets out[i] to the number of steps from pixel i of a row to the nearest
// zero of the row, cdtInf if there is none.
func rowSteps1D(out []int32, row []float32) {
	n := len(row)
	last := -cdtInf
	for i := 0; i < n; i++ {
		if row[i] == 0 {
			last = i
		}
		out[i] = int32(min(i-last, cdtInf))
	}
	next := 2 * cdtInf
	for i := n - 1; i >= 0; i-- {
		if row[i] == 0 {
			next = i
		}
		out[i] = min(out[i], int32(min(next-i, cdtInf)))
	}
}

// taxicabPass sets every line along axis to min over p of |q-p| + d[p] with a forward
// and a backward sweep, done a whole row (or plane) of lines at a time so that memory is
// read in order.
func taxicabPass(d []int32, shape []int, axis int) {
	n := shape[axis]
	stride := 1
	for _, s := range shape[axis+1:] {
		stride *= s
	}
	outer := len(d) / (n * stride)
	chunk := min(stride, 4096)
	chunks := (stride + chunk - 1) / chunk
	parallel(outer*chunks, max(1, 65536/(n*chunk)), func(lo, hi int) {
		for u := lo; u < hi; u++ {
			o, c0 := u/chunks, (u%chunks)*chunk
			w := min(chunk, stride-c0)
			base := o*n*stride + c0
			for i := 1; i < n; i++ {
				prev, cur := d[base+(i-1)*stride:][:w], d[base+i*stride:][:w]
				for k := range cur {
					cur[k] = min(cur[k], prev[k]+1)
				}
			}
			for i := n - 2; i >= 0; i-- {
				next, cur := d[base+(i+1)*stride:][:w], d[base+i*stride:][:w]
				for k := range cur {
					cur[k] = min(cur[k], next[k]+1)
				}
			}
		}
	})
}

// chessboardPass extends exact chessboard distances over the axes after axis to axis:
// d(i) = min(d(i), 1 + min of the previous line's d over the 3 (3x3) nearest pixels), a
// forward and a backward sweep along axis. It is exact because an optimal 8- (26-)
// connected path to a zero can take its steps along axis first, each with a diagonal
// step across the later axes, and then finish within the line (plane) of the zero,
// where d is already exact. Along Y the planes of a volume are swept in parallel; along
// Z each plane's step is parallel over its rows.
func chessboardPass(d []int32, shape []int, axis int) {
	nz, ny, nx := dims3(shape)
	if axis == len(shape)-2 { // Y
		parallel(nz, 1, func(lo, hi int) {
			t := make([]int32, nx)
			for z := lo; z < hi; z++ {
				plane := d[z*ny*nx : (z+1)*ny*nx]
				for y := 1; y < ny; y++ {
					min3(t, plane[(y-1)*nx:y*nx])
					lowerPlusOne(plane[y*nx:(y+1)*nx], t)
				}
				for y := ny - 2; y >= 0; y-- {
					min3(t, plane[(y+1)*nx:(y+2)*nx])
					lowerPlusOne(plane[y*nx:(y+1)*nx], t)
				}
			}
		})
		return
	}
	// Z: the 3x3 minimum of the previous plane, by rows, then combined by columns.
	rowMin := make([]int32, ny*nx)
	step := func(prev, cur []int32) {
		parallel(ny, max(1, 16384/nx), func(lo, hi int) {
			for y := lo; y < hi; y++ {
				min3(rowMin[y*nx:(y+1)*nx], prev[y*nx:(y+1)*nx])
			}
		})
		parallel(ny, max(1, 16384/nx), func(lo, hi int) {
			t := make([]int32, nx)
			for y := lo; y < hi; y++ {
				copy(t, rowMin[y*nx:(y+1)*nx])
				if y > 0 {
					pickRowsInt(t, rowMin[(y-1)*nx:y*nx])
				}
				if y < ny-1 {
					pickRowsInt(t, rowMin[(y+1)*nx:(y+2)*nx])
				}
				lowerPlusOne(cur[y*nx:(y+1)*nx], t)
			}
		})
	}
	n := ny * nx
	for z := 1; z < nz; z++ {
		step(d[(z-1)*n:z*n], d[z*n:(z+1)*n])
	}
	for z := nz - 2; z >= 0; z-- {
		step(d[(z+1)*n:(z+2)*n], d[z*n:(z+1)*n])
	}
}

// min3 sets t[x] to the minimum of row[x-1], row[x] and row[x+1] (those that exist).
func min3(t, row []int32) {
	n := len(row)
	t = t[:n]
	if n == 1 {
		t[0] = row[0]
		return
	}
	t[0] = min(row[0], row[1])
	for x := 1; x < n-1; x++ {
		t[x] = min(row[x-1], row[x], row[x+1])
	}
	t[n-1] = min(row[n-2], row[n-1])
}

// lowerPlusOne sets cur[x] to min(cur[x], t[x]+1).
func lowerPlusOne(cur, t []int32) {
	t = t[:len(cur)]
	for x, v := range t {
		cur[x] = min(cur[x], v+1)
	}
}

// pickRowsInt sets t[x] to min(t[x], row[x]).
func pickRowsInt(t, row []int32) {
	row = row[:len(t)]
	for x, v := range row {
		t[x] = min(t[x], v)
	}
}

// hasZero reports whether data holds a zero (background) pixel.
func hasZero(data []float32) bool {
	var found atomic.Bool
	parallel(len(data), 1<<16, func(lo, hi int) {
		for c := lo; c < hi && !found.Load(); c += 4096 {
			for _, v := range data[c:min(c+4096, hi)] {
				if v == 0 {
					found.Store(true)
					return
				}
			}
		}
	})
	return found.Load()
}
