package cpu

import (
	"fmt"
	"math"
)

// Z projections reduce a Z x Y x X volume along Z to a Y x X plane, pixel by pixel.
// Workers own disjoint pixel ranges and walk the slices in order, so every read is a
// contiguous run of a slice and results do not depend on the number of workers.

// projBlock is the number of pixels whose running state (a float64 or float32 each)
// is kept while walking the slices: small enough to stay in L1/L2.
const projBlock = 2048

// checkProjection checks a volume and the plane its projection is written to.
func checkProjection(op string, dst Plane, image Volume) error {
	if len(image.Shape) != 3 {
		return fmt.Errorf("%s: image must be 3D (Z x Y x X), got shape %v", op, image.Shape)
	}
	if err := checkData(op, image.Shape, len(image.Data)); err != nil {
		return err
	}
	if len(dst.Shape) != 2 {
		return fmt.Errorf("%s: dst must be 2D (Y x X), got shape %v", op, dst.Shape)
	}
	if err := checkData(op, dst.Shape, len(dst.Data)); err != nil {
		return err
	}
	if image.Shape[0] < 1 {
		return fmt.Errorf("%s: image %v has no slices", op, image.Shape)
	}
	return sameShape(op, image.Shape[1:], dst.Shape)
}

// projectBlocks runs fn on blocks [lo, hi) of the plane's pixels, in parallel; n is the
// number of pixels per slice.
func projectBlocks(n int, fn func(lo, hi int)) {
	parallel((n+projBlock-1)/projBlock, 1, func(b0, b1 int) {
		for b := b0; b < b1; b++ {
			fn(b*projBlock, min((b+1)*projBlock, n))
		}
	})
}

// foldZ sets dst to slice 0 and then dst[i] = f(dst[i], slice[i]) for slices 1..Z-1.
func foldZ(op string, dst Plane, image Volume, f func(d, s []float32)) error {
	if err := checkProjection(op, dst, image); err != nil {
		return err
	}
	nz, n := image.Shape[0], len(dst.Data)
	projectBlocks(n, func(lo, hi int) {
		d := dst.Data[lo:hi]
		copy(d, image.Data[lo:hi])
		for z := 1; z < nz; z++ {
			f(d, image.Data[z*n+lo:z*n+hi])
		}
	})
	return nil
}

// MaximumZProjection sets each pixel to the maximum over Z; a NaN anywhere along Z
// gives NaN, as numpy.max does.
//
//kernreg:op name=maximum_z_projection tags=projection ref="numpy.max(axis=0)"
func MaximumZProjection(dst Plane, image Volume) error {
	return foldZ("maximum_z_projection", dst, image, func(d, s []float32) {
		s = s[:len(d)]
		for i, v := range s {
			// max(d, v) with NaN propagating, without the builtin's signed-zero branch
			// in the common case: take v when it is larger or NaN, unless d is NaN.
			if w := d[i]; !(v <= w) && w == w {
				d[i] = max(w, v)
			}
		}
	})
}

// MinimumZProjection sets each pixel to the minimum over Z; a NaN anywhere along Z
// gives NaN, as numpy.min does.
//
//kernreg:op name=minimum_z_projection tags=projection ref="numpy.min(axis=0)"
func MinimumZProjection(dst Plane, image Volume) error {
	return foldZ("minimum_z_projection", dst, image, func(d, s []float32) {
		for i := range d {
			d[i] = min(d[i], s[i])
		}
	})
}

// sumZ checks the arguments and calls fin on each block with the float64 sums over Z of
// its pixels; sums run z = 0, 1, ... in order.
func sumZ(op string, dst Plane, image Volume, fin func(lo, nz int, sum []float64)) error {
	if err := checkProjection(op, dst, image); err != nil {
		return err
	}
	nz, n := image.Shape[0], len(dst.Data)
	projectBlocks(n, func(lo, hi int) {
		var buf [projBlock]float64
		acc := buf[:hi-lo]
		for z := 0; z < nz; z++ {
			s := image.Data[z*n+lo : z*n+hi]
			for i, v := range s {
				acc[i] += float64(v)
			}
		}
		fin(lo, nz, acc)
	})
	return nil
}

// SumZProjection sets each pixel to the sum over Z, accumulated in float64 and rounded
// once to float32 (numpy.sum(axis=0, dtype=float64)); NaN propagates.
//
//kernreg:op name=sum_z_projection tags=projection ref="numpy.sum(axis=0,dtype=float64)"
func SumZProjection(dst Plane, image Volume) error {
	return sumZ("sum_z_projection", dst, image, func(lo, _ int, sum []float64) {
		d := dst.Data[lo : lo+len(sum)]
		for i, v := range sum {
			d[i] = float32(v)
		}
	})
}

// MeanZProjection sets each pixel to the mean over Z: the float64 sum divided by Z,
// rounded once to float32 (numpy.mean(axis=0, dtype=float64)); NaN propagates.
//
//kernreg:op name=mean_z_projection tags=projection ref="numpy.mean(axis=0,dtype=float64)"
func MeanZProjection(dst Plane, image Volume) error {
	return sumZ("mean_z_projection", dst, image, func(lo, nz int, sum []float64) {
		d := dst.Data[lo : lo+len(sum)]
		fz := float64(nz)
		for i, v := range sum {
			d[i] = float32(v / fz)
		}
	})
}

// StdZProjection sets each pixel to the population standard deviation over Z (ddof=0):
// sqrt(Σ(x - m)² / Z) with m the mean, both passes in float64 and the result rounded
// once to float32 (numpy.std(axis=0, dtype=float64)). A single slice gives 0; NaN
// propagates.
//
//kernreg:op name=std_z_projection tags=projection ref="numpy.std(axis=0,dtype=float64)"
func StdZProjection(dst Plane, image Volume) error {
	if err := checkProjection("std_z_projection", dst, image); err != nil {
		return err
	}
	nz, n := image.Shape[0], len(dst.Data)
	fz := float64(nz)
	projectBlocks(n, func(lo, hi int) {
		var mbuf, vbuf [projBlock]float64
		mean, ss := mbuf[:hi-lo], vbuf[:hi-lo]
		for z := 0; z < nz; z++ {
			for i, v := range image.Data[z*n+lo : z*n+hi] {
				mean[i] += float64(v)
			}
		}
		for i := range mean {
			mean[i] /= fz
		}
		for z := 0; z < nz; z++ {
			for i, v := range image.Data[z*n+lo : z*n+hi] {
				e := float64(v) - mean[i]
				ss[i] += e * e
			}
		}
		d := dst.Data[lo:hi]
		for i, v := range ss {
			d[i] = float32(math.Sqrt(v / fz))
		}
	})
	return nil
}

// argZ writes the index of the first slice holding the maximum (or, with !wantMax, the
// minimum) along Z, as float32; a NaN beats any number and the first NaN wins, as in
// numpy.argmax and numpy.argmin.
func argZ(op string, dst Plane, image Volume, wantMax bool) error {
	if err := checkProjection(op, dst, image); err != nil {
		return err
	}
	nz, n := image.Shape[0], len(dst.Data)
	projectBlocks(n, func(lo, hi int) {
		var buf [projBlock]float32
		best := buf[:hi-lo]
		copy(best, image.Data[lo:hi])
		d := dst.Data[lo:hi]
		clear(d)
		for z := 1; z < nz; z++ {
			fz := float32(z)
			s := image.Data[z*n+lo : z*n+hi]
			if wantMax {
				for i, v := range s {
					if b := best[i]; v > b || (v != v && b == b) {
						best[i], d[i] = v, fz
					}
				}
			} else {
				for i, v := range s {
					if b := best[i]; v < b || (v != v && b == b) {
						best[i], d[i] = v, fz
					}
				}
			}
		}
	})
	return nil
}

// ZPositionOfMaximumZProjection sets each pixel to the z index of its maximum along Z,
// as float32; of equal maxima the smallest z wins (clesperanto's rule), and the first
// NaN counts as the maximum, as in numpy.argmax.
//
//kernreg:op name=z_position_of_maximum_z_projection tags=projection ref="numpy.argmax(axis=0)"
func ZPositionOfMaximumZProjection(dst Plane, image Volume) error {
	return argZ("z_position_of_maximum_z_projection", dst, image, true)
}

// ZPositionOfMinimumZProjection sets each pixel to the z index of its minimum along Z,
// as float32; of equal minima the smallest z wins, and the first NaN counts as the
// minimum, as in numpy.argmin.
//
//kernreg:op name=z_position_of_minimum_z_projection tags=projection ref="numpy.argmin(axis=0)"
func ZPositionOfMinimumZProjection(dst Plane, image Volume) error {
	return argZ("z_position_of_minimum_z_projection", dst, image, false)
}
