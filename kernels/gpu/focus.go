package gpu

import (
	"github.com/kernreg/kernreg/kernels/cpu"
)

// ExtendedDepthOfFocus projects a focus stack to one sharp image: every pixel takes its
// value from the slice in which the local variance around it is highest. For each slice,
// in real (float64 where the device has it),
//
//	g  = the slice, or gaussian_filter(slice, sigma, mode=reflect, truncate=4) if sigma > 0
//	m1 = box_mean(g), m2 = box_mean(g*g), var = m2 - m1*m1
//
// where box_mean averages the (2r+1)² window (r = radius) as two 1D passes, along Y and
// then X, each summing the 2r+1 values of the input extended by reflection in order from
// the lowest index and dividing the sum by 2r+1. The result is image[argmax_z var, y, x]
// with numpy.argmax's rules: the first z of equal maxima, and the first NaN counts as the
// maximum. A 2D image is one slice and comes back unchanged. The slices run one after
// another, each as a few passes over the plane, with the running maximum on the device.
//
//kernreg:op name=extended_depth_of_focus tags=projection,focus ref="documented:argmax_z(local variance) as in conformance/reference/ops_projection_extra.py"
func ExtendedDepthOfFocus(dst Plane, image Volume, p cpu.EDFParams) error {
	const op = "extended_depth_of_focus"
	if err := checkProjection(op, dst, image); err != nil {
		return err
	}
	if err := cpu.EDFParamsOf(op, p); err != nil {
		return err
	}
	dev := dst.Dev()
	nz, ny, nx := image.dims3()
	n := ny * nx
	if nz == 1 {
		return dev.Copy(dst.Buf, int64(dst.Off)*4, image.Buf, int64(image.Off)*4, int64(n)*4)
	}
	bufs, err := realScratches(dev, op, n, 5)
	if err != nil {
		return err
	}
	defer release(bufs)
	g, sq, tmp, m1, best := bufs[0], bufs[1], bufs[2], bufs[3], bufs[4]
	var weights Buffer
	r := 0
	if p.Sigma > 0 {
		r = int(4*p.Sigma + 0.5)
		if weights, err = realBuffer(dev, op, cpu.GaussianKernel1D(p.Sigma, 0, r)); err != nil {
			return err
		}
		defer weights.Release()
	}
	plane := []int{nx, ny, 1}
	reflect := int(cpu.Reflect)
	// boxMean is boxMean64: Y into tmp, then X into out; radius 0 is the input itself.
	boxMean := func(out, in Buffer) (Buffer, error) {
		if p.Radius == 0 {
			return in, nil
		}
		if err := kBoxMeanRealAxis.Launch(dev, plane, tmp, in, 1, ny, nx, 1, p.Radius, reflect); err != nil {
			return nil, err
		}
		return out, kBoxMeanRealAxis.Launch(dev, plane, out, tmp, 1, ny, nx, 2, p.Radius, reflect)
	}
	for z := range nz {
		soff := image.Off + z*n
		if err := kLoadReal.Launch(dev, []int{n}, g, image.Buf, soff, n); err != nil {
			return err
		}
		if weights != nil {
			if err := kSymmetricRealAxis.Launch(dev, plane, tmp, g, 1, ny, nx, 1, weights, r, reflect, 0); err != nil {
				return err
			}
			if err := kSymmetricRealAxis.Launch(dev, plane, g, tmp, 1, ny, nx, 2, weights, r, reflect, 0); err != nil {
				return err
			}
		}
		if err := kSquareReal.Launch(dev, []int{n}, sq, g, n); err != nil {
			return err
		}
		mean, err := boxMean(m1, g)
		if err != nil {
			return err
		}
		meanSq, err := boxMean(sq, sq)
		if err != nil {
			return err
		}
		if err := kFocusSelect.Launch(dev, []int{n}, dst.Buf, dst.Off, image.Buf, soff, best, mean, meanSq, n, b2i(z == 0)); err != nil {
			return err
		}
	}
	return nil
}
