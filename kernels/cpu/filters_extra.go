package cpu

import (
	"fmt"
	"math"
)

// DoGParams are the parameters of DifferenceOfGaussians.
type DoGParams struct {
	// Standard deviation of the narrower Gaussian, one value for every axis or one per
	// axis (Z, Y, X).
	LowSigma []float64 `min:"0"`
	// Standard deviation of the wider Gaussian, once or per axis, >= low_sigma on every
	// axis; 0 (the default) means 1.6 × low_sigma, skimage's None.
	HighSigma []float64 `default:"0" min:"0"`
	// How the input is extended past its edges.
	Mode string `default:"nearest" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
	// Cut the kernels off at this many standard deviations.
	Truncate float64 `default:"4" min:"0"`
}

// DifferenceOfGaussians band-pass filters an image: the image smoothed with a Gaussian
// of low_sigma minus the image smoothed with a Gaussian of high_sigma, as
// skimage.filters.difference_of_gaussians on a float32 image (skimage 0.19): both are
// scipy.ndimage.gaussian_filter results in float32 (see GaussianFilter1D's kernel) and
// their difference is rounded to float32. A 3D image is filtered in 3D (skimage would
// take a last axis of length 3 for RGB channels; kernreg never does).
//
//kernreg:op name=difference_of_gaussians tags=filter,band-pass,blob ref=skimage.filters.difference_of_gaussians slices=coupled
func DifferenceOfGaussians(dst, image Array, p DoGParams) error {
	const op = "difference_of_gaussians"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	low, high, mode, err := dogParams(op, len(image.Shape), p)
	if err != nil {
		return err
	}
	wide := make([]float32, len(image.Data))
	gaussianPasses(wide, image.Data, image.Shape, high, nil, mode, p.Cval, p.Truncate)
	gaussianPasses(dst.Data, image.Data, image.Shape, low, nil, mode, p.Cval, p.Truncate)
	parallel(len(wide), 1<<15, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			dst.Data[i] -= wide[i]
		}
	})
	return nil
}

// dogParams checks DifferenceOfGaussians' parameters for an image of the given rank and
// returns the low and high sigma per axis and the mode.
func dogParams(op string, rank int, p DoGParams) (low, high []float64, mode Mode, err error) {
	low, err = perAxisFloats(op+": low_sigma", p.LowSigma, rank)
	if err != nil {
		return nil, nil, 0, err
	}
	if len(p.HighSigma) == 1 && p.HighSigma[0] == 0 {
		high = make([]float64, rank)
		for i, s := range low {
			high[i] = s * 1.6
		}
	} else if high, err = perAxisFloats(op+": high_sigma", p.HighSigma, rank); err != nil {
		return nil, nil, 0, err
	}
	if err := gaussianRadiusArgs(op, "low_sigma", low, p.Truncate); err != nil {
		return nil, nil, 0, err
	}
	if err := gaussianRadiusArgs(op, "high_sigma", high, p.Truncate); err != nil {
		return nil, nil, 0, err
	}
	for i := range low {
		if high[i] < low[i] {
			return nil, nil, 0, fmt.Errorf("%s: high_sigma must be >= low_sigma on every axis, got %v < %v", op, high[i], low[i])
		}
	}
	mode, err = ParseMode(p.Mode)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	return low, high, mode, nil
}

// UnsharpMaskParams are the parameters of UnsharpMask.
type UnsharpMaskParams struct {
	// Standard deviation of the Gaussian blur, one value for every axis or one per axis.
	Radius []float64 `default:"1" min:"0"`
	// How much of the detail (image - blurred) is added.
	Amount float64 `default:"1"`
	// Keep the image's range: true (kernreg's default) never clips; false clips the
	// result to [0, 1], or to [-1, 1] when the image has a negative value, as skimage
	// does for a float image.
	PreserveRange bool `default:"true"`
}

// UnsharpMask sharpens an image by adding the detail lost in a Gaussian blur, as
// skimage.filters.unsharp_mask(image, radius, amount, preserve_range) on a float32
// image (skimage 0.19): with blurred = gaussian_filter(image, radius, mode="reflect",
// truncate=4) in float32, the result is image + (image - blurred)·amount in float32
// arithmetic (amount rounded to float32). kernreg's default is preserve_range=true:
// images are float32 with their original values, and skimage's default (false) only
// clips a float image (to [0, 1], or [-1, 1] if any value is negative), which rarely
// makes sense for counts. A 3D image is blurred in 3D.
//
//kernreg:op name=unsharp_mask tags=filter,sharpening ref=skimage.filters.unsharp_mask slices=coupled
func UnsharpMask(dst, image Array, p UnsharpMaskParams) error {
	const op = "unsharp_mask"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	radius, err := unsharpMaskParams(op, len(image.Shape), p)
	if err != nil {
		return err
	}
	lo, hi := float32(math.Inf(-1)), float32(math.Inf(1))
	if !p.PreserveRange {
		lo, hi = 0, 1
		for _, v := range image.Data {
			if v < 0 {
				lo = -1
				break
			}
		}
	}
	gaussianPasses(dst.Data, image.Data, image.Shape, radius, nil, Reflect, 0, 4)
	amount := float32(p.Amount)
	parallel(len(dst.Data), 1<<15, func(a, b int) {
		for i := a; i < b; i++ {
			v := image.Data[i]
			r := v + float32(float32(v-dst.Data[i])*amount)
			if r < lo {
				r = lo
			} else if r > hi {
				r = hi
			}
			dst.Data[i] = r
		}
	})
	return nil
}

// unsharpMaskParams checks UnsharpMask's parameters for an image of the given rank and
// returns the radius per axis.
func unsharpMaskParams(op string, rank int, p UnsharpMaskParams) ([]float64, error) {
	radius, err := perAxisFloats(op+": radius", p.Radius, rank)
	if err != nil {
		return nil, err
	}
	if err := gaussianRadiusArgs(op, "radius", radius, 4); err != nil {
		return nil, err
	}
	if math.IsNaN(p.Amount) || math.IsInf(p.Amount, 0) {
		return nil, fmt.Errorf("%s: amount must be finite, got %v", op, p.Amount)
	}
	return radius, nil
}

// VarianceFilter replaces each pixel by the variance of the box window around it:
// mean(x²) - mean(x)² over the window of the image extended by mode (cval outside in
// constant mode, so cval² enters the mean of squares), computed from float64 box sums
// and clipped at 0 before rounding to float32. The box covers size/2 pixels before the
// centre and size-size/2-1 after it on each axis, as uniform_filter's. The reference is
// scipy.ndimage.uniform_filter(x², cval=cval²) - uniform_filter(x)² in float64; a NaN or
// infinity in the input makes the results it reaches undefined.
//
//kernreg:op name=variance_filter tags=filter,statistics ref="scipy.ndimage.uniform_filter(x*x) - uniform_filter(x)**2 in float64" slices=coupled
func VarianceFilter(dst, image Array, p BoxParams) error {
	return boxVariance("variance_filter", dst, image, p, false)
}

// StandardDeviationFilter replaces each pixel by the standard deviation of the box
// window around it: the square root of VarianceFilter's float64 variance (clipped at 0),
// rounded to float32.
//
//kernreg:op name=standard_deviation_filter tags=filter,statistics ref="sqrt(max(0, scipy.ndimage.uniform_filter(x*x) - uniform_filter(x)**2)) in float64" slices=coupled
func StandardDeviationFilter(dst, image Array, p BoxParams) error {
	return boxVariance("standard_deviation_filter", dst, image, p, true)
}

func boxVariance(op string, dst, image Array, p BoxParams, std bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	rank := len(image.Shape)
	size, mode, err := boxVarianceParams(op, rank, p)
	if err != nil {
		return err
	}
	nz, ny, nx := dims3(image.Shape)
	sz := 1
	if rank == 3 {
		sz = size[0]
	}
	sy, sx := size[rank-2], size[rank-1]
	// Each goroutine keeps the row sums of sy rows and, in 3D, the plane sums of sz
	// planes, for both moments.
	need := 2 * sy * nx
	if nz > 1 || sz > 1 {
		need += 2 * (sz + 1) * ny * nx
	}
	if need > maxBoxRing {
		return fmt.Errorf("%s: size %v needs more than %d MB of buffers for an image of shape %v",
			op, size, maxBoxRing*8>>20, image.Shape)
	}
	inv := 1 / (float64(sz) * float64(sy) * float64(sx))
	finish := func(out []float32, s1, s2 []float64) {
		for i := range out {
			m := s1[i] * inv
			v := max(s2[i]*inv-m*m, 0)
			if std {
				v = math.Sqrt(v)
			}
			out[i] = float32(v)
		}
	}
	bm := boxMoments{nx: nx, ny: ny, sx: sx, sy: sy, cval: p.Cval,
		tx: windowIndex(nx, sx, mode), ty: windowIndex(ny, sy, mode)}
	plane := ny * nx
	if nz == 1 && sz == 1 {
		parallel(ny, max(1, 4096/nx), func(lo, hi int) {
			bm.rows(bm.scratch(), image.Data, lo, hi, func(y int, s1, s2 []float64) {
				finish(dst.Data[y*nx:(y+1)*nx], s1, s2)
			})
		})
		return nil
	}
	// 3D: a ring of box-summed planes along Z, one per window position.
	tz := windowIndex(nz, sz, mode)
	parallel(nz, 1, func(lo, hi int) {
		s := bm.scratch()
		ring := make([][2][]float64, sz)
		for i := range ring {
			ring[i] = [2][]float64{make([]float64, plane), make([]float64, plane)}
		}
		s1, s2 := make([]float64, plane), make([]float64, plane)
		load := func(j int) { // window position j into slot j % sz
			slot := &ring[j%sz]
			if iz := tz[j]; iz >= 0 {
				bm.plane(s, image.Data[iz*plane:(iz+1)*plane], slot[0], slot[1])
			} else {
				c, n := p.Cval, float64(sy*sx)
				fill(slot[0], float64(c*n))
				fill(slot[1], float64(float64(c*c)*n))
			}
		}
		for j := lo; j < lo+sz-1; j++ {
			load(j)
		}
		for z := lo; z < hi; z++ {
			load(z + sz - 1)
			copy(s1, ring[0][0])
			copy(s2, ring[0][1])
			for a := 1; a < sz; a++ {
				for i, v := range ring[a][0] {
					s1[i] += v
				}
				for i, v := range ring[a][1] {
					s2[i] += v
				}
			}
			finish(dst.Data[z*plane:(z+1)*plane], s1, s2)
		}
	})
	return nil
}

// boxVarianceParams checks the parameters of the box variance filters for an image of
// the given rank and returns the box size per axis and the mode.
func boxVarianceParams(op string, rank int, p BoxParams) ([]int, Mode, error) {
	size, err := perAxisInts(op+": size", p.Size, rank)
	if err != nil {
		return nil, 0, err
	}
	for _, s := range size {
		if s < 1 || s > maxWindow1D {
			return nil, 0, fmt.Errorf("%s: size must be in [1, %d], got %d", op, maxWindow1D, s)
		}
	}
	mode, err := ParseMode(p.Mode)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", op, err)
	}
	return size, mode, nil
}

// maxBoxRing bounds the float64 buffers of one goroutine of boxVariance (256 MB).
const maxBoxRing = 1 << 25

func fill(a []float64, v float64) {
	for i := range a {
		a[i] = v
	}
}

// boxMoments computes, for the rows of one plane, the box sums over sy x sx of the
// pixels and of their squares, in float64, the plane extended by mode.
type boxMoments struct {
	nx, ny, sx, sy int
	tx, ty         []int // window position -> source index, -1: cval
	cval           float64
}

// boxScratch is one goroutine's buffers for boxMoments.
type boxScratch struct {
	line []float64      // one padded row
	ring [][2][]float64 // row sums of the sy rows of the window, slot j % sy
	r1   []float64
	r2   []float64
}

func (b *boxMoments) scratch() *boxScratch {
	s := &boxScratch{line: make([]float64, b.nx+b.sx-1), ring: make([][2][]float64, b.sy),
		r1: make([]float64, b.nx), r2: make([]float64, b.nx)}
	for i := range s.ring {
		s.ring[i] = [2][]float64{make([]float64, b.nx), make([]float64, b.nx)}
	}
	return s
}

// rowSums writes the running sums over sx of window row j (a position along Y) of the
// plane src to the ring.
func (b *boxMoments) rowSums(s *boxScratch, src []float32, j int) {
	slot := &s.ring[j%b.sy]
	s1, s2 := slot[0], slot[1]
	iy := b.ty[j]
	if iy < 0 {
		c, n := b.cval, float64(b.sx)
		fill(s1, float64(c*n))
		fill(s2, float64(float64(c*c)*n))
		return
	}
	row := src[iy*b.nx : (iy+1)*b.nx]
	for k, ix := range b.tx {
		if ix < 0 {
			s.line[k] = b.cval
		} else {
			s.line[k] = float64(row[ix])
		}
	}
	a1, a2 := 0.0, 0.0
	for _, v := range s.line[:b.sx] {
		a1 += v
		a2 += float64(v * v)
	}
	s1[0], s2[0] = a1, a2
	for x := 1; x < b.nx; x++ {
		in, out := s.line[x+b.sx-1], s.line[x-1]
		a1 += in - out
		a2 += float64(in*in) - float64(out*out)
		s1[x], s2[x] = a1, a2
	}
}

// rows calls fn with the box sums of output rows [lo, hi) of the plane src, in order;
// the slices are reused.
func (b *boxMoments) rows(s *boxScratch, src []float32, lo, hi int, fn func(y int, s1, s2 []float64)) {
	for j := lo; j < lo+b.sy-1; j++ {
		b.rowSums(s, src, j)
	}
	for y := lo; y < hi; y++ {
		b.rowSums(s, src, y+b.sy-1)
		copy(s.r1, s.ring[0][0])
		copy(s.r2, s.ring[0][1])
		for a := 1; a < b.sy; a++ {
			for i, v := range s.ring[a][0] {
				s.r1[i] += v
			}
			for i, v := range s.ring[a][1] {
				s.r2[i] += v
			}
		}
		fn(y, s.r1, s.r2)
	}
}

// plane writes the box sums of every row of the plane src to s1 and s2.
func (b *boxMoments) plane(s *boxScratch, src []float32, s1, s2 []float64) {
	b.rows(s, src, 0, b.ny, func(y int, r1, r2 []float64) {
		copy(s1[y*b.nx:], r1)
		copy(s2[y*b.nx:], r2)
	})
}
