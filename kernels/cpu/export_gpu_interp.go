package cpu

// Helpers that kernels/gpu's interpolation (zoom, shift, rotate, affine_transform,
// spline_filter) shares with the reference: argument checks, the parsed transforms and
// the prefilter's constants, so that both backends validate and map coordinates alike.

// Interpolation modes as scipy.ndimage numbers them (NI_ExtendMode), the numbers
// InterpArgs and SplineFilterMode return and the GPU kernels use.
const (
	SplineNearest      = int(splNearest)
	SplineWrap         = int(splWrap)
	SplineReflect      = int(splReflect)
	SplineMirror       = int(splMirror)
	SplineConstant     = int(splConstant)
	SplineGridWrap     = int(splGridWrap)
	SplineGridConstant = int(splGridConstant)
)

// InterpArgs validates the order, mode name and cval that every interpolating op
// shares and returns the mode's number.
func InterpArgs(op string, order int, mode string, cval float64) (int, error) {
	m, err := interpArgs(op, order, mode, cval)
	return int(m), err
}

// SplineFilterMode validates SplineFilter's parameters and returns its mode's number.
func SplineFilterMode(p SplineFilterParams) (int, error) {
	m, err := splineFilterMode(p)
	return int(m), err
}

// SplinePrepad is how many samples the prefilter pads on each side of every
// interpolated axis for mode (12 for nearest and grid-constant, else 0).
func SplinePrepad(mode int) int { return splinePrepad(splineMode(mode)) }

// SplinePoles returns the poles of the B-spline prefilter of an order (none below 2).
func SplinePoles(order int) []float64 { return splinePoles[order] }

// ZoomFactor is the step between the input coordinates of adjacent outputs along an
// axis of in input and out output samples, as Zoom uses it.
func ZoomFactor(in, out int, grid bool) float64 { return zoomFactor(in, out, grid) }

// ShiftVector is Shift's validated shift, one value per axis of a rank-D image.
func ShiftVector(rank int, p ShiftParams) ([]float64, error) { return shiftVector(rank, p) }

// ParseAffine returns AffineTransform's rank x rank matrix (row-major) and offset for
// a rank-D image, or, when diag, the matrix's diagonal (rank values).
func ParseAffine(rank int, p AffineTransformParams) (m, offset []float64, diag bool, err error) {
	a, err := parseAffine("affine_transform", rank, p)
	return a.m, a.offset, a.diag, err
}

// ParseRotation returns Rotate's plane axes (sorted), its 2x2 matrix (row-major) and
// the offset within the plane, for an image of shape in.
func ParseRotation(in []int, p RotateParams) (axes [2]int, m, offset []float64, err error) {
	r, err := parseRotation(in, p)
	return [2]int{r.a0, r.a1}, r.m, r.offset, err
}
