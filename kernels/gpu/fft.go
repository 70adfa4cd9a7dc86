package gpu

import "github.com/kernreg/kernreg/kernels/cpu"

var (
	srcFFT         = source("fft.cl")
	kLineNonfinite = kernel(srcFFT, "line_nonfinite", Buf, Buf, Int, Int, Int, Int)
	kNaNLines      = kernel(srcFFT, "nan_lines", Buf, Buf, Int, Int, Int, Int)
)

// FFTConvolve convolves the image with a Gaussian kernel as
// scipy.signal.fftconvolve(image, kernel, mode='same') does, with kernels/cpu's
// FFTConvolve's parameters and kernels: zero outside the image, the result the centred
// part of the full convolution, the kernel the outer product of gaussian_filter's 1D
// weights of each axis with sigma > 0. The GPU sums the convolution directly, one pass
// per axis over a real buffer, and rounds once to float32: the exact convolution within
// float64 rounding, as the CPU's float64 FFT gives it within its own. As with an FFT, a
// NaN or infinity anywhere on a line makes that whole line of the pass's result NaN.
//
//kernreg:op name=fft_convolve tags=filter,smoothing,fft ref="scipy.signal.fftconvolve(image,gaussian_kernel,mode='same')" slices=coupled
func FFTConvolve(dst, image Array, p cpu.FFTConvolveParams) error {
	const op = "fft_convolve"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	kernels, err := cpu.FFTConvolveKernels(len(image.Shape), p)
	if err != nil {
		return err
	}
	dev := dst.Dev()
	n := image.Len()
	bufs, err := realScratches(dev, op, n, 2)
	if err != nil {
		return err
	}
	defer release(bufs)
	if err := kLoadReal.Launch(dev, []int{n}, bufs[0], image.Buf, image.Off, n); err != nil {
		return err
	}
	z, y, x := image.dims3()
	grid := grid3(image.View)
	cur, next := bufs[0], bufs[1]
	for axis, w := range kernels {
		if w == nil {
			continue
		}
		ax := axis3(len(image.Shape), axis)
		if err := convolveLines(op, dev, next, cur, z, y, x, ax, w, grid); err != nil {
			return err
		}
		cur, next = next, cur
	}
	return kStoreReal.Launch(dev, []int{n}, dst.Buf, dst.Off, cur, n)
}

// convolveLines is one axis of FFTConvolve: out = in convolved with the symmetric w along
// axis (zero outside), NaN on the lines of in that hold a NaN or an infinity.
func convolveLines(op string, dev Device, out, in Buffer, z, y, x, axis int, w []float64, grid []int) error {
	flag, err := nonfiniteLines(op, dev, in, z, y, x, axis)
	if err != nil {
		return err
	}
	defer flag.Release()
	wb, err := realBuffer(dev, op, w)
	if err != nil {
		return err
	}
	defer wb.Release()
	if err := kSymmetricRealAxis.Launch(dev, grid, out, in, z, y, x, axis, wb, len(w)/2, int(cpu.Constant), 0); err != nil {
		return err
	}
	return kNaNLines.Launch(dev, grid, out, flag, z, y, x, axis)
}

// nonfiniteLines returns a new scratch buffer with one flag per line along axis of the
// real Z x Y x X array in: 1 where the line holds a NaN or an infinity, else 0.
func nonfiniteLines(op string, dev Device, in Buffer, z, y, x, axis int) (Buffer, error) {
	lines := z * y * x / []int{z, y, x}[axis]
	flag, err := scratch(dev, op, lines)
	if err != nil {
		return nil, err
	}
	if err := dev.Fill32(flag, 0, 0, int64(lines)); err != nil {
		flag.Release()
		return nil, err
	}
	if err := kLineNonfinite.Launch(dev, []int{x, y, z}, flag, in, z, y, x, axis); err != nil {
		flag.Release()
		return nil, err
	}
	return flag, nil
}
