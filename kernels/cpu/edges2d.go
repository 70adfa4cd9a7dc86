package cpu

import (
	"fmt"
	"math"
)

// The 2D edge filters of scikit-image 0.19 (skimage.filters.sobel_h and friends). They
// are PURE_2D: the registry runs them on each slice of a stack. skimage computes them as
// scipy.ndimage.convolve(image, kernel, mode="reflect") in float64 with a float32 result;
// with mask=None (the only form offered here) _mask_filter_result leaves the result
// unchanged, so border pixels are computed from the reflected image, not zeroed (the
// zeroed border of skimage <= 0.18 is gone). The kernels below are written as
// correlation weights w[dy][dx] applied to image[y+dy][x+dx], which is how convolve
// applies skimage's kernels after flipping them.

// convolveTaps returns the correlation taps scipy.ndimage.convolve applies for the 2D
// kernel k with reflect borders (Convolve's: the kernel flipped on both axes, centred on
// index (size-1)/2, in C order, without the weights scipy drops), so that the sum runs in
// scipy's order and a NaN under a zero weight does not propagate.
func convolveTaps(k [][]float64) []CorrelateTap {
	var flat []float64
	for _, row := range k {
		flat = append(flat, row...)
	}
	taps, _, err := CorrelateTaps("convolve", CorrelateParams{Weights: flat, WeightsShape: []int{len(k), len(k[0])}, Mode: "reflect"}, true)
	if err != nil {
		panic(err)
	}
	return taps
}

// edgeKernel3 is skimage's _generic_edge_filter kernel for one axis of a 2D image: the
// edge weights [1, 0, -1] along axis times the smoothing weights along the other one.
func edgeKernel3(smooth [3]float64, axis int) [][]float64 {
	edge := [3]float64{1, 0, -1}
	k := make([][]float64, 3)
	for i := range k {
		k[i] = make([]float64, 3)
		for j := range k[i] {
			if axis == 0 {
				k[i][j] = edge[i] * smooth[j]
			} else {
				k[i][j] = edge[j] * smooth[i]
			}
		}
	}
	return k
}

var (
	sobelSmooth   = [3]float64{1.0 / 4, 2.0 / 4, 1.0 / 4}
	prewittSmooth = [3]float64{1.0 / 3, 1.0 / 3, 1.0 / 3}
	scharrSmooth  = [3]float64{3.0 / 16, 10.0 / 16, 3.0 / 16}

	sobelHTaps   = convolveTaps(edgeKernel3(sobelSmooth, 0))
	sobelVTaps   = convolveTaps(edgeKernel3(sobelSmooth, 1))
	prewittHTaps = convolveTaps(edgeKernel3(prewittSmooth, 0))
	prewittVTaps = convolveTaps(edgeKernel3(prewittSmooth, 1))
	scharrHTaps  = convolveTaps(edgeKernel3(scharrSmooth, 0))
	scharrVTaps  = convolveTaps(edgeKernel3(scharrSmooth, 1))
	robertsPTaps = convolveTaps([][]float64{{1, 0}, {0, -1}})
	robertsNTaps = convolveTaps([][]float64{{0, 1}, {-1, 0}})
)

// EdgeTaps returns the correlation taps of the 2D edge filter op (sobel_h, sobel_v,
// prewitt_h, prewitt_v, scharr_h, scharr_v, roberts_pos_diag, roberts_neg_diag), in the
// order of the sum, for reflect borders; nil for another name. The GPU kernels run the
// same sums.
func EdgeTaps(op string) []CorrelateTap {
	switch op {
	case "sobel_h":
		return sobelHTaps
	case "sobel_v":
		return sobelVTaps
	case "prewitt_h":
		return prewittHTaps
	case "prewitt_v":
		return prewittVTaps
	case "scharr_h":
		return scharrHTaps
	case "scharr_v":
		return scharrVTaps
	case "roberts_pos_diag":
		return robertsPTaps
	case "roberts_neg_diag":
		return robertsNTaps
	}
	return nil
}

// SobelH finds horizontal edges with skimage.filters.sobel_h: the correlation with
// -1/4, -1/2, -1/4 on row y-1 (columns x-1, x, x+1) and 1/4, 1/2, 1/4 on row y+1, with
// reflect borders, in float64 rounded to float32 (mask=None semantics). It is positive
// where the image gets brighter downwards.
//
//kernreg:op name=sobel_h tags=filter,edges ref=skimage.filters.sobel_h
func SobelH(dst, image Plane) error { return correlateTaps("sobel_h", dst, image, sobelHTaps) }

// SobelV finds vertical edges with skimage.filters.sobel_v: the transpose of SobelH's
// correlation (-1/4, -1/2, -1/4 in column x-1 and 1/4, 1/2, 1/4 in column x+1), with
// reflect borders, in float64 rounded to float32 (mask=None semantics). It is positive
// where the image gets brighter to the right.
//
//kernreg:op name=sobel_v tags=filter,edges ref=skimage.filters.sobel_v
func SobelV(dst, image Plane) error { return correlateTaps("sobel_v", dst, image, sobelVTaps) }

// PrewittH finds horizontal edges with skimage.filters.prewitt_h: the correlation with
// -1/3 on each of the three pixels of row y-1 and 1/3 on those of row y+1, with reflect
// borders, in float64 rounded to float32 (mask=None semantics).
//
//kernreg:op name=prewitt_h tags=filter,edges ref=skimage.filters.prewitt_h
func PrewittH(dst, image Plane) error {
	return correlateTaps("prewitt_h", dst, image, prewittHTaps)
}

// PrewittV finds vertical edges with skimage.filters.prewitt_v: the correlation with
// -1/3 on each of the three pixels of column x-1 and 1/3 on those of column x+1, with
// reflect borders, in float64 rounded to float32 (mask=None semantics).
//
//kernreg:op name=prewitt_v tags=filter,edges ref=skimage.filters.prewitt_v
func PrewittV(dst, image Plane) error {
	return correlateTaps("prewitt_v", dst, image, prewittVTaps)
}

// ScharrH finds horizontal edges with skimage.filters.scharr_h: the correlation with
// -3/16, -10/16, -3/16 on row y-1 and 3/16, 10/16, 3/16 on row y+1, with reflect
// borders, in float64 rounded to float32 (mask=None semantics).
//
//kernreg:op name=scharr_h tags=filter,edges ref=skimage.filters.scharr_h
func ScharrH(dst, image Plane) error { return correlateTaps("scharr_h", dst, image, scharrHTaps) }

// ScharrV finds vertical edges with skimage.filters.scharr_v: the correlation with
// -3/16, -10/16, -3/16 on column x-1 and 3/16, 10/16, 3/16 on column x+1, with reflect
// borders, in float64 rounded to float32 (mask=None semantics).
//
//kernreg:op name=scharr_v tags=filter,edges ref=skimage.filters.scharr_v
func ScharrV(dst, image Plane) error { return correlateTaps("scharr_v", dst, image, scharrVTaps) }

// RobertsPosDiag computes skimage.filters.roberts_pos_diag, image[y+1][x+1] - image[y][x],
// with reflect borders past the last row and column (mask=None semantics).
//
//kernreg:op name=roberts_pos_diag tags=filter,edges ref=skimage.filters.roberts_pos_diag
func RobertsPosDiag(dst, image Plane) error {
	return correlateTaps("roberts_pos_diag", dst, image, robertsPTaps)
}

// RobertsNegDiag computes skimage.filters.roberts_neg_diag, image[y+1][x] - image[y][x+1],
// with reflect borders past the last row and column (mask=None semantics).
//
//kernreg:op name=roberts_neg_diag tags=filter,edges ref=skimage.filters.roberts_neg_diag
func RobertsNegDiag(dst, image Plane) error {
	return correlateTaps("roberts_neg_diag", dst, image, robertsNTaps)
}

// Roberts computes skimage.filters.roberts, the Roberts cross edge magnitude
// sqrt(p² + n²) / sqrt(2) with p = RobertsPosDiag and n = RobertsNegDiag, evaluated in
// float32 as skimage does for a float32 image (mask=None semantics).
//
//kernreg:op name=roberts tags=filter,edges ref=skimage.filters.roberts
func Roberts(dst, image Plane) error {
	if err := correlateTaps("roberts", dst, image, robertsPTaps); err != nil {
		return err
	}
	neg := Plane{Shape: image.Shape, Data: make([]float32, len(image.Data))}
	if err := correlateTaps("roberts", neg, image, robertsNTaps); err != nil {
		return err
	}
	sqrt2 := float32(math.Sqrt2)
	parallel(len(dst.Data), 1<<15, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			p, n := dst.Data[i], neg.Data[i]
			dst.Data[i] = float32(math.Sqrt(float64(float32(p*p)+float32(n*n)))) / sqrt2
		}
	})
	return nil
}

// correlateTaps writes to dst the correlation of image with taps (offsets within
// [-1, 1]) under reflect borders: for every pixel, 0.0 plus w*v for each tap in order,
// in float64, rounded to float32, as scipy's NI_Correlate does.
func correlateTaps(op string, dst, image Plane, taps []CorrelateTap) error {
	if err := checkPlanePair(op, dst, image); err != nil {
		return err
	}
	if len(image.Data) == 0 {
		return nil
	}
	ny, nx := image.Shape[0], image.Shape[1]
	ty, tx := windowIndex(ny, 3, Reflect), windowIndex(nx, 3, Reflect)
	src := image.Data
	parallel(ny, max(1, 4096/nx), func(lo, hi int) {
		rows := make([]int, len(taps))
		for y := lo; y < hi; y++ {
			for t, tp := range taps {
				rows[t] = ty[y+tp.Dy+1] * nx
			}
			out := dst.Data[y*nx : (y+1)*nx]
			for x := range out {
				acc := 0.0
				for t, tp := range taps {
					acc += float64(tp.W * float64(src[rows[t]+tx[x+tp.Dx+1]]))
				}
				out[x] = float32(acc)
			}
		}
	})
	return nil
}

// checkPlanePair checks a dst/src pair of a same-shape PURE_2D kernel.
func checkPlanePair(op string, dst, src Plane) error {
	for _, p := range []Plane{src, dst} {
		if len(p.Shape) != 2 {
			return fmt.Errorf("%s: want a 2D image, got shape %v", op, p.Shape)
		}
		if err := checkData(op, p.Shape, len(p.Data)); err != nil {
			return err
		}
	}
	return sameShape(op, src.Shape, dst.Shape)
}
