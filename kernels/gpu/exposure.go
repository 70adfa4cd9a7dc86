package gpu

import (
	"fmt"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// skimage.exposure's histogram matching and CLAHE (kernels/cpu's MatchHistograms and
// EqualizeAdapthist) on the device; the kernels are in src/exposure.cl.

var (
	srcExposure = source("exposure.cl")

	kMatchHistograms = kernel(srcExposure, "match_histograms", Buf, Int, Buf, Int, Int, Buf, Buf, Int)
	kClaheUint       = kernel(srcExposure, "clahe_uint", Buf, Buf, Int, Int)
	kClaheBins       = kernel(srcExposure, "clahe_bins", Buf, Buf, Int, Float, Float, Int)
	kClaheHist       = kernel(srcExposure, "clahe_hist", Buf, Buf, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int)
	kClaheInterp     = kernel(srcExposure, "clahe_interp", Buf, Int, Buf, Buf, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int)
)

// MatchHistograms transforms an image so that its cumulative histogram matches that of
// a reference image, as skimage.exposure.match_histograms (without channels) and
// cpu.MatchHistograms do: every pixel takes numpy.interp(its value's quantile, the
// reference's quantiles, the reference's distinct values) in real, stored as float32,
// the quantile of a value being the fraction of pixels <= it. Both images are sorted on
// the device (bitonic sort) and each pixel finds its quantile and the reference's
// neighbouring distinct values by binary search (the sign of a zero result is the
// CPU's too: a device flag says whether the reference has -0). Both images must have
// the same shape; NaN is an error.
//
//kernreg:op name=match_histograms tags=intensity,exposure,histogram ref=skimage.exposure.match_histograms slices=coupled
func MatchHistograms(dst, image, reference Array) error {
	const op = "match_histograms"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	if err := checkPair(op, reference.View, image.View); err != nil {
		return err
	}
	for _, a := range []Array{image, reference} {
		r, err := deviceRange(op, a.View)
		if err != nil {
			return err
		}
		if r.nan {
			return fmt.Errorf("%s: the image or the reference has NaN", op)
		}
	}
	// With no NaN, the flag is whether the reference has a -0.
	negzero, err := hasNaNOrNegZero(op, reference.View)
	if err != nil {
		return err
	}
	n := dst.Len()
	simg, _, err := sortedCopy(op, image.Buf, image.Off, n, infBits, true)
	if err != nil {
		return err
	}
	defer simg.Release()
	sref, _, err := sortedCopy(op, reference.Buf, reference.Off, n, infBits, true)
	if err != nil {
		return err
	}
	defer sref.Release()
	return kMatchHistograms.Launch(dst.Dev(), []int{n}, dst.Buf, dst.Off, image.Buf, image.Off, n, simg, sref, b2i(negzero))
}

// EqualizeAdapthist enhances local contrast by contrast limited adaptive histogram
// equalization (CLAHE) as skimage.exposure.equalize_adapthist 0.19 and
// cpu.EqualizeAdapthist compute it, in 2D or 3D: the image (first mapped linearly from
// [min, max] to [0, 1] if it has values outside [-1, 1]) is converted to uint16 and
// stretched to 14-bit levels; each contextual region of kernel_size pixels of the
// reflect-padded image gets a histogram of nbins bins, clipped at
// max(1, int(clip_limit*region size)) with the excess redistributed, and mapped by its
// cumulative sum to [0, 16383]; each pixel is interpolated between the mappings of the
// 2^rank regions around it, and the result is stretched to [0, 1]. NaN is an error.
//
// The levels, the region histograms (atomic counts), the interpolation and both
// stretches run on the device. The clipping is a host step on the region histograms
// (regions x nbins counts, not pixels) with kernels/cpu's code: skimage's redistribution
// loop is sequential per region.
//
//kernreg:op name=equalize_adapthist tags=intensity,exposure,histogram ref=skimage.exposure.equalize_adapthist slices=coupled
func EqualizeAdapthist(dst, image Array, p cpu.EqualizeAdapthistParams) error {
	const op = "equalize_adapthist"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	g, err := cpu.NewClaheGrid(op, image.Shape, p)
	if err != nil {
		return err
	}
	r, err := deviceRange(op, image.View)
	if err != nil {
		return err
	}
	if r.nan {
		return fmt.Errorf("%s: the image has NaN", op)
	}
	dev := dst.Dev()
	n := dst.Len()
	u, err := scratch(dev, op, n)
	if err != nil {
		return err
	}
	defer u.Release()
	src, soff := image.Buf, image.Off
	if r.lo < -1 || r.hi > 1 {
		if err := rescale(op, View{Buf: u, Shape: image.Shape}, image.View, r.lo, r.hi); err != nil {
			return err
		}
		src, soff = u, 0
	}
	if err := kClaheUint.Launch(dev, []int{n}, u, src, soff, n); err != nil {
		return err
	}
	ur, err := deviceRange(op, View{Buf: u, Shape: image.Shape})
	if err != nil {
		return err
	}
	bins, err := scratch(dev, op, n)
	if err != nil {
		return err
	}
	defer bins.Release()
	if err := kClaheBins.Launch(dev, []int{n}, bins, u, n, ur.lo, ur.hi, g.BinSize); err != nil {
		return err
	}
	maps, err := claheMaps(op, dev, g, bins)
	if err != nil {
		return err
	}
	defer maps.Release()
	s, k, reg, st := g.Shape, g.Kernel, g.Regions, g.Start
	if err := kClaheInterp.Launch(dev, grid3(dst.View), dst.Buf, dst.Off, bins, maps, s[0], s[1], s[2],
		k[0], k[1], k[2], reg[0], reg[1], reg[2], st[0], st[1], st[2], g.Nbins); err != nil {
		return err
	}
	out, err := deviceRange(op, dst.View)
	if err != nil {
		return err
	}
	return rescale(op, dst.View, dst.View, out.lo, out.hi)
}

// claheMaps counts the region histograms of the bins on the device, clips them and
// turns them into mappings on the host (cpu.ClaheGrid.Mapping) and returns the
// mappings, nbins int32 per region, in a new device buffer.
func claheMaps(op string, dev Device, g cpu.ClaheGrid, bins Buffer) (Buffer, error) {
	m := g.NumRegions() * g.Nbins
	hist, err := scratch(dev, op, m)
	if err != nil {
		return nil, err
	}
	defer hist.Release()
	if err := dev.Fill32(hist, 0, 0, int64(m)); err != nil {
		return nil, err
	}
	s, k, reg := g.Shape, g.Kernel, g.Regions
	grid := []int{reg[2] * k[2], reg[1] * k[1], reg[0] * k[0]}
	if err := kClaheHist.Launch(dev, grid, hist, bins, s[0], s[1], s[2], k[0], k[1], k[2], reg[0], reg[1], reg[2], g.Nbins); err != nil {
		return nil, err
	}
	counts := make([]uint32, m)
	if err := Download(hist, 0, counts); err != nil {
		return nil, err
	}
	h := make([]int, g.Nbins)
	mapped := make([]int32, m)
	for r := 0; r < g.NumRegions(); r++ {
		for i, c := range counts[r*g.Nbins : (r+1)*g.Nbins] {
			h[i] = int(c)
		}
		g.Mapping(h, mapped[r*g.Nbins:(r+1)*g.Nbins])
	}
	maps, err := scratch(dev, op, m)
	if err != nil {
		return nil, err
	}
	if err := Upload(maps, 0, mapped); err != nil {
		maps.Release()
		return nil, err
	}
	return maps, nil
}

// rescale maps src linearly from [lo, hi] to [0, 1] into dst (which may be src), as
// kernels/cpu's rescaleIntensity with out_range (0, 1).
func rescale(op string, dst, src View, lo, hi float32) error {
	r := cpu.NewIntensityRescale(float64(lo), float64(hi), 0, 1, false)
	n := dst.Len()
	return kRescaleIntensity.Launch(dst.Dev(), []int{n}, dst.Buf, dst.Off, src.Buf, src.Off, n,
		r.Lo, r.Hi, r.Span, r.OSpan, r.Off, boolInt(r.Stretch), boolInt(r.Integer))
}
