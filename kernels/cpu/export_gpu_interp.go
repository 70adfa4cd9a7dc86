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

// ResamplePlan is a validated Resize or Rescale: the output shape, the anti-aliasing
// Gaussian (nil when no axis is smoothed), zoom's spline order and mode number (the
// resampling is Zoom's with prefilter and grid_mode on), and whether the result is
// clipped (ClipBounds says to what).
type ResamplePlan struct {
	Shape  []int
	Smooth *GaussianParams
	Order  int
	Mode   int
	Cval   float64
	Clip   bool
	// Constant is skimage's constant mode, where clipping may widen to cval.
	Constant bool
}

func exportPlan(p resamplePlan, err error) (ResamplePlan, error) {
	return ResamplePlan{Shape: p.shape, Smooth: p.smooth, Order: p.order, Mode: int(p.mode), Cval: p.cval,
		Clip: p.clip, Constant: p.constant}, err
}

// ResizePlan validates Resize's parameters for an image of shape in.
func ResizePlan(in []int, p ResizeParams) (ResamplePlan, error) {
	out, err := resizeTarget(in, p.OutputShape)
	if err != nil {
		return ResamplePlan{}, err
	}
	return exportPlan(newResamplePlan("resize", in, out, resizeArgs{p.Order, p.Mode, p.Cval, p.Clip, p.AntiAliasing, p.AntiAliasingSigma}))
}

// RescalePlan validates Rescale's parameters for an image of shape in.
func RescalePlan(in []int, p RescaleParams) (ResamplePlan, error) {
	out, err := rescaleTarget(in, p.Scale)
	if err != nil {
		return ResamplePlan{}, err
	}
	return exportPlan(newResamplePlan("rescale", in, out, resizeArgs{p.Order, p.Mode, p.Cval, p.Clip, p.AntiAliasing, p.AntiAliasingSigma}))
}

// ClipBounds returns the range Resize clips its result to, from the input's range
// [lo, hi] (NaN when it holds a NaN) and, asked only when needed, the result's; ok is
// false when nothing is clipped.
func ClipBounds(lo, hi float32, constant bool, cval float64, outRange func() (float32, float32, error)) (float32, float32, bool, error) {
	var rerr error
	lo, hi, ok := clipBounds(lo, hi, constant, cval, func() (float32, float32) {
		l, h, err := outRange()
		rerr = err
		return l, h
	})
	return lo, hi, ok && rerr == nil, rerr
}
