package gpu

import (
	"fmt"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// The 2D edge filters of scikit-image 0.19 (skimage.filters.sobel_h and friends), as
// kernels/cpu computes them: scipy.ndimage.convolve(image, kernel, mode="reflect") in
// float64 (real) rounded to float32, with mask=None, so border pixels are computed from
// the reflected image. Each is one correlate_taps launch over kernels/cpu's taps
// (cpu.EdgeTaps), in their order. They are PURE_2D: the registry runs them on each slice
// of a stack.

var kRobertsMagnitude = kernel(srcElementwise, "roberts_magnitude", binaryArgs...)

// SobelH finds horizontal edges with skimage.filters.sobel_h: the correlation with
// -1/4, -1/2, -1/4 on row y-1 (columns x-1, x, x+1) and 1/4, 1/2, 1/4 on row y+1, with
// reflect borders. It is positive where the image gets brighter downwards.
//
//kernreg:op name=sobel_h tags=filter,edges ref=skimage.filters.sobel_h
func SobelH(dst, image Plane) error { return edgeFilter("sobel_h", dst.View, image.View) }

// SobelV finds vertical edges with skimage.filters.sobel_v: the transpose of SobelH's
// correlation (-1/4, -1/2, -1/4 in column x-1 and 1/4, 1/2, 1/4 in column x+1), with
// reflect borders. It is positive where the image gets brighter to the right.
//
//kernreg:op name=sobel_v tags=filter,edges ref=skimage.filters.sobel_v
func SobelV(dst, image Plane) error { return edgeFilter("sobel_v", dst.View, image.View) }

// PrewittH finds horizontal edges with skimage.filters.prewitt_h: the correlation with
// -1/3 on each of the three pixels of row y-1 and 1/3 on those of row y+1, with reflect
// borders.
//
//kernreg:op name=prewitt_h tags=filter,edges ref=skimage.filters.prewitt_h
func PrewittH(dst, image Plane) error { return edgeFilter("prewitt_h", dst.View, image.View) }

// PrewittV finds vertical edges with skimage.filters.prewitt_v: the correlation with
// -1/3 on each of the three pixels of column x-1 and 1/3 on those of column x+1, with
// reflect borders.
//
//kernreg:op name=prewitt_v tags=filter,edges ref=skimage.filters.prewitt_v
func PrewittV(dst, image Plane) error { return edgeFilter("prewitt_v", dst.View, image.View) }

// ScharrH finds horizontal edges with skimage.filters.scharr_h: the correlation with
// -3/16, -10/16, -3/16 on row y-1 and 3/16, 10/16, 3/16 on row y+1, with reflect borders.
//
//kernreg:op name=scharr_h tags=filter,edges ref=skimage.filters.scharr_h
func ScharrH(dst, image Plane) error { return edgeFilter("scharr_h", dst.View, image.View) }

// ScharrV finds vertical edges with skimage.filters.scharr_v: the correlation with
// -3/16, -10/16, -3/16 on column x-1 and 3/16, 10/16, 3/16 on column x+1, with reflect
// borders.
//
//kernreg:op name=scharr_v tags=filter,edges ref=skimage.filters.scharr_v
func ScharrV(dst, image Plane) error { return edgeFilter("scharr_v", dst.View, image.View) }

// RobertsPosDiag computes skimage.filters.roberts_pos_diag, image[y+1][x+1] - image[y][x],
// with reflect borders past the last row and column.
//
//kernreg:op name=roberts_pos_diag tags=filter,edges ref=skimage.filters.roberts_pos_diag
func RobertsPosDiag(dst, image Plane) error {
	return edgeFilter("roberts_pos_diag", dst.View, image.View)
}

// RobertsNegDiag computes skimage.filters.roberts_neg_diag, image[y+1][x] - image[y][x+1],
// with reflect borders past the last row and column.
//
//kernreg:op name=roberts_neg_diag tags=filter,edges ref=skimage.filters.roberts_neg_diag
func RobertsNegDiag(dst, image Plane) error {
	return edgeFilter("roberts_neg_diag", dst.View, image.View)
}

// Roberts computes skimage.filters.roberts, the Roberts cross edge magnitude
// sqrt(p² + n²) / sqrt(2) with p = RobertsPosDiag and n = RobertsNegDiag, evaluated in
// float32 as skimage does for a float32 image: p into dst, n into a scratch buffer, then
// one elementwise launch.
//
//kernreg:op name=roberts tags=filter,edges ref=skimage.filters.roberts
func Roberts(dst, image Plane) error {
	const op = "roberts"
	if err := checkPlanePair(op, dst.View, image.View); err != nil {
		return err
	}
	dev := dst.Dev()
	n := dst.Len()
	b, err := scratch(dev, op, n)
	if err != nil {
		return err
	}
	defer b.Release()
	neg := View{Buf: b, Shape: dst.Shape}
	if err := correlateTaps(op, dst.View, image.View, cpu.EdgeTaps("roberts_pos_diag"), cpu.Reflect, 0); err != nil {
		return err
	}
	if err := correlateTaps(op, neg, image.View, cpu.EdgeTaps("roberts_neg_diag"), cpu.Reflect, 0); err != nil {
		return err
	}
	return kRobertsMagnitude.Launch(dev, []int{n}, dst.Buf, dst.Off, dst.Buf, dst.Off, neg.Buf, neg.Off, n)
}

func edgeFilter(op string, dst, image View) error {
	if err := checkPlanePair(op, dst, image); err != nil {
		return err
	}
	return correlateTaps(op, dst, image, cpu.EdgeTaps(op), cpu.Reflect, 0)
}

// checkPlanePair checks a dst/src pair of a same-shape PURE_2D kernel.
func checkPlanePair(op string, dst, src View) error {
	for _, v := range []View{src, dst} {
		if len(v.Shape) != 2 {
			return fmt.Errorf("%s: want a 2D image, got shape %v", op, v.Shape)
		}
	}
	return checkPair(op, dst, src)
}
