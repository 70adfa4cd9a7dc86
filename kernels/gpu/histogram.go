package gpu

import (
	"math"
)

// Device reductions shared by the ops that need an image's range or histogram
// (threshold_otsu, rescale_intensity, equalize_hist); the kernels are in threshold.cl.

// valueRange is what deviceRange finds: the minimum and maximum of the values that are
// not NaN, whether there is a NaN and whether there is any other value.
type valueRange struct {
	lo, hi   float32
	nan, any bool
}

// numpy is the range as numpy's min and max give it (kernels/cpu's minMax): NaN for
// both when the range saw a NaN.
func (r valueRange) numpy() (lo, hi float32) {
	if r.nan {
		nan := float32(math.NaN())
		return nan, nan
	}
	return r.lo, r.hi
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
	nbins := len(edges) - 1
	return deviceHistogram(op, v, edges, edges[0], float32(float64(nbins)/float64(edges[nbins]-edges[0])))
}

// deviceHistogram counts the elements of v (which must hold no NaN) into the bins of
// edges with numpy's float32 bin index int((x - first) * norm), corrected by one against
// the edges; the last bin includes the last edge. The counts come back to the host.
func deviceHistogram(op string, v View, edges []float32, first, norm float32) ([]int64, error) {
	dev := v.Dev()
	n, nbins := v.Len(), len(edges)-1
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
	if nbins <= histLocalBins {
		groups := min(histGroups, (n+histGroup-1)/histGroup)
		err = kHistogramLocal.LaunchLocal(dev, []int{groups * histGroup}, []int{histGroup}, v.Buf, v.Off, n, eb, nbins, first, norm, cb)
	} else {
		err = kHistogram.Launch(dev, []int{n}, v.Buf, v.Off, n, eb, nbins, first, norm, cb)
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
