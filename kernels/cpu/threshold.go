package cpu

import (
	"fmt"
	"math"
	"sync"
)

// OtsuParams are the parameters of ThresholdOtsu.
type OtsuParams struct {
	// Number of histogram bins the threshold is chosen from.
	Nbins int `default:"256" min:"2" max:"16777216"`
}

// ThresholdOtsu returns the binary image image > t (float32 0/1), where t is
// skimage.filters.threshold_otsu(image, nbins) of scikit-image 0.19 computed over the
// whole array (a volume uses one histogram, never one per slice).
//
// The histogram is numpy's: nbins equal bins between the image minimum and maximum,
// with float32 edges from np.linspace and numpy's float32 bin index arithmetic; t is the
// float32 centre (e[k]+e[k+1])/2 of the first bin k that maximises the between-class
// variance w1*w2*(m1-m2)² (float64 cumulative sums, as skimage). An image whose pixels
// all equal the first one has t equal to that value, so the result is all 0. Like
// skimage, an image with NaN or infinite values (and not constant) is an error.
//
//kernreg:op name=threshold_otsu tags=threshold,segmentation ref=skimage.filters.threshold_otsu slices=coupled
func ThresholdOtsu(dst, image Array, p OtsuParams) error {
	const op = "threshold_otsu"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if p.Nbins < 2 || p.Nbins > 1<<24 {
		return fmt.Errorf("%s: nbins must be in [2, 16777216], got %d", op, p.Nbins)
	}
	if len(image.Data) == 0 {
		return nil
	}
	t, err := otsuThreshold(image.Data, p.Nbins)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	parallel(len(image.Data), 1<<16, func(lo, hi int) {
		out := dst.Data[lo:hi]
		for i, v := range image.Data[lo:hi] {
			var b uint32 // branch-free: a conditional move
			if v > t {
				b = 0x3f800000 // 1.0
			}
			out[i] = math.Float32frombits(b)
		}
	})
	return nil
}

// otsuThreshold is skimage.filters.threshold_otsu(data, nbins) for a float32 image.
func otsuThreshold(data []float32, nbins int) (float32, error) {
	lo, hi, constant := rangeOf(data)
	if constant {
		return data[0], nil
	}
	if math.IsNaN(float64(lo)) || math.IsInf(float64(lo), 0) || math.IsInf(float64(hi), 0) {
		return 0, fmt.Errorf("the image contains NaN or infinite values; its range [%v, %v] is not finite, "+
			"so no histogram can be made (skimage raises too)", lo, hi)
	}
	edges := linspaceEdges(lo, hi, nbins)
	return otsuFromHistogram(edges, histogramCounts(data, edges)), nil
}

// otsuFromHistogram is the threshold skimage picks from a histogram with float32 edges
// (len(counts)+1 of them) and its counts.
func otsuFromHistogram(edges []float32, counts []int64) float32 {
	nbins := len(counts)
	centres := make([]float64, nbins)
	for k := range centres {
		centres[k] = float64((edges[k] + edges[k+1]) / 2)
	}
	// The sums run in the order numpy's cumsum runs them, so that the argmax (and its
	// ties) are exactly skimage's.
	w1 := make([]float64, nbins)
	m1 := make([]float64, nbins)
	var cw, cm float64
	for k := 0; k < nbins; k++ {
		c := float64(counts[k])
		cw += c
		cm += float64(c * centres[k]) // no fused multiply-add: numpy rounds the product
		w1[k] = cw
		m1[k] = cm / cw
	}
	w2 := make([]float64, nbins)
	m2 := make([]float64, nbins)
	cw, cm = 0, 0
	for k := nbins - 1; k >= 0; k-- {
		c := float64(counts[k])
		cw += c
		cm += float64(c * centres[k]) // no fused multiply-add: numpy rounds the product
		w2[k] = cw
		m2[k] = cm / cw
	}
	best, bestVar := 0, math.Inf(-1)
	for k := 0; k < nbins-1; k++ {
		d := m1[k] - m2[k+1]
		v := w1[k] * w2[k+1] * (d * d)
		// np.argmax: the first maximum, and a NaN counts as the maximum.
		if v > bestVar || (math.IsNaN(v) && !math.IsNaN(bestVar)) {
			best, bestVar = k, v
		}
	}
	return float32(centres[best])
}

// rangeOf returns the minimum and maximum of data (NaN if any element is NaN) and
// whether every element equals data[0] (numpy's np.all(image == image[0]), false if
// there is a NaN).
func rangeOf(data []float32) (lo, hi float32, constant bool) {
	type part struct {
		lo, hi float32
		nan    bool
	}
	var (
		mu    sync.Mutex
		parts []part
	)
	parallel(len(data), 1<<16, func(a, b int) {
		// Compares that rarely hold, not min/max: predicted branches, no dependency chain.
		p := part{lo: data[a], hi: data[a]}
		for _, v := range data[a:b] {
			if v < p.lo {
				p.lo = v
			}
			if v > p.hi {
				p.hi = v
			}
			if v != v {
				p.nan = true
			}
		}
		mu.Lock()
		parts = append(parts, p)
		mu.Unlock()
	})
	lo, hi = parts[0].lo, parts[0].hi
	nan := false
	for _, p := range parts {
		lo, hi = min(lo, p.lo), max(hi, p.hi)
		nan = nan || p.nan || p.lo != p.lo // a NaN first element sticks
	}
	if nan {
		nan32 := float32(math.NaN())
		return nan32, nan32, false
	}
	return lo, hi, lo == hi
}

// linspaceEdges is np.linspace(lo, hi, nbins+1, dtype=float32) as np.histogram calls it
// for a float32 image: computed in float64 (i*step + lo, the last edge exactly hi), then
// rounded to float32.
func linspaceEdges(lo, hi float32, nbins int) []float32 {
	start, stop := float64(lo), float64(hi)
	step := (stop - start) / float64(nbins)
	edges := make([]float32, nbins+1)
	for i := range edges {
		if step == 0 { // numpy's denormal branch: i/div*delta
			edges[i] = float32(float64(float64(i)/float64(nbins)*(stop-start)) + start)
		} else {
			edges[i] = float32(float64(float64(i)*step) + start) // rounded product, as numpy
		}
	}
	edges[nbins] = hi
	return edges
}

// histogramCounts bins data like numpy's equal-width histogram fast path for float32:
// index = int(float32(v-first) * float32(nbins/(last-first))), then corrected by one
// against the float32 edges; the last bin includes the last edge.
func histogramCounts(data []float32, edges []float32) []int64 {
	nbins := len(edges) - 1
	first, last := edges[0], edges[nbins]
	norm := float32(float64(nbins) / float64(last-first))
	var (
		mu     sync.Mutex
		counts = make([]int64, nbins)
	)
	parallel(len(data), 1<<16, func(a, b int) {
		local := make([]int64, nbins)
		for _, v := range data[a:b] {
			// Every value lies in [first, last]: they are the data's extremes.
			k := int(float32(v-first) * norm)
			if k >= nbins {
				k = nbins - 1
			}
			if v < edges[k] {
				k--
			}
			if k != nbins-1 && v >= edges[k+1] {
				k++
			}
			local[k]++
		}
		mu.Lock()
		for k, c := range local {
			counts[k] += c
		}
		mu.Unlock()
	})
	return counts
}
