package cpu

// Helpers that kernels/gpu's restoration, background, focus and Meijering kernels share
// with the reference: the argument checks and the host-side constants. They are not
// operations.

// MeijeringAlphaOf checks Meijering's alpha and returns it as float32, 1/rank for the
// default -1.
func MeijeringAlphaOf(op string, alpha float64, rank int) (float32, error) {
	return meijeringAlpha(op, alpha, rank)
}

// RollingBallRadiusOf checks the radius of RollingBall and SubtractRollingBallBackground.
func RollingBallRadiusOf(op string, radius float64) error { return rollingBallRadius(op, radius) }

// EDFParamsOf checks the parameters of ExtendedDepthOfFocus.
func EDFParamsOf(op string, p EDFParams) error { return edfParams(op, p) }

// RichardsonLucyPSFOf checks the parameters of RichardsonLucy for an image of the given
// rank and returns the PSF's 1D weights per axis (each odd-length and symmetric).
func RichardsonLucyPSFOf(op string, rank int, p RichardsonLucyParams) ([][]float64, error) {
	return richardsonLucyPSF(op, rank, p)
}

// TVChambolleParamsOf checks the parameters of DenoiseTVChambolle.
func TVChambolleParamsOf(op string, p DenoiseTVChambolleParams) error {
	return tvChambolleParams(op, p)
}
