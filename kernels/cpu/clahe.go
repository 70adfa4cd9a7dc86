package cpu

import (
	"fmt"
	"math"
	"sync"
)

// claheGrays is skimage's NR_OF_GRAY: CLAHE works on 14-bit integer images.
const claheGrays = 1 << 14

// EqualizeAdapthistParams are the parameters of EqualizeAdapthist.
type EqualizeAdapthistParams struct {
	// Shape of the contextual regions, one for every axis or one per axis; 0 (the default) means max(n/8, 1) pixels on an axis of n.
	KernelSize []int `default:"0" min:"0"`
	// Clipping limit, a fraction of the region's pixel count (higher gives more contrast); 0 disables clipping.
	ClipLimit float64 `default:"0.01" min:"0"`
	// Number of gray bins of the histograms.
	Nbins int `default:"256" min:"1" max:"65536"`
}

// EqualizeAdapthist enhances local contrast by contrast limited adaptive histogram
// equalization (CLAHE) as skimage.exposure.equalize_adapthist 0.19 computes it, in 2D or
// 3D. The image is
// converted to uint16 (img_as_uint: rint(v*65535), clipped) and stretched to 14 bits
// (round((u - min)/(max - min)*16383)); it is padded by reflection to whole regions of
// kernel_size offset by half a region; each region's histogram of nbins bins is clipped
// at max(1, int(clip_limit*region size)) with the excess redistributed (skimage's
// clip_histogram), and mapped by its cumulative sum to [0, 16383] (truncated); each
// pixel is interpolated (float32, truncated to an integer) between the mappings of the
// 2^rank regions around it; the result is stretched to [0, 1]. Images with values
// outside [-1, 1], which skimage refuses, are first mapped linearly from [min, max] to
// [0, 1] (rescale_intensity with out_range (0, 1)); NaN is an error.
//
//kernreg:op name=equalize_adapthist tags=intensity,exposure,histogram ref=skimage.exposure.equalize_adapthist slices=coupled
func EqualizeAdapthist(dst, image Array, p EqualizeAdapthistParams) error {
	const op = "equalize_adapthist"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	g, err := NewClaheGrid(op, image.Shape, p)
	if err != nil {
		return err
	}
	lo, hi := minMax(image.Data)
	if lo != lo {
		return fmt.Errorf("%s: the image has NaN", op)
	}
	data := image.Data
	if lo < -1 || hi > 1 {
		data = make([]float32, len(image.Data))
		rescaleIntensity(data, image.Data, float64(lo), float64(hi), 0, 1, false)
	}
	res := clahe(claheLevels(data), g)
	parallel(len(res), 1<<16, func(a, b int) {
		for i := a; i < b; i++ {
			dst.Data[i] = float32(res[i])
		}
	})
	vmin, vmax := minMax(dst.Data)
	rescaleIntensity(dst.Data, dst.Data, float64(vmin), float64(vmax), 0, 1, false)
	return nil
}

// claheLevels converts float data in [-1, 1] to skimage's 14-bit levels: img_as_uint
// (float32 v*65535, rounded half to even, clipped to [0, 65535]) then rescale_intensity to
// [0, 16383] in float64, rounded half to even.
func claheLevels(data []float32) []uint16 {
	u := make([]uint16, len(data))
	var mu sync.Mutex
	umin, umax := uint16(math.MaxUint16), uint16(0)
	parallel(len(data), 1<<16, func(a, b int) {
		lo, hi := uint16(math.MaxUint16), uint16(0)
		for i, v := range data[a:b] {
			f := math.RoundToEven(float64(v * 65535))
			q := uint16(min(max(f, 0), 65535))
			u[a+i] = q
			lo, hi = min(lo, q), max(hi, q)
		}
		mu.Lock()
		umin, umax = min(umin, lo), max(umax, hi)
		mu.Unlock()
	})
	// The stretch depends only on the level: tabulate it.
	var lut [1 << 16]uint16
	fmin, fmax := float64(umin), float64(umax)
	for q := int(umin); q <= int(umax); q++ {
		var f float64
		if umin != umax {
			f = (float64(q) - fmin) / (fmax - fmin) * (claheGrays - 1)
		} else {
			f = min(float64(q), claheGrays-1)
		}
		lut[q] = uint16(math.RoundToEven(f))
	}
	parallel(len(u), 1<<16, func(a, b int) {
		for i := a; i < b; i++ {
			u[i] = lut[u[i]]
		}
	})
	return u
}

// ClaheGrid is the geometry of EqualizeAdapthist on a (Z, Y, X) image (Z = 1 and a
// kernel of 1 on Z for a 2D image, which changes nothing: the extra axis only adds zero
// terms). The image is padded by reflection (numpy.pad's reflect) with Start pixels
// before it on each axis; the Regions contextual regions of Kernel pixels start at
// Start, so the region area's index a on an axis reads the image at Mirror's index a.
type ClaheGrid struct {
	Shape, Kernel, Start, Regions [3]int
	// Nbins histogram bins of BinSize 14-bit levels each (a level's bin is level/BinSize).
	Nbins, BinSize int
	// ClipLimit is the clip limit in pixels, RegionSize the pixels of a region.
	ClipLimit, RegionSize int
}

// NewClaheGrid checks EqualizeAdapthist's parameters against an image shape and
// returns the geometry.
func NewClaheGrid(op string, shape []int, p EqualizeAdapthistParams) (ClaheGrid, error) {
	rank := len(shape)
	kernel, err := perAxisInts(op+": kernel_size", p.KernelSize, rank)
	if err != nil {
		return ClaheGrid{}, err
	}
	if len(p.KernelSize) == 1 && p.KernelSize[0] == 0 {
		kernel = make([]int, rank)
		for i, d := range shape {
			kernel[i] = max(d/8, 1)
		}
	}
	for _, k := range kernel {
		if k < 1 || k > 1<<20 {
			return ClaheGrid{}, fmt.Errorf("%s: kernel_size must be in [1, 2^20] (or 0 for the default), got %v", op, p.KernelSize)
		}
	}
	if !(p.ClipLimit >= 0) || math.IsInf(p.ClipLimit, 0) {
		return ClaheGrid{}, fmt.Errorf("%s: clip_limit must be a finite number >= 0, got %v", op, p.ClipLimit)
	}
	if p.Nbins < 1 || p.Nbins > 1<<16 {
		return ClaheGrid{}, fmt.Errorf("%s: nbins must be in [1, 65536], got %d", op, p.Nbins)
	}
	// The padded image and the region mappings grow with kernel_size and the number of
	// regions; refuse sizes that would not fit rather than crash.
	padded, regions, n := 1, 1, 1
	for i, d := range shape {
		k := kernel[i]
		padded *= (d+k-1)/k*k + k
		regions *= (d + k - 1) / k
		n *= d
	}
	if padded > max(16*n, 1<<24) || regions*p.Nbins > 1<<28 {
		return ClaheGrid{}, fmt.Errorf("%s: kernel_size %v and nbins %d need %d padded pixels and %d histogram bins, too many for a %v image",
			op, kernel, p.Nbins, padded, regions*p.Nbins, shape)
	}
	g := ClaheGrid{Nbins: p.Nbins, BinSize: 1 + claheGrays/p.Nbins}
	g.Shape[0], g.Shape[1], g.Shape[2] = dims3(shape)
	g.Kernel = [3]int{1, kernel[rank-2], kernel[rank-1]}
	if rank == 3 {
		g.Kernel[0] = kernel[0]
	}
	g.RegionSize = 1
	for d := 0; d < 3; d++ {
		s, k := g.Shape[d], g.Kernel[d]
		g.Start[d] = k / 2
		end := (k-s%k)%k + (k+1)/2
		g.Regions[d] = (s+g.Start[d]+end)/k - 1
		g.RegionSize *= k
	}
	g.ClipLimit = g.RegionSize
	if p.ClipLimit > 0 {
		g.ClipLimit = int(max(p.ClipLimit*float64(g.RegionSize), 1))
	}
	return g, nil
}

// NumRegions is the number of contextual regions.
func (g ClaheGrid) NumRegions() int { return g.Regions[0] * g.Regions[1] * g.Regions[2] }

// Mapping clips a region's histogram (modified in place) as skimage's clip_histogram
// and writes its mapping of bins to 14-bit levels: the cumulative sum scaled to
// [0, 16383], truncated.
func (g ClaheGrid) Mapping(hist []int, m []int32) {
	clipHistogram(hist, g.ClipLimit)
	scale := float64(claheGrays-1) / float64(g.RegionSize)
	cum := 0
	for i, h := range hist {
		cum += h
		m[i] = int32(min(float64(cum)*scale, claheGrays-1))
	}
}

// clahe is skimage's _clahe on a (Z, Y, X) image of 14-bit levels with the geometry g.
// It returns the equalized levels.
func clahe(img []uint16, g ClaheGrid) []uint16 {
	s, k, start, nsHist, nbins := g.Shape, g.Kernel, g.Start, g.Regions, g.Nbins
	var ps [3]int
	for d := range ps {
		ps[d] = (nsHist[d] + 1) * k[d]
	}
	// The padded image, binned: levels // (1 + 16384/nbins).
	var bin [claheGrays]uint16
	for i := range bin {
		bin[i] = uint16(i / g.BinSize)
	}
	padded := make([]uint16, ps[0]*ps[1]*ps[2])
	var src [3][]int // the source index of each padded index, per axis
	for d := range src {
		src[d] = make([]int, ps[d])
		for i := range src[d] {
			src[d][i] = Mirror.index(i-start[d], s[d]) // numpy.pad's reflect
		}
	}
	parallel(ps[0]*ps[1], max(1, 4096/ps[2]), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			z, y := src[0][r/ps[1]], src[1][r%ps[1]]
			row := img[(z*s[1]+y)*s[2]:][:s[2]]
			out := padded[r*ps[2]:][:ps[2]]
			for i, x := range src[2] {
				out[i] = bin[row[x]]
			}
		}
	})

	// One mapping per histogram region.
	nRegions := g.NumRegions()
	maps := make([]int32, nRegions*nbins)
	parallel(nRegions, 1, func(lo, hi int) {
		hist := make([]int, nbins)
		for reg := lo; reg < hi; reg++ {
			rz, ry, rx := reg/(nsHist[1]*nsHist[2]), reg/nsHist[2]%nsHist[1], reg%nsHist[2]
			clear(hist)
			for z := start[0] + rz*k[0]; z < start[0]+(rz+1)*k[0]; z++ {
				for y := start[1] + ry*k[1]; y < start[1]+(ry+1)*k[1]; y++ {
					x0 := start[2] + rx*k[2]
					for _, b := range padded[(z*ps[1]+y)*ps[2]+x0:][:k[2]] {
						hist[b]++
					}
				}
			}
			g.Mapping(hist, maps[reg*nbins:(reg+1)*nbins])
		}
	})

	// Interpolate between the mappings of the 2^3 regions around each pixel; region
	// indices outside the grid take the nearest region (skimage pads the maps by edge).
	coef := make([][]float64, 3)
	for d := range coef {
		coef[d] = make([]float64, k[d])
		for i := range coef[d] {
			coef[d][i] = float64(i) / float64(k[d])
		}
	}
	res := make([]uint16, s[0]*s[1]*s[2])
	clampRegion := func(b, d int) int { return min(max(b, 0), nsHist[d]-1) }
	parallel(s[0]*s[1], max(1, 2048/s[2]), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			z, y := r/s[1]+start[0], r%s[1]+start[1]
			bz, pz := z/k[0], z%k[0]
			by, py := y/k[1], y%k[1]
			var rows [2][2][]int32 // maps of the four (z, y) region rows, by edge
			for ez := 0; ez < 2; ez++ {
				for ey := 0; ey < 2; ey++ {
					rz, ry := clampRegion(bz+ez-1, 0), clampRegion(by+ey-1, 1)
					rows[ez][ey] = maps[(rz*nsHist[1]+ry)*nsHist[2]*nbins:][:nsHist[2]*nbins]
				}
			}
			cz := [2]float64{1 - coef[0][pz], coef[0][pz]}
			cy := [2]float64{1 - coef[1][py], coef[1][py]}
			out := res[r*s[2]:][:s[2]]
			for i := range out {
				x := i + start[2]
				bx, px := x/k[2], x%k[2]
				cx := [2]float64{1 - coef[2][px], coef[2][px]}
				b := int(padded[(z*ps[1]+y)*ps[2]+x])
				rx := [2]int{clampRegion(bx-1, 2) * nbins, clampRegion(bx, 2) * nbins}
				// A term whose coefficient is 0 adds +0 (the levels are >= 0): skip it.
				nz, ny, nx := 1+b2i(cz[1] != 0), 1+b2i(cy[1] != 0), 1+b2i(cx[1] != 0)
				var acc float32
				for ez := 0; ez < nz; ez++ {
					for ey := 0; ey < ny; ey++ {
						row := rows[ez][ey]
						for ex := 0; ex < nx; ex++ {
							c := cx[ex] * cy[ey] * cz[ez] // numpy multiplies the last axis first
							acc += float32(float64(row[rx[ex]+b]) * c)
						}
					}
				}
				out[i] = uint16(acc)
			}
		}
	})
	return res
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// clipHistogram is skimage's clip_histogram: bins above limit are cut to it and the
// excess is spread over the other bins, evenly first, then one count at a time in
// strides across the bins that are still below the limit.
func clipHistogram(hist []int, limit int) {
	nExcess := 0
	for i, h := range hist {
		if h > limit {
			nExcess += h - limit
			hist[i] = limit
		}
	}
	binIncr := nExcess / len(hist)
	upper := limit - binIncr
	for i, h := range hist {
		if h < upper {
			hist[i] += binIncr
			nExcess -= binIncr
		}
	}
	// Bins between upper and limit: fill them to the limit, taking what that costs.
	for i, h := range hist {
		if h >= upper && h < limit {
			nExcess += h - limit
			hist[i] = limit
		}
	}
	for nExcess > 0 {
		prev := nExcess
		for index := 0; index < len(hist); index++ {
			under := 0
			for _, h := range hist {
				if h < limit {
					under++
				}
			}
			step := max(1, under/nExcess)
			added := 0
			for i := index; i < len(hist); i += step {
				if hist[i] < limit {
					hist[i]++
					added++
				}
			}
			nExcess -= added
			if nExcess <= 0 {
				break
			}
		}
		if prev == nExcess {
			break
		}
	}
}
