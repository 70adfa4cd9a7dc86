package gpu

import (
	"fmt"
	"math"

	"github.com/kernreg/kernreg/kernels/cpu"
)

var (
	srcThreshold = source("threshold.cl")

	kRangePartial   = kernel(srcThreshold, "range_partial", Buf, Int, Int, Buf, Int)
	kHistogram      = kernel(srcThreshold, "histogram", Buf, Int, Int, Buf, Int, Float, Float, Buf)
	kHistogramLocal = kernel(srcThreshold, "histogram_local", Buf, Int, Int, Buf, Int, Float, Float, Buf)
	kThresholdAbove = kernel(srcThreshold, "threshold_above", Buf, Int, Buf, Int, Int, Float)
)

// rangeItems is how many partial ranges range_partial leaves for the host to combine.
const rangeItems = 1024

// histLocalBins and histGroup are threshold.cl's HIST_LOCAL_BINS and HIST_GROUP; up to
// histLocalBins bins a work group counts in local memory, histGroups groups in all.
const (
	histLocalBins = 4096
	histGroup     = 256
	histGroups    = 64
)

// ThresholdOtsu returns the binary image image > t (float32 0/1), where t is
// skimage.filters.threshold_otsu(image, nbins) of scikit-image 0.19 computed over the
// whole array. The range and the histogram (numpy's float32 bin arithmetic) are computed
// on the device; the host combines the partial ranges, makes the edges and picks t from
// the nbins counts with kernels/cpu's own code, so t is exactly the CPU reference's. An
// image whose pixels are all equal has t equal to that value (the result is all 0); an
// image with NaN or infinite values (and not constant) is an error, as in skimage.
//
//kernreg:op name=threshold_otsu tags=threshold,segmentation ref=skimage.filters.threshold_otsu slices=coupled
func ThresholdOtsu(dst, image Array, p cpu.OtsuParams) error {
	const op = "threshold_otsu"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	if p.Nbins < 2 || p.Nbins > 1<<24 {
		return fmt.Errorf("%s: nbins must be in [2, 16777216], got %d", op, p.Nbins)
	}
	t, err := otsuThreshold(op, image.View, p.Nbins)
	if err != nil {
		return err
	}
	n := dst.Len()
	return kThresholdAbove.Launch(dst.Dev(), []int{n}, dst.Buf, dst.Off, image.Buf, image.Off, n, t)
}

func otsuThreshold(op string, v View, nbins int) (float32, error) {
	r, err := deviceRange(op, v)
	if err != nil {
		return 0, err
	}
	if r.nan || !r.any {
		nan32 := float32(math.NaN())
		return 0, fmt.Errorf("%s: the image contains NaN or infinite values; its range [%v, %v] is not finite, "+
			"so no histogram can be made (skimage raises too)", op, nan32, nan32)
	}
	if r.lo == r.hi {
		return r.lo, nil
	}
	if math.IsInf(float64(r.lo), 0) || math.IsInf(float64(r.hi), 0) {
		return 0, fmt.Errorf("%s: the image contains NaN or infinite values; its range [%v, %v] is not finite, "+
			"so no histogram can be made (skimage raises too)", op, r.lo, r.hi)
	}
	edges := cpu.OtsuEdges(r.lo, r.hi, nbins)
	counts, err := deviceCounts(op, v, edges)
	if err != nil {
		return 0, err
	}
	return cpu.OtsuThresholdFromHistogram(edges, counts), nil
}

// valueRange is what deviceRange finds: the minimum and maximum of the values that are
// not NaN, whether there is a NaN and whether there is any other value.
type valueRange struct {
	lo, hi   float32
	nan, any bool
}

// nanOr is the range's minimum, or NaN when the range saw a NaN (numpy's min).
func (r valueRange) nanOr() float32 {
	if r.nan {
		return float32(math.NaN())
	}
	return r.lo
}

// deviceRange reduces v to its range on the device, in rangeItems partial ranges that
// the host combines.
func deviceRange(op string, v View) (valueRange, error) {
	dev := v.Dev()
	n := v.Len()
	items := min(n, rangeItems)
	r := valueRange{lo: float32(math.Inf(1)), hi: float32(math.Inf(-1))}
	part, err := scratch(dev, op, 3*items)
	if err != nil {
		return r, err
	}
	defer part.Release()
	if err := kRangePartial.Launch(dev, []int{items}, v.Buf, v.Off, n, part, items); err != nil {
		return r, err
	}
	parts := make([]float32, 3*items)
	if err := Download(part, 0, parts); err != nil {
		return r, err
	}
	for i := 0; i < items; i++ {
		state := int(parts[3*i+2])
		r.nan = r.nan || state&1 != 0
		if state&2 != 0 {
			continue // no value but NaNs
		}
		r.any = true
		r.lo, r.hi = min(r.lo, parts[3*i]), max(r.hi, parts[3*i+1])
	}
	return r, nil
}

// deviceCounts bins v's values, all within [edges[0], edges[len-1]], on the device with
// numpy's float32 bin arithmetic (kernels/cpu's histogramCounts).
func deviceCounts(op string, v View, edges []float32) ([]int64, error) {
	dev := v.Dev()
	n := v.Len()
	nbins := len(edges) - 1
	eb, err := scratch(dev, op, len(edges))
	if err != nil {
		return nil, err
	}
	defer eb.Release()
	if err := Upload(eb, 0, edges); err != nil {
		return nil, err
	}
	cb, err := scratch(dev, op, nbins)
	if err != nil {
		return nil, err
	}
	defer cb.Release()
	if err := dev.Fill32(cb, 0, 0, int64(nbins)); err != nil {
		return nil, err
	}
	norm := float32(float64(nbins) / float64(edges[nbins]-edges[0]))
	if nbins <= histLocalBins {
		groups := min(histGroups, (n+histGroup-1)/histGroup)
		err = kHistogramLocal.LaunchLocal(dev, []int{groups * histGroup}, []int{histGroup}, v.Buf, v.Off, n, eb, nbins, edges[0], norm, cb)
	} else {
		err = kHistogram.Launch(dev, []int{n}, v.Buf, v.Off, n, eb, nbins, edges[0], norm, cb)
	}
	if err != nil {
		return nil, err
	}
	counts := make([]uint32, nbins)
	if err := Download(cb, 0, counts); err != nil {
		return nil, err
	}
	c64 := make([]int64, nbins)
	for i, c := range counts {
		c64[i] = int64(c)
	}
	return c64, nil
}
