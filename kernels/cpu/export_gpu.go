package cpu

// Helpers that kernels/gpu shares with the reference, so that the GPU kernels use the
// very weights and host-side steps the CPU kernels use. They are not operations.

// GaussianWeights returns the normalised Gaussian of standard deviation s on [-r, r], the
// correlation weights of GaussianFilter.
func GaussianWeights(s float64, r int) []float64 { return gaussianWeights(s, r) }

// MaxGaussianRadius is the largest Gaussian kernel radius GaussianFilter accepts.
const MaxGaussianRadius = maxGaussianRadius

// MaxMedianWindow is the most elements a MedianFilter window may have.
const MaxMedianWindow = maxMedianWindow

// OtsuEdges returns the float32 histogram edges ThresholdOtsu uses for an image whose
// finite, distinct extremes are lo and hi: np.linspace(lo, hi, nbins+1) as np.histogram
// computes it for float32 data.
func OtsuEdges(lo, hi float32, nbins int) []float32 { return linspaceEdges(lo, hi, nbins) }

// OtsuThresholdFromHistogram returns the threshold ThresholdOtsu picks from the histogram
// counts of an image binned with OtsuEdges.
func OtsuThresholdFromHistogram(edges []float32, counts []int64) float32 {
	return otsuFromHistogram(edges, counts)
}

// FootprintOffsets returns the (dz, dy, dx) offsets of the named flat footprint (disk,
// diamond, ball, octahedron) of the given radius for an image of the given rank, in C
// order of the footprint array, the centre included: the order in which GreyErosion
// and GreyDilation visit it.
func FootprintOffsets(op, kind string, radius, rank int) ([][3]int, error) {
	f, err := newFootprint(op, kind, radius, rank)
	if err != nil {
		return nil, err
	}
	var out [][3]int
	for _, r := range f.rows {
		for dx := -r.w; dx <= r.w; dx++ {
			out = append(out, [3]int{r.dz, r.dy, dx})
		}
	}
	return out, nil
}
