package gpu

import (
	"fmt"
	"math"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// The thresholds of scikit-image 0.19 other than Otsu's. The global ones compute their
// few numbers on the device (a range, a histogram, numpy's float32 means) and choose the
// threshold from them on the host with kernels/cpu's own code; the local ones compute
// the threshold image on the device.

var (
	srcThresholds = source("thresholds.cl")

	kDigitize        = kernel(srcThresholds, "digitize", Buf, Int, Buf, Int, Int, Buf, Int)
	kBlockSums       = kernel(srcThresholds, "block_sums", Buf, Int, Buf, Int, Buf)
	kMeanFinish      = kernel(srcThresholds, "mean_finish", Buf, Buf, Int, Buf, Int)
	kSplitCount      = kernel(srcThresholds, "split_count", Buf, Int, Int, Int, Int, Int, Float, Buf)
	kSplitScan       = kernel(srcThresholds, "split_scan", Buf, Int, Int)
	kSplit           = kernel(srcThresholds, "split", Buf, Int, Int, Int, Int, Int, Float, Buf, Buf, Buf)
	kSubtractValue   = kernel(srcThresholds, "subtract_value", Buf, Int, Float)
	kMinGapPartial   = kernel(srcThresholds, "min_gap_partial", Buf, Int, Int, Buf)
	kSymmetricAxis   = kernel(srcThresholds, "symmetric_axis", Buf, Int, Buf, Int, Int, Int, Int, Int, Buf, Int, Int, Real)
	kBoxMeanAxis     = kernel(srcThresholds, "box_mean_axis", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Int, Real)
	kAboveOffset     = kernel(srcThresholds, "above_offset", Buf, Int, Buf, Int, Buf, Int, Float)
	kIntegralPad     = kernel(srcThresholds, "integral_pad", Buf, Buf, Buf, Int, Int, Int, Int, Int, Int, Int)
	kCumsumAxis      = kernel(srcThresholds, "cumsum_axis", Buf, Int, Int, Int, Int)
	kWindowThreshold = kernel(srcThresholds, "window_threshold", Buf, Int, Buf, Int, Buf, Buf, Int, Int, Int, Int, Int, Int, Int, Float, Int, Float, Float)
)

// thresholds.cl's SUM_BLOCK and SUM_GROUP: numpy sums float32 in blocks of sumBlock
// elements; a work group of sumGroup items sums a full block.
const (
	sumBlock = 8192
	sumGroup = 64
)

// thresholds.cl's split modes.
const (
	splitFinite = 0
	splitAbove  = 1
)

// splitChunks is how many chunks (work items) split an array for compaction.
const splitChunks = 4096

// ThresholdYen returns image > t (float32 0/1) for t = skimage.filters.threshold_yen(image,
// nbins) of scikit-image 0.19, Yen's threshold of the whole array. The range and the
// histogram are computed on the device (as ThresholdOtsu's); the host picks t from the
// nbins counts with kernels/cpu's code, so t is exactly the CPU reference's. An image
// with NaN or infinite values is an error, as in skimage.
//
//kernreg:op name=threshold_yen tags=threshold,segmentation ref=skimage.filters.threshold_yen slices=coupled
func ThresholdYen(dst, image Array, p cpu.HistogramThresholdParams) error {
	return histogramThreshold("threshold_yen", dst, image, p.Nbins, cpu.YenFromHistogram)
}

// ThresholdIsodata returns image > t (float32 0/1) for t =
// skimage.filters.threshold_isodata(image, nbins) of scikit-image 0.19, the
// Ridler-Calvard threshold of the whole array, from a device histogram as ThresholdYen.
// No bin centre midway between the means below and above it (a constant image) is an
// error, as is an image with NaN or infinite values; skimage raises on both.
//
//kernreg:op name=threshold_isodata tags=threshold,segmentation ref=skimage.filters.threshold_isodata slices=coupled
func ThresholdIsodata(dst, image Array, p cpu.HistogramThresholdParams) error {
	return histogramThreshold("threshold_isodata", dst, image, p.Nbins, cpu.IsodataFromHistogram)
}

// ThresholdTriangle returns image > t (float32 0/1) for t =
// skimage.filters.threshold_triangle(image, nbins) of scikit-image 0.19, the triangle
// threshold of the whole array's histogram, from a device histogram as ThresholdYen. A
// histogram with one occupied bin is an error, as is an image with NaN or infinite
// values; skimage raises on both.
//
//kernreg:op name=threshold_triangle tags=threshold,segmentation ref=skimage.filters.threshold_triangle slices=coupled
func ThresholdTriangle(dst, image Array, p cpu.HistogramThresholdParams) error {
	return histogramThreshold("threshold_triangle", dst, image, p.Nbins, cpu.TriangleFromHistogram)
}

// ThresholdMinimum returns image > t (float32 0/1) for t =
// skimage.filters.threshold_minimum(image, nbins, max_num_iter) of scikit-image 0.19, the
// minimum between the two peaks of the whole array's smoothed histogram, from a device
// histogram as ThresholdYen (the smoothing of the nbins counts runs on the host). Not
// finding exactly two maxima within max_num_iter smoothing steps is an error, as is an
// image with NaN or infinite values; skimage raises on all of them.
//
//kernreg:op name=threshold_minimum tags=threshold,segmentation ref=skimage.filters.threshold_minimum slices=coupled
func ThresholdMinimum(dst, image Array, p cpu.MinimumThresholdParams) error {
	const op = "threshold_minimum"
	if err := cpu.CheckMinimumParams(op, p); err != nil {
		return err
	}
	return histogramThreshold(op, dst, image, p.Nbins, func(counts []int64, centres []float32) (float32, error) {
		return cpu.MinimumFromHistogram(counts, centres, p.MaxNumIter)
	})
}

// ThresholdMultiotsu labels each pixel with its class 0..classes-1 under the multi-Otsu
// thresholds of the whole array, skimage.filters.threshold_multiotsu(image, classes,
// nbins) of scikit-image 0.19: np.digitize(image, thresholds), computed on the device.
// The histogram is a device histogram as ThresholdYen's; the thresholds are searched on
// the host over the nbins counts with kernels/cpu's code. Fewer occupied bins than
// classes is an error, as is an image with NaN or infinite values (skimage raises on
// both).
//
//kernreg:op name=threshold_multiotsu tags=threshold,segmentation ref=skimage.filters.threshold_multiotsu slices=coupled
func ThresholdMultiotsu(dst LabelArray, image Array, p cpu.MultiOtsuParams) error {
	const op = "threshold_multiotsu"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	if err := cpu.CheckMultiotsuParams(op, p); err != nil {
		return err
	}
	counts, centres, err := histogram(op, image.View, p.Nbins)
	if err != nil {
		return err
	}
	thr, err := cpu.MultiotsuFromHistogram(counts, centres, p.Classes)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	dev := image.Dev()
	tb, err := scratch(dev, op, len(thr))
	if err != nil {
		return err
	}
	defer tb.Release()
	if err := Upload(tb, 0, thr); err != nil {
		return err
	}
	n := dst.Len()
	return kDigitize.Launch(dev, []int{n}, dst.Buf, dst.Off, image.Buf, image.Off, n, tb, len(thr))
}

// histogramThreshold runs a histogram threshold: the device histogram, the threshold
// picked from it on the host, and image > t on the device.
func histogramThreshold(op string, dst, image Array, nbins int, pick func([]int64, []float32) (float32, error)) error {
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	if err := cpu.CheckNbins(op, nbins); err != nil {
		return err
	}
	counts, centres, err := histogram(op, image.View, nbins)
	if err != nil {
		return err
	}
	t, err := pick(counts, centres)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	n := dst.Len()
	return kThresholdAbove.Launch(dst.Dev(), []int{n}, dst.Buf, dst.Off, image.Buf, image.Off, n, t)
}

// histogram is skimage.exposure.histogram of v (cpu.HistogramOf) with the range and the
// counts computed on the device.
func histogram(op string, v View, nbins int) ([]int64, []float32, error) {
	r, err := deviceRange(op, v)
	if err != nil {
		return nil, nil, err
	}
	lo, hi := r.lo, r.hi
	if r.nan || !r.any {
		lo, hi = float32(math.NaN()), float32(math.NaN())
	}
	counts, centres, err := cpu.HistogramOf(lo, hi, v.Len(), nbins, func(edges []float32) ([]int64, error) {
		return deviceCounts(op, v, edges)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", op, err)
	}
	return counts, centres, nil
}

// ThresholdMean returns image > t (float32 0/1) for t = skimage.filters.threshold_mean(image),
// the mean of the whole array: np.mean's float32 value, numpy's pairwise float32 sum (in
// blocks of 8192 elements, added in order) divided by the pixel count, computed on the
// device to the bit. NaN anywhere makes t NaN and the result all 0.
//
//kernreg:op name=threshold_mean tags=threshold,segmentation ref=skimage.filters.threshold_mean slices=coupled
func ThresholdMean(dst, image Array) error {
	const op = "threshold_mean"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	dev := image.Dev()
	n := image.Len()
	sb, err := scratch(dev, op, 2) // the count, then the mean
	if err != nil {
		return err
	}
	defer sb.Release()
	if err := Upload(sb, 0, []int32{int32(n)}); err != nil {
		return err
	}
	if err := deviceMean(op, image.Buf, image.Off, sb, 0, n, sb, 1); err != nil {
		return err
	}
	t := make([]float32, 1)
	if err := Download(sb, 1, t); err != nil {
		return err
	}
	return kThresholdAbove.Launch(dev, []int{n}, dst.Buf, dst.Off, image.Buf, image.Off, n, t[0])
}

// deviceMean writes np.mean of the count[coff] float32 values at element off of buf to
// out[oi], all on the device; maxN bounds the count.
func deviceMean(op string, buf Buffer, off int, count Buffer, coff, maxN int, out Buffer, oi int) error {
	dev := buf.Device()
	blocks := max(1, (maxN+sumBlock-1)/sumBlock)
	sums, err := scratch(dev, op, blocks)
	if err != nil {
		return err
	}
	defer sums.Release()
	if err := kBlockSums.LaunchLocal(dev, []int{blocks * sumGroup}, []int{sumGroup}, buf, off, count, coff, sums); err != nil {
		return err
	}
	return kMeanFinish.Launch(dev, []int{1}, sums, count, coff, out, oi)
}

// splitter compacts an array of n values on the device, in order: the values a
// predicate keeps, and with splitAbove the others. offsets[chunks] is then the number
// kept and offsets[chunks+1] the number of the others.
type splitter struct {
	n, chunk, chunks int
	offsets          Buffer
}

func newSplitter(op string, dev Device, n int) (*splitter, error) {
	chunks := min(n, splitChunks)
	chunk := (n + chunks - 1) / chunks
	chunks = (n + chunk - 1) / chunk
	b, err := scratch(dev, op, chunks+2)
	if err != nil {
		return nil, err
	}
	return &splitter{n: n, chunk: chunk, chunks: chunks, offsets: b}, nil
}

func (s *splitter) split(src Buffer, off, mode int, t float32, keep, rest Buffer) error {
	dev := src.Device()
	err := kSplitCount.Launch(dev, []int{s.chunks}, src, off, s.n, s.chunk, s.chunks, mode, t, s.offsets)
	if err != nil {
		return err
	}
	if err := kSplitScan.Launch(dev, []int{1}, s.offsets, s.chunks, s.n); err != nil {
		return err
	}
	return kSplit.Launch(dev, []int{s.chunks}, src, off, s.n, s.chunk, s.chunks, mode, t, s.offsets, keep, rest)
}

// ThresholdLi returns image > t (float32 0/1) for t = skimage.filters.threshold_li(image,
// tolerance) of scikit-image 0.19, Li's minimum cross entropy threshold of the whole
// array, with kernels/cpu's arithmetic to the bit.
//
// The device finds the range, compacts the finite values in order and shifts them by
// their minimum, sorts a copy for the default tolerance (half the smallest positive
// difference) and computes numpy's float32 means of all of them and, at each iteration,
// of those above and not above the current t (order-preserving splits, pairwise block
// sums). The host runs kernels/cpu's iteration on those two means per step. NaN pixels
// are ignored (all NaN: t is NaN); an image whose other pixels are all equal has t equal
// to them; with only infinities t is 0; with tolerance 0 and one finite value the
// tolerance is undefined, an error as in skimage.
//
//kernreg:op name=threshold_li tags=threshold,segmentation ref=skimage.filters.threshold_li slices=coupled
func ThresholdLi(dst, image Array, p cpu.LiParams) error {
	const op = "threshold_li"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	if p.Tolerance < 0 || math.IsNaN(p.Tolerance) {
		return fmt.Errorf("%s: tolerance must be >= 0, got %v", op, p.Tolerance)
	}
	t, err := liThreshold(op, image.View, p.Tolerance)
	if err != nil {
		return err
	}
	n := dst.Len()
	return kThresholdAbove.Launch(dst.Dev(), []int{n}, dst.Buf, dst.Off, image.Buf, image.Off, n, t)
}

func liThreshold(op string, v View, tol float64) (float32, error) {
	r, err := deviceRange(op, v)
	switch {
	case err != nil:
		return 0, err
	case !r.any:
		return float32(math.NaN()), nil
	case r.lo == r.hi:
		return r.lo, nil
	}
	dev := v.Dev()
	n := v.Len()
	finite, err := scratch(dev, op, n)
	if err != nil {
		return 0, err
	}
	defer finite.Release()
	all, err := newSplitter(op, dev, n)
	if err != nil {
		return 0, err
	}
	defer all.offsets.Release()
	if err := all.split(v.Buf, v.Off, splitFinite, 0, finite, finite); err != nil {
		return 0, err
	}
	m32 := make([]int32, 1)
	if err := Download(all.offsets, all.chunks, m32); err != nil {
		return 0, err
	}
	m := int(m32[0])
	if m == 0 {
		return 0, nil // both infinities and nothing else
	}
	fr, err := deviceRange(op, View{Buf: finite, Shape: []int{1, m}})
	if err != nil {
		return 0, err
	}
	lo := fr.lo
	if err := kSubtractValue.Launch(dev, []int{m}, finite, m, lo); err != nil {
		return 0, err
	}
	if tol == 0 {
		gap, err := minGap(op, finite, m)
		if err != nil {
			return 0, err
		}
		if tol, err = cpu.LiTolerance(gap); err != nil {
			return 0, fmt.Errorf("%s: %w", op, err)
		}
	}
	means, err := scratch(dev, op, 2)
	if err != nil {
		return 0, err
	}
	defer means.Release()
	if err := deviceMean(op, finite, 0, all.offsets, all.chunks, m, means, 0); err != nil {
		return 0, err
	}
	t0 := make([]float32, 2)
	if err := Download(means, 0, t0[:1]); err != nil {
		return 0, err
	}
	fore, err := scratch(dev, op, m)
	if err != nil {
		return 0, err
	}
	defer fore.Release()
	back, err := scratch(dev, op, m)
	if err != nil {
		return 0, err
	}
	defer back.Release()
	sp, err := newSplitter(op, dev, m)
	if err != nil {
		return 0, err
	}
	defer sp.offsets.Release()
	t, err := cpu.LiIterate(t0[0], tol, func(t float32) (mf, mb float32, err error) {
		if err := sp.split(finite, 0, splitAbove, t, fore, back); err != nil {
			return 0, 0, err
		}
		if err := deviceMean(op, fore, 0, sp.offsets, sp.chunks, m, means, 0); err != nil {
			return 0, 0, err
		}
		if err := deviceMean(op, back, 0, sp.offsets, sp.chunks+1, m, means, 1); err != nil {
			return 0, 0, err
		}
		mm := make([]float32, 2)
		if err := Download(means, 0, mm); err != nil {
			return 0, 0, err
		}
		return mm[0], mm[1], nil
	})
	if err != nil {
		return 0, err
	}
	return t + lo, nil
}

// minGap returns the smallest positive difference between the sorted first m values of
// buf (+Inf if there is none): a bitonic sort of a copy padded with +Inf to a power of
// two, then a device reduction whose rangeItems partial minima the host combines.
func minGap(op string, buf Buffer, m int) (float32, error) {
	dev := buf.Device()
	sorted, _, err := sortedCopy(op, buf, 0, m, infBits, true)
	if err != nil {
		return 0, err
	}
	defer sorted.Release()
	items := min(m, rangeItems)
	part, err := scratch(dev, op, items)
	if err != nil {
		return 0, err
	}
	defer part.Release()
	if err := kMinGapPartial.Launch(dev, []int{items}, sorted, m, items, part); err != nil {
		return 0, err
	}
	parts := make([]float32, items)
	if err := Download(part, 0, parts); err != nil {
		return 0, err
	}
	gap := float32(math.Inf(1))
	for _, g := range parts {
		gap = min(gap, g)
	}
	return gap, nil
}

// ThresholdLocal returns image > T (float32 0/1) for the adaptive threshold image T =
// skimage.filters.threshold_local(image, block_size, method, offset, mode, cval) of
// scikit-image 0.19, computed on the device: T is the neighbourhood statistic minus
// offset, in float32. gaussian is scipy.ndimage.gaussian_filter with sigma (b-1)/6 per
// axis (truncate 4; scipy's weights and symmetric folding, float32 between axes), mean
// scipy.ndimage.uniform_filter (scipy 1.10's running sums, divided by the size) and
// median MedianFilter, each with size b per axis and the given mode and cval.
//
//kernreg:op name=threshold_local tags=threshold,segmentation,adaptive ref=skimage.filters.threshold_local slices=coupled
func ThresholdLocal(dst, image Array, p cpu.LocalThresholdParams) error {
	const op = "threshold_local"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	rank := len(image.Shape)
	block, mode, err := cpu.LocalThresholdParamsOf(op, rank, p)
	if err != nil {
		return err
	}
	dev := image.Dev()
	n := image.Len()
	tb, err := scratch(dev, op, n)
	if err != nil {
		return err
	}
	defer tb.Release()
	thr := View{Buf: tb, Shape: image.Shape}
	switch p.Method {
	case "median":
		err := MedianFilter(Array{thr}, image, cpu.BoxParams{Size: block, Mode: p.Mode, Cval: p.Cval})
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
	case "mean":
		var passes []pass
		for axis, b := range block {
			if b == 1 {
				continue
			}
			ax := axis3(rank, axis)
			passes = append(passes, func(out, in View) error {
				z, y, x := out.dims3()
				lines := z * y * x / []int{z, y, x}[ax]
				return kBoxMeanAxis.Launch(dev, []int{lines}, out.Buf, out.Off, in.Buf, in.Off, z, y, x, ax, b, int(mode), p.Cval)
			})
		}
		if err := chain(op, thr, image.View, passes); err != nil {
			return err
		}
	default: // gaussian
		var passes []pass
		for axis, b := range block {
			s := float64(b-1) / 6
			if s <= 1e-15 {
				continue
			}
			w := cpu.LocalGaussianWeights(s, int(4*s+0.5))
			ax := axis3(rank, axis)
			passes = append(passes, func(out, in View) error {
				wb, err := realBuffer(dev, op, w)
				if err != nil {
					return err
				}
				defer wb.Release()
				z, y, x := out.dims3()
				return kSymmetricAxis.Launch(dev, grid3(out), out.Buf, out.Off, in.Buf, in.Off, z, y, x, ax, wb, len(w)/2, int(mode), p.Cval)
			})
		}
		if err := chain(op, thr, image.View, passes); err != nil {
			return err
		}
	}
	return kAboveOffset.Launch(dev, []int{n}, dst.Buf, dst.Off, image.Buf, image.Off, tb, n, float32(p.Offset))
}

// thresholds.cl's window threshold methods.
const (
	windowSauvola = 0
	windowNiblack = 1
)

// ThresholdSauvola returns image > T (float32 0/1) for Sauvola's threshold image T =
// skimage.filters.threshold_sauvola(image, window_size, k, r) of scikit-image 0.19:
// T = m·(1 + k·(s/r - 1)) with m and s the mean and standard deviation over a
// window_size box around each pixel, computed on the device as skimage does (float64
// integral images of the reflect-padded image and of its float32 squares, window sums
// rounded to float32, s = sqrt(max(g2 - m², 0)), T in float32).
//
//kernreg:op name=threshold_sauvola tags=threshold,segmentation,adaptive ref=skimage.filters.threshold_sauvola slices=coupled
func ThresholdSauvola(dst, image Array, p cpu.SauvolaParams) error {
	return windowThreshold("threshold_sauvola", dst, image, p.WindowSize, windowSauvola, float32(p.K), float32(p.R))
}

// ThresholdNiblack returns image > T (float32 0/1) for Niblack's threshold image T =
// skimage.filters.threshold_niblack(image, window_size, k) of scikit-image 0.19:
// T = m - k·s with the window mean m and standard deviation s computed on the device as
// in ThresholdSauvola.
//
//kernreg:op name=threshold_niblack tags=threshold,segmentation,adaptive ref=skimage.filters.threshold_niblack slices=coupled
func ThresholdNiblack(dst, image Array, p cpu.NiblackParams) error {
	return windowThreshold("threshold_niblack", dst, image, p.WindowSize, windowNiblack, float32(p.K), 1)
}

// windowThreshold builds skimage's two integral images on the device (padding, then a
// cumulative sum along each axis in order) and writes image > T(m, s).
func windowThreshold(op string, dst, image Array, size []int, method int, k, r float32) error {
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	rank := len(image.Shape)
	w, err := cpu.WindowSizes(op, image.Shape, size)
	if err != nil {
		return err
	}
	w3 := [3]int{0, 0, 0}
	copy(w3[3-rank:], w)
	z, y, x := image.dims3()
	pz, py, px := z+w3[0], y+w3[1], x+w3[2]
	dev := image.Dev()
	elem := int64(4)
	if dev.Float64() {
		elem = 8
	}
	sum, err := dev.Alloc(int64(pz*py*px) * elem)
	if err != nil {
		return fmt.Errorf("%s: integral image: %w", op, err)
	}
	defer sum.Release()
	sq, err := dev.Alloc(int64(pz*py*px) * elem)
	if err != nil {
		return fmt.Errorf("%s: integral image: %w", op, err)
	}
	defer sq.Release()
	err = kIntegralPad.Launch(dev, []int{px, py, pz}, sum, sq, image.Buf, image.Off, z, y, x, w3[0], w3[1], w3[2])
	if err != nil {
		return err
	}
	plen := [3]int{pz, py, px}
	for d := 0; d < rank; d++ {
		ax := axis3(rank, d)
		lines := pz * py * px / plen[ax]
		for _, b := range []Buffer{sum, sq} {
			if err := kCumsumAxis.Launch(dev, []int{lines}, b, pz, py, px, ax); err != nil {
				return err
			}
		}
	}
	cells := 1
	for _, s := range w {
		cells *= s
	}
	return kWindowThreshold.Launch(dev, grid3(image.View), dst.Buf, dst.Off, image.Buf, image.Off, sum, sq, z, y, x, rank,
		w3[0], w3[1], w3[2], float32(cells), method, k, r)
}
