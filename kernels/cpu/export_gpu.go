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

// GaussianParamsOf checks GaussianParams for an image of the given rank as the Gaussian
// derivative filters (GaussianLaplace, GaussianGradientMagnitude) do, and returns sigma
// per axis and the mode.
func GaussianParamsOf(op string, rank int, p GaussianParams) ([]float64, Mode, error) {
	return gaussianParams(op, rank, p)
}

// GaussianDerivativeParamsOf checks GaussianDerivative's parameters for an image of the
// given rank and returns sigma and order per axis and the mode.
func GaussianDerivativeParamsOf(op string, rank int, p GaussianDerivativeParams) ([]float64, []int, Mode, error) {
	return gaussianDerivativeParams(op, rank, p)
}

// GaussianFilter1DParamsOf checks GaussianFilter1D's parameters for an image of the
// given rank and returns the axis counted from 0 and the mode.
func GaussianFilter1DParamsOf(op string, rank int, p GaussianFilter1DParams) (int, Mode, error) {
	return gaussianFilter1DParams(op, rank, p)
}

// DoGParamsOf checks DifferenceOfGaussians' parameters for an image of the given rank
// and returns the low and high sigma per axis and the mode.
func DoGParamsOf(op string, rank int, p DoGParams) ([]float64, []float64, Mode, error) {
	return dogParams(op, rank, p)
}

// UnsharpMaskParamsOf checks UnsharpMask's parameters for an image of the given rank and
// returns the radius (sigma) per axis.
func UnsharpMaskParamsOf(op string, rank int, p UnsharpMaskParams) ([]float64, error) {
	return unsharpMaskParams(op, rank, p)
}

// BoxVarianceParamsOf checks the parameters of VarianceFilter and
// StandardDeviationFilter for an image of the given rank and returns the box size per
// axis and the mode.
func BoxVarianceParamsOf(op string, rank int, p BoxParams) ([]int, Mode, error) {
	return boxVarianceParams(op, rank, p)
}

// RankParamsOf checks RankFilter's parameters for an image of the given rank (ndim) and
// returns the box size per axis, its number of elements n and the rank in [0, n).
func RankParamsOf(op string, ndim int, p RankParams) ([]int, int, int, error) {
	return rankParams(op, ndim, p)
}

// PercentileParamsOf checks PercentileFilter's parameters for an image of the given rank
// (ndim) and returns the box size per axis, its number of elements n and the rank in
// [0, n) of the percentile.
func PercentileParamsOf(op string, ndim int, p PercentileParams) ([]int, int, int, error) {
	return percentileParams(op, ndim, p)
}

// RankWindowOf checks the box sizes of MedianFilter, RankFilter and PercentileFilter for
// an image of the given rank (ndim) and returns the box size per axis and its number of
// elements.
func RankWindowOf(op string, sizes []int, ndim int) ([]int, int, error) {
	return rankWindow(op, sizes, ndim)
}

// GaussianKernel1D returns the correlation weights on [-r, r] of scipy's Gaussian
// derivative kernel of order 0, 1 or 2 as GaussianLaplace and GaussianGradientMagnitude
// compute them (their sums run in CorrelationFold's order).
func GaussianKernel1D(sigma float64, order, r int) []float64 {
	return gaussianKernel1d(sigma, order, r)
}

// GaussianKernelOrder returns the correlation weights on [-r, r] of scipy's
// gaussian_filter1d of any order as GaussianFilter1D, GaussianDerivative,
// DifferenceOfGaussians and UnsharpMask compute them (bit-exact with scipy).
func GaussianKernelOrder(sigma float64, order, r int) []float64 {
	return gaussianKernelOrder(sigma, order, r)
}

// CorrelationFold says how NI_Correlate1D (and so every Gaussian filter of this package
// but GaussianFilter) sums a correlation with the odd-length weights w: 1 for symmetric
// weights, out[i] = in[i]·w[r] + Σ_{j=r..1} (in[i-j] + in[i+j])·w[r-j]; -1 for
// antisymmetric ones, the same with in[i-j] - in[i+j]; 0 otherwise,
// out[i] = in[i+r]·w[2r] + Σ_{k=0..2r-1} in[i-r+k]·w[k].
func CorrelationFold(w []float64) int { return foldOf(w) }

// HessianParamsOf checks the shape and parameters of HessianLargestEigenvalue and
// HessianSmallestEigenvalue and returns sigma per axis and the mode.
func HessianParamsOf(op string, shape []int, p HessianParams) ([]float64, Mode, error) {
	return hessianParams(op, shape, p)
}

// RidgeParamsOf checks the shape and parameters common to Sato, Frangi and Meijering
// and returns the mode.
func RidgeParamsOf(op string, shape []int, sigmas []float64, mode string) (Mode, error) {
	return ridgeParams(op, shape, sigmas, mode)
}

// FrangiWeightsOf checks Frangi's alpha, beta and gamma and returns the float32
// denominators 2·alpha², 2·beta², 2·gamma² of its exponents.
func FrangiWeightsOf(op string, p FrangiParams) (alphaSq, betaSq, gammaSq float32, err error) {
	return frangiWeights(op, p)
}
