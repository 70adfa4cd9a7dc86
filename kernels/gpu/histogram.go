package gpu

import (
	"math"
)

// Device reductions shared by the ops that need an image's range or histogram
// (threshold_otsu, rescale_intensity, equalize_hist); the kernels are in threshold.cl.

// deviceRange returns the minimum and maximum of v, or NaN for both when v holds a NaN
// (kernels/cpu's minMax). The device reduces v to rangeItems partial ranges; the host
// combines those.
func deviceRange(op string, v View) (lo, hi float32, err error) {
	dev := v.Dev()
	n := v.Len()
	items := min(n, rangeItems)
	part, err := scratch(dev, op, 3*items)
	if err != nil {
		return 0, 0, err
	}
	defer part.Release()
	if err := kRangePartial.Launch(dev, []int{items}, v.Buf, v.Off, n, part, items); err != nil {
		return 0, 0, err
	}
	parts := make([]float32, 3*items)
	if err := Download(part, 0, parts); err != nil {
		return 0, 0, err
	}
	lo, hi = float32(math.Inf(1)), float32(math.Inf(-1))
	for i := 0; i < items; i++ {
		switch parts[3*i+2] {
		case -1:
			continue // no element
		case 1:
			nan := float32(math.NaN())
			return nan, nan, nil
		}
		lo, hi = min(lo, parts[3*i]), max(hi, parts[3*i+1])
	}
	return lo, hi, nil
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
