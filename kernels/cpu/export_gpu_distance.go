package cpu

// Parameter checks that kernels/gpu's distance transforms share with the reference.

// EDTSampling checks DistanceTransformEDT's parameters for an image of the given rank and
// returns the spacing per axis.
func EDTSampling(op string, p EDTParams, rank int) ([]float64, error) {
	return edtSampling(op, p, rank)
}

// CDTMetric checks DistanceTransformCDT's parameters and the size n of an image of the
// given shape, and reports whether the metric is chessboard (else taxicab).
func CDTMetric(op string, p CDTParams, shape []int, n int) (chessboard bool, err error) {
	return cdtMetric(op, p, shape, n)
}
