package cpu

import (
	"fmt"
	"math"
	"slices"
)

// GaussianParams are the parameters of GaussianFilter.
type GaussianParams struct {
	// Standard deviation of the Gaussian, one value for every axis or one per axis (Z, Y, X).
	Sigma []float64 `default:"1" min:"0"`
	// How the input is extended past its edges.
	Mode string `default:"reflect" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
	// Cut the kernel off at this many standard deviations.
	Truncate float64 `default:"4" min:"0"`
}

// GaussianFilter smooths an image with a Gaussian kernel, as separable 1D correlations
// along every axis. On each axis with sigma s > 0 the kernel has radius
// r = int(truncate*s + 0.5) and weights exp(-x²/(2s²)) for x in [-r, r], normalised to
// sum 1; axes with s = 0 are left unchanged.
//
//kernreg:op name=gaussian_filter tags=filter,smoothing ref=scipy.ndimage.gaussian_filter slices=coupled
func GaussianFilter(dst, image Array, p GaussianParams) error {
	sigma, mode, err := gaussianDerivativeArgs("gaussian_filter", dst, image, p)
	if err != nil {
		return err
	}
	copy(dst.Data, image.Data)
	for axis, s := range sigma {
		if s <= 1e-15 {
			continue
		}
		w := gaussianWeights(s, int(p.Truncate*s+0.5))
		separablePass(dst.Data, dst.Data, dst.Shape, axis, len(w)/2, mode, p.Cval, correlate1d(w))
	}
	return nil
}

// gaussianWeights returns the normalised Gaussian of standard deviation s on [-r, r].
func gaussianWeights(s float64, r int) []float64 {
	w := make([]float64, 2*r+1)
	sum := 0.0
	for i := range w {
		x := float64(i - r)
		w[i] = math.Exp(-0.5 * x * x / (s * s))
		sum += w[i]
	}
	for i := range w {
		w[i] /= sum
	}
	return w
}

// correlate1d returns a line filter that correlates with weights w centred on len(w)/2.
func correlate1d(w []float64) lineFilter {
	return func(padded, out []float64) {
		for i := range out {
			acc := 0.0
			for k, wk := range w {
				acc += wk * padded[i+k]
			}
			out[i] = acc
		}
	}
}

// BoxParams are the parameters of filters over a box (uniform, minimum, maximum, median,
// grey morphology): its size per axis and how the edges are extended.
type BoxParams struct {
	// Edge length of the box, one value for every axis or one per axis (Z, Y, X).
	Size []int `default:"3" min:"1"`
	// How the input is extended past its edges.
	Mode string `default:"reflect" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
}

// UniformFilter replaces each pixel by the mean over a box of the given size, as
// separable running means along every axis. For an even size s the box covers s/2
// pixels before the centre and s/2-1 after it, as in scipy.
//
//kernreg:op name=uniform_filter tags=filter,smoothing ref=scipy.ndimage.uniform_filter slices=coupled
func UniformFilter(dst, image Array, p BoxParams) error {
	if err := checkPair("uniform_filter", dst, image); err != nil {
		return err
	}
	size, err := perAxisInts("uniform_filter: size", p.Size, len(image.Shape))
	if err != nil {
		return err
	}
	mode, err := ParseMode(p.Mode)
	if err != nil {
		return fmt.Errorf("uniform_filter: %w", err)
	}
	copy(dst.Data, image.Data)
	for axis, s := range size {
		if s < 1 {
			return fmt.Errorf("uniform_filter: size must be >= 1, got %d", s)
		}
		if s == 1 {
			continue
		}
		r := s / 2 // the window [i-s/2, i+s-s/2-1] fits within a padding of s/2 on each side
		separablePass(dst.Data, dst.Data, dst.Shape, axis, r, mode, p.Cval, func(padded, out []float64) {
			acc := 0.0
			for k := 0; k < s; k++ {
				acc += padded[k]
			}
			inv := 1 / float64(s)
			for i := range out {
				out[i] = acc * inv
				if i+1 < len(out) {
					acc += padded[i+s] - padded[i]
				}
			}
		})
	}
	return nil
}

// checkPair checks a dst/src pair of a same-shape FLEXIBLE kernel.
func checkPair(op string, dst, src Array) error {
	return checkDims(op, src.Shape, len(src.Data), dst.Shape, len(dst.Data))
}

// MedianFilter replaces each pixel by the median of the box of the given size around it,
// as scipy.ndimage.median_filter(image, size=...) does (origin 0). On each axis the box
// covers size/2 pixels before the centre and size-size/2-1 after it. The result is
// element n/2 (counting from 0) of the sorted window of n = size_z*size_y*size_x values:
// for an even n the upper of the two middle values, never their mean, so the result is
// always one of the window's values (or cval). Outside the image the window reads the
// input extended by mode; in constant mode it reads cval rounded to float32. A window
// that holds a NaN gives what scipy's quickselect gives for it (NI_Select, pivoting on
// the first element of the window gathered in C order), which this kernel reproduces.
//
//kernreg:op name=median_filter tags=filter,rank,denoising ref=scipy.ndimage.median_filter slices=coupled
func MedianFilter(dst, image Array, p BoxParams) error {
	const op = "median_filter"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	rank := len(image.Shape)
	size, n, err := rankWindow(op, p.Size, rank)
	if err != nil {
		return err
	}
	mode, err := ParseMode(p.Mode)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if len(image.Data) == 0 {
		return nil
	}
	nz, ny, nx := dims3(image.Shape)
	sz := 1
	if rank == 3 {
		sz = size[0]
	}
	sy, sx := size[rank-2], size[rank-1]
	tz, ty, tx := windowIndex(nz, sz, mode), windowIndex(ny, sy, mode), windowIndex(nx, sx, mode)
	parallel(nz*ny, max(1, 1<<14/(nx*n)), func(lo, hi int) {
		w := newMedianWindow(image.Data, nx, tx, sz*sy, sx, float32(p.Cval))
		for r := lo; r < hi; r++ {
			z, y := r/ny, r%ny
			for a := range sz {
				for b := range sy {
					if iz, iy := tz[z+a], ty[y+b]; iz < 0 || iy < 0 {
						w.rows[a*sy+b] = -1
					} else {
						w.rows[a*sy+b] = (iz*ny + iy) * nx
					}
				}
			}
			w.row(dst.Data[r*nx : (r+1)*nx])
		}
	})
	return nil
}

// medianWindow computes the medians of one image row at a time, sliding the window
// along X as a ring of sorted columns (a column is the window's Z x Y values at one X),
// so each step sorts only the column that enters. The median is then read without a
// selection over the whole window: width 1 is the middle of the column; 3x3 is the
// median of (largest low, median of the middles, smallest high); width 3 is a three-way
// merge up to the median's rank; other widths keep the whole window sorted, merging out
// the leaving column and merging in the entering one, O(window) per pixel. Windows with
// a NaN have no defined order and are answered by niSelect on the window gathered in
// scipy's order.
type medianWindow struct {
	src   []float32
	nx    int
	tx    []int       // window position -> source column (-1: cval)
	rows  []int       // start in src of each window row (Z, Y offsets), -1: cval
	sx, k int         // window width, rank of the median
	cval  float32     // constant-mode value, rounded to float32 as scipy does
	cols  [][]float32 // ring of the window's sorted columns, slot j%sx for position j
	nans  []int       // NaNs in each ring column
	enter []float32   // the entering column, sorted
	win   []float32   // the sorted window
	tmp   []float32   // merge target, or the NaN window in scipy's order
}

func newMedianWindow(src []float32, nx int, tx []int, height, sx int, cval float32) *medianWindow {
	w := &medianWindow{src: src, nx: nx, tx: tx, rows: make([]int, height), sx: sx, k: height * sx / 2, cval: cval}
	w.cols = make([][]float32, sx)
	for i := range w.cols {
		w.cols[i] = withSentinel(height)
	}
	w.nans = make([]int, sx)
	w.enter = withSentinel(height)
	w.win = make([]float32, height*sx)
	w.tmp = make([]float32, height*sx)
	return w
}

// withSentinel returns a column of length n followed by a +Inf (for kth3).
func withSentinel(n int) []float32 {
	c := make([]float32, n+1)
	c[n] = float32(math.Inf(1))
	return c[:n]
}

// column loads window position j into c, sorted, and returns how many NaNs it holds.
func (w *medianWindow) column(j int, c []float32) int {
	ix, nan := w.tx[j], 0
	for i, base := range w.rows {
		v := w.cval
		if base >= 0 && ix >= 0 {
			v = w.src[base+ix]
		}
		if v != v {
			nan++
		}
		c[i] = v
	}
	if nan == 0 {
		sortFloat32s(c)
	}
	return nan
}

// row writes the medians of the current rows to out.
func (w *medianWindow) row(out []float32) {
	sx := w.sx
	nan := 0
	for j := range sx - 1 {
		w.nans[j] = w.column(j, w.cols[j])
		nan += w.nans[j]
	}
	w.nans[sx-1] = 0
	valid := false // whether w.win holds the sorted window of the previous pixel
	for x := range out {
		// Position x+sx-1 enters and x-1 leaves; they share ring slot (x-1) mod sx.
		slot := (x + sx - 1) % sx
		in := w.column(x+sx-1, w.enter)
		leaving := w.cols[slot]
		nan += in - w.nans[slot]
		w.cols[slot], w.enter, w.nans[slot] = w.enter, leaving, in
		switch {
		case nan > 0:
			out[x] = w.nanMedian(x)
			valid = false
		case sx == 1:
			out[x] = w.cols[0][w.k]
		case sx == 3 && len(w.rows) == 3 && w.k == 4: // the median of 3x3 (rank_filter sets other ranks)
			// 3x3: with sorted columns the median is the median of (the largest low, the
			// median of the middles, the smallest high).
			a, b, c := w.cols[0], w.cols[1], w.cols[2]
			out[x] = median3(max(a[0], b[0], c[0]), median3(a[1], b[1], c[1]), min(a[2], b[2], c[2]))
		case sx == 3:
			// Merging three sorted columns up to rank k beats keeping the window sorted.
			out[x] = kth3(w.cols[0], w.cols[1], w.cols[2], w.k)
		case valid:
			mergeWindow(w.tmp, w.win, leaving, w.cols[slot])
			w.win, w.tmp = w.tmp, w.win
			out[x] = w.win[w.k]
		default:
			for i, c := range w.cols {
				copy(w.win[i*len(c):], c)
			}
			slices.Sort(w.win)
			valid = true
			out[x] = w.win[w.k]
		}
	}
}

// nanMedian gathers the window of output x in scipy's order (rows, then X) and returns
// what scipy's NI_Select returns for it.
func (w *medianWindow) nanMedian(x int) float32 {
	b := w.tmp[:0]
	for _, base := range w.rows {
		for _, ix := range w.tx[x : x+w.sx] {
			v := w.cval
			if base >= 0 && ix >= 0 {
				v = w.src[base+ix]
			}
			b = append(b, v)
		}
	}
	return niSelect(b, w.k)
}

// kth3 returns element k of the sorted union of three sorted NaN-free columns, each
// followed by a +Inf sentinel.
func kth3(a, b, c []float32, k int) float32 {
	a, b, c = a[:len(a)+1], b[:len(b)+1], c[:len(c)+1]
	i, j, l := 0, 0, 0
	for {
		x, y, z := a[i], b[j], c[l]
		var m float32
		switch {
		case x <= y && x <= z:
			m = x
			i++
		case y <= z:
			m = y
			j++
		default:
			m = z
			l++
		}
		if k == 0 || m > math.MaxFloat32 {
			return m // past the sentinels only when everything left is +Inf
		}
		k--
	}
}

// median3 returns the median of three NaN-free values.
func median3(a, b, c float32) float32 {
	return max(min(a, b), min(max(a, b), c))
}

// mergeWindow writes to dst the sorted old without the elements of leave and with those
// of enter (leave and enter sorted, leave a sub-multiset of old, no NaN anywhere).
func mergeWindow(dst, old, leave, enter []float32) {
	o, l, e := 0, 0, 0
	for _, v := range old {
		if l < len(leave) && v == leave[l] {
			l++
			continue
		}
		for e < len(enter) && enter[e] < v {
			dst[o] = enter[e]
			o++
			e++
		}
		dst[o] = v
		o++
	}
	copy(dst[o:], enter[e:])
}

// sortFloat32s sorts a NaN-free slice: insertion sort for the short columns of usual
// windows, pdqsort beyond.
func sortFloat32s(a []float32) {
	if len(a) > 16 {
		slices.Sort(a)
		return
	}
	for i := 1; i < len(a); i++ {
		v := a[i]
		j := i
		for ; j > 0 && a[j-1] > v; j-- {
			a[j] = a[j-1]
		}
		a[j] = v
	}
}

// maxMedianWindow bounds the number of elements of a median window (each goroutine holds
// one window), so that a mistyped size is an error rather than an enormous allocation.
const maxMedianWindow = 1 << 24

// windowIndex maps the window positions of a filter of size s on an axis of length n to
// source indices: element j (j in [0, n+s-1)) is the index of coordinate j - s/2, or -1
// where the mode is constant and the coordinate is outside.
func windowIndex(n, s int, m Mode) []int {
	t := make([]int, n+s-1)
	for j := range t {
		t[j] = m.index(j-s/2, n)
	}
	return t
}

// niSelect is scipy.ndimage's NI_Select: Hoare partitioning around the first element,
// recursing into the side that holds rank k. It is used only for windows with a NaN,
// where its exact sequence of comparisons decides the result.
func niSelect(a []float32, k int) float32 {
	lo, hi := 0, len(a)-1
	for lo != hi {
		x := a[lo]
		i, j := lo-1, hi+1
		for {
			for j--; a[j] > x; j-- {
			}
			for i++; a[i] < x; i++ {
			}
			if i >= j {
				break
			}
			a[i], a[j] = a[j], a[i]
		}
		if n := j - lo + 1; k < n {
			hi = j
		} else {
			lo, k = j+1, k-n
		}
	}
	return a[lo]
}

// LaplaceParams are the parameters of Laplace.
type LaplaceParams struct {
	// How the input is extended past its edges.
	Mode string `default:"reflect" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
}

// Laplace computes scipy.ndimage.laplace, the sum over every axis of the second
// difference [1, -2, 1] along that axis. As in scipy for a float32 image, each axis's difference is
// rounded to float32 and the terms are added in float32 in axis order (Z, Y, X).
//
//kernreg:op name=laplace tags=filter,edges,derivative ref=scipy.ndimage.laplace slices=coupled
func Laplace(dst, image Array, p LaplaceParams) error {
	const op = "laplace"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	mode, err := ParseMode(p.Mode)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if len(image.Data) == 0 {
		return nil
	}
	nz, ny, nx := dims3(image.Shape)
	threeD := len(image.Shape) == 3
	tz, ty, tx := windowIndex(nz, 3, mode), windowIndex(ny, 3, mode), windowIndex(nx, 3, mode)
	src, cval := image.Data, p.Cval
	line := func(z, y int) []float32 { // nil: outside, in constant mode
		if z < 0 || y < 0 {
			return nil
		}
		o := (z*ny + y) * nx
		return src[o : o+nx]
	}
	at := func(l []float32, x int) float64 {
		if l == nil || x < 0 {
			return cval
		}
		return float64(l[x])
	}
	parallel(nz*ny, max(1, 4096/nx), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			z, y := r/ny, r%ny
			row := src[r*nx : (r+1)*nx]
			zm, zp := line(tz[z], y), line(tz[z+2], y)
			ym, yp := line(z, ty[y]), line(z, ty[y+2])
			out := dst.Data[r*nx : (r+1)*nx]
			for x, v := range row {
				c := float64(v)
				d := float32(c*-2 + (at(ym, x) + at(yp, x)))
				if threeD {
					d = float32(c*-2+(at(zm, x)+at(zp, x))) + d
				}
				out[x] = d + float32(c*-2+(at(row, tx[x])+at(row, tx[x+2])))
			}
		}
	})
	return nil
}

// EdgeAxisParams are the parameters of Sobel and Prewitt.
type EdgeAxisParams struct {
	// Axis of the derivative: 0..rank-1, or negative to count from the last axis (-1 is X).
	Axis int `default:"-1" min:"-3" max:"2"`
	// How the input is extended past its edges.
	Mode string `default:"reflect" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
}

// Sobel computes scipy.ndimage.sobel, the central difference [-1, 0, 1] along axis
// followed by the smoothing [1, 2, 1] along every other axis in increasing axis order,
// unnormalised. Each pass is a 1D correlation whose result is rounded to float32, as
// scipy stores it.
//
//kernreg:op name=sobel tags=filter,edges,derivative ref=scipy.ndimage.sobel slices=coupled
func Sobel(dst, image Array, p EdgeAxisParams) error {
	return derivativeFilter("sobel", dst, image, p, 2)
}

// Prewitt computes scipy.ndimage.prewitt, the central difference [-1, 0, 1] along axis
// followed by the smoothing [1, 1, 1] along every other axis in increasing axis order,
// unnormalised. Each pass is a 1D correlation whose result is rounded to float32, as
// scipy stores it.
//
//kernreg:op name=prewitt tags=filter,edges,derivative ref=scipy.ndimage.prewitt slices=coupled
func Prewitt(dst, image Array, p EdgeAxisParams) error {
	return derivativeFilter("prewitt", dst, image, p, 1)
}

// derivativeFilter is Sobel (centre weight 2) or Prewitt (centre weight 1). The
// arithmetic follows scipy's NI_Correlate1D for (anti)symmetric weights, so that NaN and
// infinities propagate as they do there (0*NaN at the centre of the difference).
func derivativeFilter(op string, dst, image Array, p EdgeAxisParams, centre float64) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	rank := len(image.Shape)
	if p.Axis < -rank || p.Axis >= rank {
		return fmt.Errorf("%s: axis must be in [%d, %d] for a %dD image, got %d", op, -rank, rank-1, rank, p.Axis)
	}
	axis := (p.Axis + rank) % rank
	mode, err := ParseMode(p.Mode)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if len(image.Data) == 0 {
		return nil
	}
	separablePass(dst.Data, image.Data, dst.Shape, axis, 1, mode, p.Cval, func(padded, out []float64) {
		for i := range out {
			out[i] = padded[i+1]*0 + (padded[i]-padded[i+2])*-1
		}
	})
	for ax := range rank {
		if ax == axis {
			continue
		}
		separablePass(dst.Data, dst.Data, dst.Shape, ax, 1, mode, p.Cval, func(padded, out []float64) {
			for i := range out {
				out[i] = padded[i+1]*centre + (padded[i] + padded[i+2])
			}
		})
	}
	return nil
}

// GaussianLaplace computes scipy.ndimage.gaussian_laplace, the sum over every axis d of
// gaussian_filter with order 2 on axis d and order 0 on the others. Each term is a chain
// of 1D correlations, one per axis with sigma > 1e-15 in axis order, with float32
// results between passes; the terms are added in float32. The order-2 kernel on
// [-r, r], r = int(truncate*sigma + 0.5), is (x²/sigma⁴ - 1/sigma²)·g(x), where g is the
// Gaussian normalised to sum 1. As in scipy, an axis with sigma 0 gets no pass at all, so
// its term is the image smoothed along the other axes, not a derivative.
//
//kernreg:op name=gaussian_laplace tags=filter,edges,derivative ref=scipy.ndimage.gaussian_laplace slices=coupled
func GaussianLaplace(dst, image Array, p GaussianParams) error {
	const op = "gaussian_laplace"
	sigma, mode, err := gaussianDerivativeArgs(op, dst, image, p)
	if err != nil || len(image.Data) == 0 {
		return err
	}
	gaussianDerivative(dst.Data, image.Data, image.Shape, sigma, 0, 2, mode, p.Cval, p.Truncate)
	tmp := make([]float32, len(image.Data))
	for d := 1; d < len(sigma); d++ {
		gaussianDerivative(tmp, image.Data, image.Shape, sigma, d, 2, mode, p.Cval, p.Truncate)
		parallel(len(tmp), 1<<15, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				dst.Data[i] += tmp[i]
			}
		})
	}
	return nil
}

// GaussianGradientMagnitude computes scipy.ndimage.gaussian_gradient_magnitude, the
// square root of the sum over every axis d of the square of gaussian_filter with order 1
// on axis d and order 0 on the others, all in float32 as scipy computes it for a float32
// image. The order-1 correlation kernel is x/sigma²·g(x) (positive for increasing
// values); passes and the sigma-0 rule are as in GaussianLaplace.
//
//kernreg:op name=gaussian_gradient_magnitude tags=filter,edges,derivative ref=scipy.ndimage.gaussian_gradient_magnitude slices=coupled
func GaussianGradientMagnitude(dst, image Array, p GaussianParams) error {
	const op = "gaussian_gradient_magnitude"
	sigma, mode, err := gaussianDerivativeArgs(op, dst, image, p)
	if err != nil || len(image.Data) == 0 {
		return err
	}
	gaussianDerivative(dst.Data, image.Data, image.Shape, sigma, 0, 1, mode, p.Cval, p.Truncate)
	tmp := make([]float32, len(image.Data))
	for d := 1; d < len(sigma); d++ {
		gaussianDerivative(tmp, image.Data, image.Shape, sigma, d, 1, mode, p.Cval, p.Truncate)
		parallel(len(tmp), 1<<15, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				acc := dst.Data[i]
				if d == 1 { // the first term is squared in place, as scipy does
					acc = float32(acc * acc)
				}
				dst.Data[i] = acc + float32(tmp[i]*tmp[i])
			}
		})
	}
	parallel(len(dst.Data), 1<<15, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			dst.Data[i] = float32(math.Sqrt(float64(dst.Data[i])))
		}
	})
	return nil
}

// gaussianDerivativeArgs checks the arguments of the Gaussian derivative filters.
func gaussianDerivativeArgs(op string, dst, image Array, p GaussianParams) ([]float64, Mode, error) {
	if err := checkPair(op, dst, image); err != nil {
		return nil, 0, err
	}
	return gaussianParams(op, len(image.Shape), p)
}

// gaussianParams checks Gaussian parameters for an image of the given rank and returns
// sigma per axis and the mode.
func gaussianParams(op string, rank int, p GaussianParams) ([]float64, Mode, error) {
	sigma, err := perAxisFloats(op+": sigma", p.Sigma, rank)
	if err != nil {
		return nil, 0, err
	}
	for _, s := range sigma {
		if s < 0 || math.IsNaN(s) || math.IsInf(s, 0) {
			return nil, 0, fmt.Errorf("%s: sigma must be finite and >= 0, got %v", op, s)
		}
	}
	if p.Truncate < 0 || math.IsNaN(p.Truncate) || math.IsInf(p.Truncate, 0) {
		return nil, 0, fmt.Errorf("%s: truncate must be finite and >= 0, got %v", op, p.Truncate)
	}
	for _, s := range sigma {
		if r := p.Truncate*s + 0.5; r > maxGaussianRadius {
			return nil, 0, fmt.Errorf("%s: sigma %v with truncate %v gives a kernel radius of %.0f, more than %d",
				op, s, p.Truncate, r, maxGaussianRadius)
		}
	}
	mode, err := ParseMode(p.Mode)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	return sigma, mode, nil
}

// maxGaussianRadius bounds the radius of a Gaussian kernel, far beyond any image axis, so
// that a mistyped sigma is an error rather than an enormous allocation.
const maxGaussianRadius = 1 << 24

// gaussianDerivative writes to dst scipy's gaussian_filter of src with the given order
// on axis deriv and order 0 on the others: one 1D correlation per axis with
// sigma > 1e-15, in axis order, rounding to float32 between passes.
func gaussianDerivative(dst, src []float32, shape []int, sigma []float64, deriv, order int, m Mode, cval, truncate float64) {
	in := src // the first pass reads src, the others dst
	for axis, s := range sigma {
		if s <= 1e-15 {
			continue
		}
		o := 0
		if axis == deriv {
			o = order
		}
		w := gaussianKernel1d(s, o, int(truncate*s+0.5))
		separablePass(dst, in, shape, axis, len(w)/2, m, cval, correlateFolded(w))
		in = dst
	}
	if slices.Max(sigma) <= 1e-15 {
		copy(dst, src) // no pass at all: scipy returns the input
	}
}

// gaussianKernel1d returns the correlation weights on [-r, r] of scipy's
// _gaussian_kernel1d(sigma, order, r) (order 0, 1 or 2), reversed as gaussian_filter1d
// reverses them: the kernel q(x)·g(x) with g the normalised Gaussian and q the
// polynomial of the order-th derivative, evaluated with scipy's expressions.
func gaussianKernel1d(sigma float64, order, r int) []float64 {
	s2 := sigma * sigma
	g := make([]float64, 2*r+1)
	sum := 0.0
	for i := range g {
		x := float64(i - r)
		g[i] = math.Exp(-0.5 / s2 * (x * x))
		sum += g[i]
	}
	p := 1 / -s2 // the factor p'(x)/x of scipy's derivative recursion
	w := make([]float64, len(g))
	for i := range g {
		x := float64(i - r)
		q := 1.0
		switch order {
		case 1:
			q = x * p
		case 2:
			q = 1*p + x*x*(p*p)
		}
		w[len(w)-1-i] = q * (g[i] / sum)
	}
	return w
}

// foldOf classifies odd-length weights w centred on len(w)/2 as NI_Correlate1D does: 1
// if symmetric to within DBL_EPSILON (checked first), -1 if antisymmetric, else 0.
func foldOf(w []float64) int {
	r := len(w) / 2
	sym, anti := true, true
	for j := 1; j <= r; j++ {
		sym = sym && math.Abs(w[r+j]-w[r-j]) <= 0x1p-52
		anti = anti && math.Abs(w[r+j]+w[r-j]) <= 0x1p-52
	}
	switch {
	case sym:
		return 1
	case anti:
		return -1
	}
	return 0
}

// correlateFolded correlates with odd-length weights w centred on len(w)/2 in the order
// of scipy's NI_Correlate1D: symmetric and antisymmetric weights (to within DBL_EPSILON)
// are folded about the centre, outer pairs first.
func correlateFolded(w []float64) lineFilter {
	r := len(w) / 2
	switch foldOf(w) {
	case 1:
		return func(padded, out []float64) {
			for i := range out {
				c := padded[i+r:]
				acc := c[0] * w[r]
				for j := r; j >= 1; j-- {
					acc += (padded[i+r-j] + c[j]) * w[r-j]
				}
				out[i] = acc
			}
		}
	case -1:
		return func(padded, out []float64) {
			for i := range out {
				c := padded[i+r:]
				acc := c[0] * w[r]
				for j := r; j >= 1; j-- {
					acc += (padded[i+r-j] - c[j]) * w[r-j]
				}
				out[i] = acc
			}
		}
	}
	return func(padded, out []float64) {
		for i := range out {
			acc := padded[i+2*r] * w[2*r]
			for k := 0; k < 2*r; k++ {
				acc += padded[i+k] * w[k]
			}
			out[i] = acc
		}
	}
}
