package cpu

import (
	"fmt"
	"math"
	"sort"
)

// Background estimation: the rolling ball of scikit-image and Gaussian background
// subtraction.

// RollingBallParams are the parameters of RollingBall and SubtractRollingBallBackground.
type RollingBallParams struct {
	// Radius of the ball, in pixels (need not be an integer).
	Radius float64 `default:"100" min:"0" max:"100000"`
}

// RollingBall estimates the background of an image by rolling a ball under its surface,
// as skimage.restoration.rolling_ball(image, radius=radius) does (nansafe=False), and
// returns the background. The ball of a 2D image is a disk, that of a 3D image a sphere;
// with R = ceil(radius) it covers the offsets k in [-R, R]^ndim with
// sqrt(|k|²) <= radius (in float64), and its height there is
//
//	h(k) = float32(sqrt(max(radius² - |k|², 0))),   d(k) = h(0) - h(k)   (in float32).
//
// The background is, for every pixel x, the minimum over the offsets k with x+k inside
// the image of float32(image[x+k] + d(k)): a grey erosion with the ball as structuring
// function. NaN pixels never win the minimum; a pixel whose whole ball is NaN gets +Inf.
// Results equal skimage's exactly (up to the sign of a zero). A minimum of correctly
// rounded sums does not depend on the order of the terms, which lets the kernel compute
// each ball row's minima once for the up to four output rows that share them, and skip
// the terms that a monotone lower bound proves cannot win: on images whose intensity
// range is small next to the radius most of the ball is skipped.
//
//kernreg:op name=rolling_ball tags=background,morphology ref=skimage.restoration.rolling_ball slices=coupled
func RollingBall(dst, image Array, p RollingBallParams) error {
	return rollingBall("rolling_ball", dst, image, p, false)
}

// SubtractRollingBallBackground subtracts the rolling-ball background from the image:
// image - rolling_ball(image, radius) in float32 (see RollingBall); a NaN pixel stays NaN.
//
//kernreg:op name=subtract_rolling_ball_background tags=background ref="image-skimage.restoration.rolling_ball(image,radius=radius)" slices=coupled
func SubtractRollingBallBackground(dst, image Array, p RollingBallParams) error {
	return rollingBall("subtract_rolling_ball_background", dst, image, p, true)
}

// rbBlock is the number of pixels of a row whose minimum is computed (or skipped) as a
// unit: long enough for the inner loops, short enough for the bounds to be tight.
const rbBlock = 16

func rollingBall(op string, dst, image Array, p RollingBallParams, subtract bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if err := rollingBallRadius(op, p.Radius); err != nil {
		return err
	}
	radius := p.Radius
	nz, ny, nx := dims3(image.Shape)
	rank := len(image.Shape)
	big := int(math.Ceil(radius))

	// The image with NaN replaced by +Inf, each row padded with pad +Inf on both sides:
	// NaN + d is never below the running minimum in skimage's loop, and neither is +Inf,
	// so both give the same minimum (and no NaN reaches the builtin min below). Offsets
	// of nx or more along X never land inside a row, so the padding stops there.
	n := len(image.Data)
	inf := float32(math.Inf(1))
	pad := min(big, nx-1)
	stride := nx + 2*pad
	nrows := nz * ny
	f := make([]float32, nrows*stride)
	parallel(nrows, 16, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			row := f[r*stride : (r+1)*stride]
			for i := range pad {
				row[i], row[pad+nx+i] = inf, inf
			}
			for i, v := range image.Data[r*nx : (r+1)*nx] {
				if v != v {
					v = inf
				}
				row[pad+i] = v
			}
		}
	})
	// blockMin[r*nb+b] is the minimum of block b of row r, for the lower bounds.
	nb := (nx + rbBlock - 1) / rbBlock
	blockMin := make([]float32, nrows*nb)
	parallel(nrows, 16, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			row := f[r*stride+pad : r*stride+pad+nx]
			for b := range nb {
				m := inf
				for _, v := range row[b*rbBlock : min((b+1)*rbBlock, nx)] {
					m = min(m, v)
				}
				blockMin[r*nb+b] = m
			}
		}
	})

	// The centre of the ball adds d = 0, so every pixel starts at its own (sanitized)
	// value: an upper bound from the start, which lets the first rows be cut too.
	out := dst.Data
	parallel(nrows, 16, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			copy(out[r*nx:(r+1)*nx], f[r*stride+pad:r*stride+pad+nx])
		}
	})
	// outMax[r*nb+b] is the largest value of block b of output row r.
	outMax := make([]float32, nrows*nb)
	parallel(nrows, 16, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			for b := range nb {
				outMax[r*nb+b] = blockMax(out[r*nx+b*rbBlock : r*nx+min((b+1)*rbBlock, nx)])
			}
		}
	})
	e := make([]float32, n)        // the row minima of the current ball row class
	done := make([]bool, nrows*nb) // whether a block of e was computed
	r2 := radius * radius          // numpy's radius**2
	h0 := float32(math.Sqrt(max(r2, 0)))
	zmax := 0
	if rank == 3 {
		zmax = big
	}
	// Ball rows are grouped by (|kz|, |ky|): a row's values depend only on kz² + ky², so
	// each group's row minima serve up to four output rows. Groups run from the centre
	// outwards so that the running minima, and with them the bounds, tighten early.
	type class struct{ az, ay, q int }
	var classes []class
	for az := 0; az <= zmax; az++ {
		for ay := 0; ay <= big; ay++ {
			classes = append(classes, class{az, ay, az*az + ay*ay})
		}
	}
	sortClasses := func(c []class) {
		for i := 1; i < len(c); i++ {
			for j := i; j > 0 && c[j].q < c[j-1].q; j-- {
				c[j], c[j-1] = c[j-1], c[j]
			}
		}
	}
	sortClasses(classes)
	d := make([]float32, 0, big+1)
	for _, c := range classes {
		// The row's half-width w and its heights d[0..w] (symmetric in kx).
		d = d[:0]
		for kx := 0; kx <= big; kx++ {
			ss := float64(c.q + kx*kx)
			if math.Sqrt(ss) > radius {
				break
			}
			d = append(d, h0-float32(math.Sqrt(max(r2-ss, 0))))
		}
		if len(d) == 0 {
			continue
		}
		d = d[:min(len(d), pad+1)]
		w := len(d) - 1
		// Output rows (z, y) read input rows (z±az, y±ay): compute the minima of every
		// input row that some output row needs, skipping blocks where a bound proves
		// that no output row would get lower.
		parallel(nrows, max(1, 64/(2*w+1)), func(lo, hi int) {
			var targets [4]int
			for r := lo; r < hi; r++ {
				z, y := r/ny, r%ny
				nt := 0
				for _, tz := range [2]int{z - c.az, z + c.az} {
					if tz < 0 || tz >= nz {
						continue
					}
					for _, ty := range [2]int{y - c.ay, y + c.ay} {
						if ty < 0 || ty >= ny {
							continue
						}
						t := tz*ny + ty
						dup := false
						for _, u := range targets[:nt] {
							dup = dup || u == t
						}
						if !dup {
							targets[nt] = t
							nt++
						}
					}
				}
				for b := range nb {
					x0, x1 := b*rbBlock, min((b+1)*rbBlock, nx)
					done[r*nb+b] = false
					if nt == 0 {
						continue
					}
					// Every term of the block is at least m + d[k], m the smallest input
					// it reads; float32 rounding is monotone, so the terms at offsets k
					// with fl(m + d[k]) >= vmax, the largest current value of the target
					// blocks, cannot lower any of them. d grows with |k|, so what remains
					// is the arc cut to |k| < kmax, or nothing.
					m := inf
					for bb := max(0, (x0-w)/rbBlock); bb <= min(nb-1, (x1-1+w)/rbBlock); bb++ {
						m = min(m, blockMin[r*nb+bb])
					}
					vmax := -inf
					for _, t := range targets[:nt] {
						vmax = max(vmax, outMax[t*nb+b])
					}
					kmax := sort.Search(len(d), func(k int) bool { return m+d[k] >= vmax })
					for kmax > 0 {
						// The cut arc reads a narrower window, whose minimum may be larger.
						m2 := inf
						for bb := max(0, (x0-kmax+1)/rbBlock); bb <= min(nb-1, (x1+kmax-2)/rbBlock); bb++ {
							m2 = min(m2, blockMin[r*nb+bb])
						}
						if m2 <= m {
							break
						}
						m = m2
						kmax = sort.Search(kmax, func(k int) bool { return m+d[k] >= vmax })
					}
					if kmax == 0 {
						continue
					}
					done[r*nb+b] = true
					row := f[r*stride+pad-(kmax-1) : (r+1)*stride]
					arcMin(e[r*nx+x0:r*nx+x1], row, x0, d[:kmax])
				}
			}
		})
		parallel(nrows, 16, func(lo, hi int) {
			for t := lo; t < hi; t++ {
				z, y := t/ny, t%ny
				var srcs [4]int
				ns := 0
				for iz, sz := range [2]int{z - c.az, z + c.az} {
					if sz < 0 || sz >= nz || (iz == 1 && c.az == 0) {
						continue
					}
					for iy, sy := range [2]int{y - c.ay, y + c.ay} {
						if sy < 0 || sy >= ny || (iy == 1 && c.ay == 0) {
							continue
						}
						srcs[ns] = sz*ny + sy
						ns++
					}
				}
				for b := range nb {
					x0, x1 := b*rbBlock, min((b+1)*rbBlock, nx)
					dd := out[t*nx+x0 : t*nx+x1]
					changed := false
					for _, s := range srcs[:ns] {
						if !done[s*nb+b] {
							continue
						}
						changed = true
						for i, v := range e[s*nx+x0 : s*nx+x1] {
							if v < dd[i] {
								dd[i] = v
							}
						}
					}
					if changed {
						outMax[t*nb+b] = blockMax(dd)
					}
				}
			}
		})
	}
	if subtract {
		parallel(n, ewMinChunk, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				out[i] = image.Data[i] - out[i]
			}
		})
	}
	return nil
}

// rollingBallRadius checks the radius of RollingBall and SubtractRollingBallBackground.
func rollingBallRadius(op string, radius float64) error {
	if !(radius >= 0) || radius > 100000 {
		return fmt.Errorf("%s: radius must be in [0, 100000], got %v", op, radius)
	}
	return nil
}

// arcMin sets e[i] to the minimum over |k| <= w = len(d)-1 of row[x0+i+k] + d[|k|] in
// float32, where row is padded with +Inf (at least w on each side) and row[0] is image
// column -w. The two offsets ±k share a weight, and rounding is monotone, so
// min(a, b) + d equals min(a + d, b + d) exactly: one addition covers both. Eight
// outputs are kept in registers at a time.
func arcMin(e, row []float32, x0 int, d []float32) {
	w := len(d) - 1
	n := len(e)
	i := 0
	for ; i+8 <= n; i += 8 {
		c := row[x0+i : x0+i+2*w+8] // c[w+j] is column x0+i+j
		m0, m1, m2, m3 := c[w]+d[0], c[w+1]+d[0], c[w+2]+d[0], c[w+3]+d[0]
		m4, m5, m6, m7 := c[w+4]+d[0], c[w+5]+d[0], c[w+6]+d[0], c[w+7]+d[0]
		for k := 1; k <= w; k++ {
			dk := d[k]
			l := c[w-k : w-k+8]
			r := c[w+k : w+k+8]
			m0 = min(m0, min(l[0], r[0])+dk)
			m1 = min(m1, min(l[1], r[1])+dk)
			m2 = min(m2, min(l[2], r[2])+dk)
			m3 = min(m3, min(l[3], r[3])+dk)
			m4 = min(m4, min(l[4], r[4])+dk)
			m5 = min(m5, min(l[5], r[5])+dk)
			m6 = min(m6, min(l[6], r[6])+dk)
			m7 = min(m7, min(l[7], r[7])+dk)
		}
		e[i], e[i+1], e[i+2], e[i+3] = m0, m1, m2, m3
		e[i+4], e[i+5], e[i+6], e[i+7] = m4, m5, m6, m7
	}
	for ; i < n; i++ {
		c := row[x0+i : x0+i+2*w+1]
		m := c[w] + d[0]
		for k := 1; k <= w; k++ {
			m = min(m, min(c[w-k], c[w+k])+d[k])
		}
		e[i] = m
	}
}

// SubtractGaussianBackgroundParams are the parameters of SubtractGaussianBackground.
type SubtractGaussianBackgroundParams struct {
	// Standard deviation of the Gaussian background, one value for every axis or one per axis (Z, Y, X).
	Sigma []float64 `default:"2" min:"0"`
	// How the input is extended past its edges.
	Mode string `default:"reflect" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
	// Cut the kernel off at this many standard deviations.
	Truncate float64 `default:"4" min:"0"`
}

// SubtractGaussianBackground removes a smooth background: image - gaussian_filter(image,
// sigma) in float32, with the Gaussian exactly as in GaussianFilter (clesperanto's
// subtract_gaussian_background, with scipy's Gaussian and modes).
//
//kernreg:op name=subtract_gaussian_background tags=background,filter ref="image-scipy.ndimage.gaussian_filter(image,sigma)" slices=coupled
func SubtractGaussianBackground(dst, image Array, p SubtractGaussianBackgroundParams) error {
	const op = "subtract_gaussian_background"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	gp := GaussianParams{Sigma: p.Sigma, Mode: p.Mode, Cval: p.Cval, Truncate: p.Truncate}
	if _, _, err := gaussianDerivativeArgs(op, dst, image, gp); err != nil {
		return err
	}
	if err := GaussianFilter(dst, image, gp); err != nil {
		return err
	}
	parallel(len(dst.Data), ewMinChunk, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			dst.Data[i] = image.Data[i] - dst.Data[i]
		}
	})
	return nil
}

// blockMax returns the largest of a NaN-free, non-empty slice.
func blockMax(a []float32) float32 {
	m := a[0]
	for _, v := range a[1:] {
		if v > m {
			m = v
		}
	}
	return m
}
