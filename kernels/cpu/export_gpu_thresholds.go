package cpu

// The host-side steps of the threshold operations, shared with kernels/gpu: the GPU
// kernels compute histograms, ranges and means on the device and choose thresholds from
// those few numbers with the very code the CPU kernels use. They are not operations.

// HistogramOf is skimage.exposure.histogram of n float32 values whose range is [lo, hi]
// (lo or hi NaN if a value is NaN): the edges follow from the range and count bins the
// values with them (numpy's float32 bin arithmetic, as OtsuEdges' histograms); count is
// not called for a constant image. It returns the counts and the float32 bin centres,
// and the error of the histogram thresholds for NaN or infinite values.
func HistogramOf(lo, hi float32, n, nbins int, count func(edges []float32) ([]int64, error)) ([]int64, []float32, error) {
	return histogramOf(lo, hi, n, nbins, count)
}

// CheckNbins checks the nbins of ThresholdYen, ThresholdIsodata, ThresholdTriangle and
// ThresholdMinimum.
func CheckNbins(op string, nbins int) error { return checkNbins(op, nbins) }

// CheckMinimumParams checks ThresholdMinimum's max_num_iter.
func CheckMinimumParams(op string, p MinimumThresholdParams) error { return checkMinimumParams(op, p) }

// CheckMultiotsuParams checks ThresholdMultiotsu's parameters.
func CheckMultiotsuParams(op string, p MultiOtsuParams) error { return checkMultiotsuParams(op, p) }

// YenFromHistogram is the threshold ThresholdYen picks from HistogramOf's counts and
// centres.
func YenFromHistogram(counts []int64, centres []float32) (float32, error) {
	return yenThreshold(counts, centres)
}

// IsodataFromHistogram is the threshold ThresholdIsodata picks from HistogramOf's counts
// and centres.
func IsodataFromHistogram(counts []int64, centres []float32) (float32, error) {
	return isodataThreshold(counts, centres)
}

// TriangleFromHistogram is the threshold ThresholdTriangle picks from HistogramOf's
// counts and centres.
func TriangleFromHistogram(counts []int64, centres []float32) (float32, error) {
	return triangleThreshold(counts, centres)
}

// MinimumFromHistogram is the threshold ThresholdMinimum picks from HistogramOf's counts
// and centres.
func MinimumFromHistogram(counts []int64, centres []float32, maxNumIter int) (float32, error) {
	return minimumThreshold(counts, centres, maxNumIter)
}

// MultiotsuFromHistogram is the classes-1 thresholds, in increasing order, that
// ThresholdMultiotsu picks from HistogramOf's counts and centres.
func MultiotsuFromHistogram(counts []int64, centres []float32, classes int) ([]float32, error) {
	return multiotsuThresholds(counts, centres, classes)
}

// LocalThresholdParamsOf checks ThresholdLocal's parameters for an image of the given rank
// and returns the block size per axis and the boundary mode.
func LocalThresholdParamsOf(op string, rank int, p LocalThresholdParams) ([]int, Mode, error) {
	return localThresholdParams(op, rank, p)
}

// LocalGaussianWeights is the Gaussian of ThresholdLocal's gaussian method (scipy's
// _gaussian_kernel1d, numpy's pairwise sum): standard deviation s on [-r, r]. Its
// correlation folds the symmetric kernel as scipy's NI_Correlate1D does.
func LocalGaussianWeights(s float64, r int) []float64 { return scipyGaussianWeights(s, r) }

// WindowSizes checks the window size of ThresholdSauvola and ThresholdNiblack on an image
// of the given shape and returns it per axis.
func WindowSizes(op string, shape, size []int) ([]int, error) { return windowSizes(op, shape, size) }

// LiTolerance is ThresholdLi's default tolerance from the smallest positive difference
// between the sorted finite values (+Inf: none, an error).
func LiTolerance(diff float32) (float64, error) { return liTolerance(diff) }

// LiIterate is ThresholdLi's iteration on the finite values shifted by their minimum:
// from their mean t0, with means(t) the numpy float32 means of the values above t and of
// the others, it returns the threshold (still shifted).
func LiIterate(t0 float32, tol float64, means func(t float32) (mf, mb float32, err error)) (float32, error) {
	return liIterate(t0, tol, means)
}
