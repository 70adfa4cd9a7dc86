package gpu

import (
	"encoding/binary"
	"math"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// Restoration after kernels/cpu/restoration.go (scikit-image's richardson_lucy and
// denoise_tv_chambolle), which computes in float64: here every intermediate lives in a
// real buffer (double where the device has it) and every sum runs in the reference's
// order, so on a device with float64 the results are kernels/cpu's up to the final
// rounding to float32. extended_depth_of_focus (focus.go) shares the real passes.

var (
	srcRestoration = source("restoration.cl")

	kLoadReal          = kernel(srcRestoration, "load_real", Buf, Buf, Int, Int)
	kSquareReal        = kernel(srcRestoration, "square_real", Buf, Buf, Int)
	kFillReal          = kernel(srcRestoration, "fill_real", Buf, Int, Real)
	kSymmetricRealAxis = kernel(srcRestoration, "symmetric_real_axis", Buf, Buf, Int, Int, Int, Int, Buf, Int, Int, Int)
	kBoxMeanRealAxis   = kernel(srcRestoration, "box_mean_real_axis", Buf, Buf, Int, Int, Int, Int, Int, Int)
	kFocusSelect       = kernel(srcRestoration, "focus_select", Buf, Int, Buf, Int, Buf, Buf, Buf, Int, Int)
	kRLRatio           = kernel(srcRestoration, "rl_ratio", Buf, Buf, Int, Int, Real)
	kRLUpdate          = kernel(srcRestoration, "rl_update", Buf, Buf, Int)
	kRLStore           = kernel(srcRestoration, "rl_store", Buf, Int, Buf, Int, Int)
	kTVDivergence      = kernel(srcRestoration, "tv_divergence", Buf, Buf, Buf, Int, Buf, Int, Int, Int, Int)
	kTVStep            = kernel(srcRestoration, "tv_step", Buf, Buf, Buf, Int, Int, Int, Int, Real, Real)
	kRowSums2          = kernel(srcRestoration, "row_sums2", Buf, Buf, Buf, Int, Int)
	kTotalRows2        = kernel(srcRestoration, "total_rows2", Buf, Buf, Int)
)

// realSize is the size in bytes of the device's real.
func realSize(dev Device) int64 {
	if dev.Float64() {
		return 8
	}
	return 4
}

// downloadReals reads the first len(out) reals of b.
func downloadReals(b Buffer, out []float64) error {
	dev := b.Device()
	size := realSize(dev)
	raw := make([]byte, int64(len(out))*size)
	if err := dev.Read(b, 0, raw); err != nil {
		return err
	}
	for i := range out {
		if size == 8 {
			out[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
		} else {
			out[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:])))
		}
	}
	return nil
}

// RichardsonLucy deconvolves an image with a Gaussian point spread function by the
// Richardson-Lucy algorithm, as skimage.restoration.richardson_lucy(image, psf, num_iter,
// clip, filter_epsilon) does. The PSF is the outer product over the axes of
// g(j) = exp(-x²/(2s²)), x = j - (size-1)/2 for j in [0, size), normalised to sum 1 (a
// delta where s = 0). Starting from u = 0.5 everywhere, each iteration computes, with
// convolve the 'same'-mode convolution with zeros outside the image,
//
//	c = convolve(u, psf) + 1e-12
//	q = image / c, or 0 where c < filter_epsilon (when filter_epsilon > 0)
//	u = u * convolve(q, flip(psf))
//
// and clip limits the result to [-1, 1]. Everything runs in real; the convolutions are
// direct separable passes summed in kernels/cpu's direct order (its FFT path for PSFs
// longer than 48 differs from it by float64 rounding only).
//
//kernreg:op name=richardson_lucy tags=restoration,deconvolution ref=skimage.restoration.richardson_lucy slices=coupled
func RichardsonLucy(dst, image Array, p cpu.RichardsonLucyParams) error {
	const op = "richardson_lucy"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	rank := len(image.Shape)
	psf, err := cpu.RichardsonLucyPSFOf(op, rank, p)
	if err != nil {
		return err
	}
	dev := dst.Dev()
	n := dst.Len()
	z, y, x := dst.dims3()
	bufs, err := realScratches(dev, op, n, 3)
	if err != nil {
		return err
	}
	defer release(bufs)
	u, a, b := bufs[0], bufs[1], bufs[2]
	// The PSF is symmetric, so flip(psf) is the PSF itself; axes with a delta are skipped.
	type axisPass struct {
		axis, r int
		w       Buffer
	}
	var passes []axisPass
	for axis, w := range psf {
		if len(w) == 1 {
			continue
		}
		wb, err := realBuffer(dev, op, w)
		if err != nil {
			return err
		}
		defer wb.Release()
		passes = append(passes, axisPass{axis3(rank, axis), len(w) / 2, wb})
	}
	// convolve convolves in with the PSF into a or b (whichever in is not, alternating)
	// and returns the buffer that holds the result; with no passes it is in, copied to a
	// when in is u.
	convolve := func(in Buffer) (Buffer, error) {
		if len(passes) == 0 {
			if in != u {
				return in, nil
			}
			return a, dev.Copy(a, 0, u, 0, int64(n)*realSize(dev))
		}
		cur := in
		for _, ps := range passes {
			out := a
			if cur == a {
				out = b
			}
			if err := kSymmetricRealAxis.Launch(dev, grid3(dst.View), out, cur, z, y, x, ps.axis, ps.w, ps.r, int(cpu.Constant), 1); err != nil {
				return nil, err
			}
			cur = out
		}
		return cur, nil
	}
	if err := kFillReal.Launch(dev, []int{n}, u, n, 0.5); err != nil {
		return err
	}
	for range p.NumIter {
		c, err := convolve(u)
		if err != nil {
			return err
		}
		if err := kRLRatio.Launch(dev, []int{n}, c, image.Buf, image.Off, n, p.FilterEpsilon); err != nil {
			return err
		}
		if c, err = convolve(c); err != nil {
			return err
		}
		if err := kRLUpdate.Launch(dev, []int{n}, u, c, n); err != nil {
			return err
		}
	}
	return kRLStore.Launch(dev, []int{n}, dst.Buf, dst.Off, u, n, b2i(p.Clip))
}

// DenoiseTVChambolle removes noise by minimising the total variation, with Chambolle's
// projection algorithm as skimage.restoration.denoise_tv_chambolle(image, weight, eps,
// max_num_iter) runs it with channel_axis=None: a 3D image is denoised as a volume. With
// p the dual field (one component per axis, zero at first), tau = 1/(2·ndim) and N the
// number of pixels, iteration i computes
//
//	d   = 0 if i = 0, else -Σ_ax p_ax + Σ_ax p_ax shifted by one along ax (backward difference)
//	out = image + d
//	g_ax = forward difference of out along ax (0 at the last index)
//	|g| = sqrt(Σ_ax g_ax²);  E = (Σ d² + weight·Σ|g|) / N
//	p_ax = (p_ax - tau·g_ax) / (1 + |g|·tau/weight)
//
// and stops after max_num_iter iterations, or once |E - E_previous| < eps·E_0 (checked
// from i = 1); the result is the last out. Computed in real, with the sums of E taken row
// by row and then over the rows in kernels/cpu's order, so the number of iterations is
// the CPU's. The two sums of each iteration come back to the host for the stopping rule.
//
//kernreg:op name=denoise_tv_chambolle tags=restoration,denoising ref=skimage.restoration.denoise_tv_chambolle slices=coupled
func DenoiseTVChambolle(dst, image Array, p cpu.DenoiseTVChambolleParams) error {
	const op = "denoise_tv_chambolle"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	if err := cpu.TVChambolleParamsOf(op, p); err != nil {
		return err
	}
	dev := dst.Dev()
	rank := len(image.Shape)
	n := dst.Len()
	z, y, x := dst.dims3()
	rows := z * y
	bufs, err := realScratches(dev, op, n, 3)
	if err != nil {
		return err
	}
	defer release(bufs)
	out, d2, gn := bufs[0], bufs[1], bufs[2]
	dual, err := realScratch(dev, op, rank*n)
	if err != nil {
		return err
	}
	defer dual.Release()
	rowSums, err := realScratch(dev, op, 2*rows)
	if err != nil {
		return err
	}
	defer rowSums.Release()
	totals, err := realScratch(dev, op, 2)
	if err != nil {
		return err
	}
	defer totals.Release()
	if err := kLoadReal.Launch(dev, []int{n}, out, image.Buf, image.Off, n); err != nil {
		return err
	}
	if err := kFillReal.Launch(dev, []int{rank * n}, dual, rank*n, 0.0); err != nil {
		return err
	}
	if err := kFillReal.Launch(dev, []int{n}, d2, n, 0.0); err != nil {
		return err
	}
	tau := 1 / (2 * float64(rank))
	tw := tau / p.Weight
	grid := grid3(dst.View)
	total := make([]float64, 2)
	var eInit, ePrev float64
	for i := range p.MaxNumIter {
		if i > 0 {
			if err := kTVDivergence.Launch(dev, grid, out, d2, image.Buf, image.Off, dual, z, y, x, rank); err != nil {
				return err
			}
		}
		if err := kTVStep.Launch(dev, grid, dual, gn, out, z, y, x, rank, tau, tw); err != nil {
			return err
		}
		if err := kRowSums2.Launch(dev, []int{rows}, rowSums, d2, gn, rows, x); err != nil {
			return err
		}
		if err := kTotalRows2.Launch(dev, []int{1}, totals, rowSums, rows); err != nil {
			return err
		}
		if err := downloadReals(totals, total); err != nil {
			return err
		}
		e := 0.0
		if i > 0 {
			e = total[0]
		}
		e = (e + p.Weight*total[1]) / float64(n)
		if i == 0 {
			eInit, ePrev = e, e
		} else {
			if math.Abs(ePrev-e) < p.Eps*eInit {
				break
			}
			ePrev = e
		}
	}
	return kStoreReal.Launch(dev, []int{n}, dst.Buf, dst.Off, out, n)
}
