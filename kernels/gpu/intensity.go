package gpu

import (
	"math"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// skimage.exposure's intensity transforms for float images: kernels/cpu/intensity.go on
// the device. The corrections are elementwise kernels (src/elementwise.cl); the rescale
// and equalize_hist mapping are in src/intensity.cl, fed by the device range and
// histogram reductions (histogram.go).

var (
	srcIntensity = source("intensity.cl")

	kFirstNegative    = kernel(srcIntensity, "first_negative", Buf, Int, Int, Buf, Int)
	kRescaleIntensity = kernel(srcIntensity, "rescale_intensity", Buf, Int, Buf, Int, Int, Float, Float, Float, Float, Float, Int, Int)
	kEqualizeMap      = kernel(srcIntensity, "equalize_map", Buf, Int, Buf, Int, Int, Buf, Buf, Buf, Int)

	kAdjustGamma      = kernel(srcElementwise, "adjust_gamma", unary2Args...)
	kAdjustLog        = kernel(srcElementwise, "adjust_log", unary2Args...)
	kAdjustLogInv     = kernel(srcElementwise, "adjust_log_inv", unary2Args...)
	kAdjustSigmoid    = kernel(srcElementwise, "adjust_sigmoid", unary2Args...)
	kAdjustSigmoidInv = kernel(srcElementwise, "adjust_sigmoid_inv", unary2Args...)
)

// checkNonNegative refuses an image with a negative pixel with kernels/cpu's error,
// which names the first one: the device finds the first negative index of each of
// rangeItems strides, the host takes the smallest and reads that one pixel back.
func checkNonNegative(op string, v View) error {
	dev := v.Dev()
	n := v.Len()
	items := min(n, rangeItems)
	part, err := scratch(dev, op, items)
	if err != nil {
		return err
	}
	defer part.Release()
	if err := kFirstNegative.Launch(dev, []int{items}, v.Buf, v.Off, n, part, items); err != nil {
		return err
	}
	first := make([]int32, items)
	if err := Download(part, 0, first); err != nil {
		return err
	}
	i := n
	for _, f := range first {
		i = min(i, int(f))
	}
	if i == n {
		return nil
	}
	val := make([]float32, 1)
	if err := Download(v.Buf, v.Off+i, val); err != nil {
		return err
	}
	return cpu.NegativeValueError(op, val[0], i)
}

// exposure checks dst and a non-negative image and launches the elementwise correction
// k with its two float32 parameters.
func exposure(op string, k *Kernel, dst, image Array, s, t float32) error {
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	if err := checkNonNegative(op, image.View); err != nil {
		return err
	}
	n := dst.Len()
	return k.Launch(dst.Dev(), []int{n}, dst.Buf, dst.Off, image.Buf, image.Off, n, s, t)
}

// AdjustGamma applies gamma correction, out = gain * in^gamma, as
// skimage.exposure.adjust_gamma and cpu.AdjustGamma do for float images: gamma and gain
// rounded to float32, the power in real rounded once, the product in float32. Negative
// pixels are an error, as in skimage.
//
//kernreg:op name=adjust_gamma tags=intensity,exposure ref=skimage.exposure.adjust_gamma slices=independent
func AdjustGamma(dst, image Array, p cpu.AdjustGammaParams) error {
	if err := cpu.CheckGamma(p.Gamma); err != nil {
		return err
	}
	return exposure("adjust_gamma", kAdjustGamma, dst, image, float32(p.Gamma), float32(p.Gain))
}

// AdjustLog applies logarithmic correction, out = gain * log2(1 + in) (inverse:
// gain * (2^in - 1)), as skimage.exposure.adjust_log and cpu.AdjustLog do for float
// images, in float32 with log2 and exp2 in real rounded once. Negative pixels are an
// error, as in skimage.
//
//kernreg:op name=adjust_log tags=intensity,exposure ref=skimage.exposure.adjust_log slices=independent
func AdjustLog(dst, image Array, p cpu.AdjustLogParams) error {
	k := kAdjustLog
	if p.Inv {
		k = kAdjustLogInv
	}
	return exposure("adjust_log", k, dst, image, 0, float32(p.Gain))
}

// AdjustSigmoid applies sigmoid contrast correction, out = 1/(1 + exp(gain*(cutoff -
// in))) (inverse: 1 minus that), as skimage.exposure.adjust_sigmoid and
// cpu.AdjustSigmoid do for float images, in float32 with exp and the quotient in real
// rounded once. Negative pixels are an error, as in skimage.
//
//kernreg:op name=adjust_sigmoid tags=intensity,exposure ref=skimage.exposure.adjust_sigmoid slices=independent
func AdjustSigmoid(dst, image Array, p cpu.AdjustSigmoidParams) error {
	k := kAdjustSigmoid
	if p.Inv {
		k = kAdjustSigmoidInv
	}
	return exposure("adjust_sigmoid", k, dst, image, float32(p.Cutoff), float32(p.Gain))
}

// RescaleIntensity stretches or shrinks intensities linearly from in_range to
// out_range as skimage.exposure.rescale_intensity does on a float32 image, with
// cpu.RescaleIntensity's ranges and float32 arithmetic: clip to [imin, imax], then
// (v - imin)/(imax - imin)*(omax - omin) + omin; when imin == imax only a clip to
// [omin, omax]. The "image" range is a device min/max reduction; a NaN in the image then
// makes every result NaN, as in skimage.
//
//kernreg:op name=rescale_intensity tags=intensity,exposure ref=skimage.exposure.rescale_intensity slices=coupled
func RescaleIntensity(dst, image Array, p cpu.RescaleIntensityParams) error {
	const op = "rescale_intensity"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	var (
		lo, hi float32
		err    error
		done   bool
	)
	imageRange := func() (float32, float32, error) { // at most one reduction for both ranges
		if !done {
			var r valueRange
			r, err = deviceRange(op, image.View)
			lo, hi = r.numpy()
			done = true
		}
		return lo, hi, err
	}
	imin, imax, _, err := cpu.IntensityRange(op, "in_range", p.InRange, imageRange, false)
	if err != nil {
		return err
	}
	omin, omax, integer, err := cpu.IntensityRange(op, "out_range", p.OutRange, imageRange, imin >= 0)
	if err != nil {
		return err
	}
	r := cpu.NewIntensityRescale(imin, imax, omin, omax, integer)
	n := dst.Len()
	return kRescaleIntensity.Launch(dst.Dev(), []int{n}, dst.Buf, dst.Off, image.Buf, image.Off, n,
		r.Lo, r.Hi, r.Span, r.OSpan, r.Off, boolInt(r.Stretch), boolInt(r.Integer))
}

// boolInt is 1 for true, 0 for false: a flag argument of a kernel.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// EqualizeHist equalizes the histogram of an image as skimage.exposure.equalize_hist
// and cpu.EqualizeHist do on float32 data, with results in [0, 1]: nbins equal bins over
// [min, max] (numpy.histogram's float32 edges), the cumulative distribution normalised
// to 1, and each pixel replaced by numpy.interp of that distribution between the bin
// centres. The range and the histogram are device reductions; the host turns the nbins
// counts into the distribution with kernels/cpu's code, and the device maps the pixels
// (in real). An image with NaN or infinity is an error, as in numpy.
//
//kernreg:op name=equalize_hist tags=intensity,exposure,histogram ref=skimage.exposure.equalize_hist slices=coupled
func EqualizeHist(dst, image Array, p cpu.EqualizeHistParams) error {
	const op = "equalize_hist"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	r, err := deviceRange(op, image.View)
	if err != nil {
		return err
	}
	lo, hi := r.numpy()
	if err := cpu.CheckEqualizeHist(p.Nbins, lo, hi); err != nil {
		return err
	}
	edges, first, norm := cpu.EqualizeHistBins(p.Nbins, lo, hi)
	counts, err := deviceHistogram(op, image.View, edges, first, norm)
	if err != nil {
		return err
	}
	xp, fp, slopes := cpu.EqualizeHistCurve(edges, counts)
	dev := dst.Dev()
	bufs := make([]Buffer, 3)
	for i, t := range [][]float64{xp, fp, append(slopes, math.NaN())} { // slopes: n-1, never empty
		if bufs[i], err = realBuffer(dev, op, t); err != nil {
			return err
		}
		defer bufs[i].Release()
	}
	n := dst.Len()
	return kEqualizeMap.Launch(dev, []int{n}, dst.Buf, dst.Off, image.Buf, image.Off, n, bufs[0], bufs[1], bufs[2], len(xp))
}
