package cpu

import "fmt"

// Volume-only (PURE_3D) operations on stacks whose first axis is time or z, where each
// slice is corrected using statistics taken along that axis.

// checkVolumePair checks a dst/src pair of a same-shape PURE_3D kernel.
func checkVolumePair(op string, dst, src Volume) error {
	if len(src.Shape) != 3 {
		return fmt.Errorf("%s: image must be 3D (Z x Y x X), got shape %v", op, src.Shape)
	}
	if err := checkData(op, src.Shape, len(src.Data)); err != nil {
		return err
	}
	if err := checkData(op, dst.Shape, len(dst.Data)); err != nil {
		return err
	}
	return sameShape(op, src.Shape, dst.Shape)
}

// BleachCorrectionParams are the parameters of BleachCorrection.
type BleachCorrectionParams struct {
	// Background intensity subtracted from every pixel before the ratio is applied.
	Background float64 `default:"0"`
}

// BleachCorrection compensates photobleaching in a time series (first axis = time) by
// scaling each background-subtracted slice to the mean intensity of the first, the simple
// ratio method of Fiji's Bleach Correction (Miura 2020, after J. Rietdorf). With m_t the
// mean of slice t (in float64) and b the background,
//
//	out[t] = (in[t] - b) * (m_0 - b) / (m_t - b)   for t > 0,   out[0] = in[0] - b,
//
// computed in float64 and rounded once to float32. A slice whose mean equals b gets an
// infinite or NaN ratio (IEEE, as in the Fiji plugin); a NaN in a slice makes that slice
// NaN, or every slice after the first if it is in slice 0. On a 2D image the result is
// image - b.
//
//kernreg:op name=bleach_correction tags=stack,intensity,timelapse ref="Fiji:BleachCorrection_SimpleRatio(Miura2020)"
func BleachCorrection(dst, image Volume, p BleachCorrectionParams) error {
	const op = "bleach_correction"
	if err := checkVolumePair(op, dst, image); err != nil {
		return err
	}
	nz, n := image.Shape[0], image.Shape[1]*image.Shape[2]
	if nz*n == 0 {
		return nil
	}
	bg := p.Background
	means := make([]float64, nz)
	parallel(nz, max(1, (1<<16)/max(1, n)), func(lo, hi int) {
		for z := lo; z < hi; z++ {
			s := 0.0
			for _, v := range image.Data[z*n : (z+1)*n] {
				s += float64(v)
			}
			means[z] = s / float64(n)
		}
	})
	ratio := make([]float64, nz)
	ratio[0] = 1
	for z := 1; z < nz; z++ {
		ratio[z] = (means[0] - bg) / (means[z] - bg)
	}
	src, d := image.Data, dst.Data
	parallel(len(d), ewMinChunk, func(lo, hi int) {
		for i := lo; i < hi; {
			z := i / n
			end := min(hi, (z+1)*n)
			r := ratio[z]
			for j, v := range src[i:end] {
				d[i+j] = float32((float64(v) - bg) * r)
			}
			i = end
		}
	})
	return nil
}

// SubtractZMedian removes a static background from a time series or stack by subtracting
// from every pixel its median over the first axis (time or z), in float32.
//
//	out[z, y, x] = in[z, y, x] - median(in[:, y, x]).
//
// The median is numpy's: the middle value for an odd count and float32(lo + hi) / 2 of
// the two middle values for an even count; a NaN along the axis
// makes the median, and so the whole column, NaN. On a 2D image the result is 0 (NaN
// where the input is NaN or infinite).
//
//kernreg:op name=subtract_z_median tags=stack,background,timelapse ref="image-numpy.median(image,axis=0)"
func SubtractZMedian(dst, image Volume) error {
	const op = "subtract_z_median"
	if err := checkVolumePair(op, dst, image); err != nil {
		return err
	}
	nz, n := image.Shape[0], image.Shape[1]*image.Shape[2]
	if nz*n == 0 {
		return nil
	}
	// Columns are gathered a block of neighbouring pixels at a time so that every read
	// and write is a contiguous run of a slice.
	block := min(max(16384/nz, 8), 512)
	src, d := image.Data, dst.Data
	parallel((n+block-1)/block, 1, func(b0, b1 int) {
		cols := make([]float32, block*nz)
		med := make([]float32, block)
		for b := b0; b < b1; b++ {
			lo, hi := b*block, min((b+1)*block, n)
			w := hi - lo
			for z := 0; z < nz; z++ {
				for j, v := range src[z*n+lo : z*n+hi] {
					cols[j*nz+z] = v
				}
			}
			for j := range w {
				med[j] = zMedian(cols[j*nz : (j+1)*nz])
			}
			for z := 0; z < nz; z++ {
				row := d[z*n+lo : z*n+hi]
				for j, v := range src[z*n+lo : z*n+hi] {
					row[j] = v - med[j]
				}
			}
		}
	})
	return nil
}

// zMedian returns numpy.median of a float32 column, reordering it: NaN if any element is
// NaN, else the middle element, or float32(lo+hi)/2 of the two middle ones.
func zMedian(a []float32) float32 {
	for _, v := range a {
		if v != v {
			return v
		}
	}
	k := len(a) / 2
	hi := selectKth(a, k)
	if len(a)%2 == 1 {
		return hi
	}
	lo := a[0]
	for _, v := range a[1:k] {
		lo = max(lo, v)
	}
	return (lo + hi) / 2
}

// selectKth reorders a (NaN-free) so that a[k] is its k-th smallest element,
// a[:k] <= a[k] <= a[k+1:], and returns a[k]. Quickselect with Hoare partitioning and a
// median-of-three pivot; short ranges are finished by insertion sort.
func selectKth(a []float32, k int) float32 {
	lo, hi := 0, len(a)-1
	for hi-lo >= 16 {
		mid := lo + (hi-lo)/2
		if a[mid] < a[lo] {
			a[mid], a[lo] = a[lo], a[mid]
		}
		if a[hi] < a[lo] {
			a[hi], a[lo] = a[lo], a[hi]
		}
		if a[hi] < a[mid] {
			a[hi], a[mid] = a[mid], a[hi]
		}
		pivot := a[mid]
		i, j := lo, hi
		for i <= j {
			for a[i] < pivot {
				i++
			}
			for a[j] > pivot {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		// Now a[lo..j] <= pivot <= a[i..hi], and elements strictly between j and i
		// equal the pivot.
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return a[k]
		}
	}
	for i := lo + 1; i <= hi; i++ {
		v := a[i]
		j := i
		for ; j > lo && a[j-1] > v; j-- {
			a[j] = a[j-1]
		}
		a[j] = v
	}
	return a[k]
}
