package cpu

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"sync"
)

// MinimumFilter replaces each pixel by the minimum over a box of the given size, as
// separable 1D minimum filters along every axis (axes of size 1 are skipped), each
// rounded to float32 as scipy's are. For a size s the box on an axis covers
// [i - s/2, i + s - s/2 - 1]: for even s it has one more pixel before the centre than
// after, as in scipy. Past the edges the image is extended by mode (cval compared in
// float64, as scipy does).
//
// Results are bit-identical to scipy's. A 1D pass costs O(1) per pixel whatever the
// size: the van Herk/Gil-Werman algorithm when no NaN or -0 is involved (any algorithm
// then picks the same value), and otherwise scipy's own sliding algorithm (a monotonic
// deque) step for step, so NaNs come out exactly as in scipy, where they are order
// dependent: a NaN is kept while it is the oldest candidate of the window and a later
// smaller value drops it.
//
//kernreg:op name=minimum_filter tags=filter,rank,morphology ref=scipy.ndimage.minimum_filter slices=coupled
func MinimumFilter(dst, image Array, p BoxParams) error {
	return minMaxFilter("minimum_filter", dst, image, p, true, false)
}

// MaximumFilter replaces each pixel by the maximum over a box of the given size; it is
// MinimumFilter with the order reversed, with the same window [i - s/2, i + s - s/2 - 1]
// on each axis, the same cost and scipy's NaN behaviour.
//
//kernreg:op name=maximum_filter tags=filter,rank,morphology ref=scipy.ndimage.maximum_filter slices=coupled
func MaximumFilter(dst, image Array, p BoxParams) error {
	return minMaxFilter("maximum_filter", dst, image, p, false, false)
}

// GreyErosion erodes a greyscale image by a flat footprint: the minimum over the
// footprint around each pixel, the image extended past its edges by mode. The default
// box of the given size is exactly MinimumFilter, the minimum over
// [i - s/2, i + s - s/2 - 1] on each axis; a disk, diamond, ball or octahedron of the
// given radius is skimage.morphology's footprint of that name (a disk or diamond is
// applied in every plane of a volume), as scipy.ndimage.grey_erosion(footprint=...) and
// skimage.morphology.erosion use it.
//
//kernreg:op name=grey_erosion tags=morphology,grey ref=scipy.ndimage.grey_erosion slices=coupled
func GreyErosion(dst, image Array, p GreyParams) error {
	return greyMorphology("grey_erosion", dst, image, p, false)
}

// GreyDilation dilates a greyscale image by a flat footprint: the maximum over the
// mirrored footprint. For a box of odd size s this is MaximumFilter; for an even size
// scipy mirrors the box, so on that axis the window is [i - s/2 + 1, i + s/2] (one more
// pixel after the centre than before), not MaximumFilter's [i - s/2, i + s/2 - 1]. The
// disk, diamond, ball and octahedron footprints are symmetric (see GreyErosion).
//
//kernreg:op name=grey_dilation tags=morphology,grey ref=scipy.ndimage.grey_dilation slices=coupled
func GreyDilation(dst, image Array, p GreyParams) error {
	return greyMorphology("grey_dilation", dst, image, p, true)
}

// GreyOpening removes bright detail smaller than the footprint: it computes
// GreyDilation(GreyErosion(image)) with the same footprint, mode and cval for both steps
// (the erosion result is extended by mode/cval for the dilation).
//
//kernreg:op name=grey_opening tags=morphology,grey ref=scipy.ndimage.grey_opening slices=coupled
func GreyOpening(dst, image Array, p GreyParams) error {
	return greyMorphology("grey_opening", dst, image, p, false, true)
}

// GreyClosing removes dark detail smaller than the footprint: it computes
// GreyErosion(GreyDilation(image)) with the same footprint, mode and cval for both steps.
//
//kernreg:op name=grey_closing tags=morphology,grey ref=scipy.ndimage.grey_closing slices=coupled
func GreyClosing(dst, image Array, p GreyParams) error {
	return greyMorphology("grey_closing", dst, image, p, true, false)
}

// minMaxFilter runs separable sliding minimum (or maximum) passes along every axis of
// size > 1. mirrored selects grey_dilation's window: scipy mirrors the footprint and
// shifts the origin by -1 on even axes, so the window is [i-(s-1)/2, i+s/2] instead of
// [i-s/2, i+(s-1)/2]. dst may be image.
func minMaxFilter(op string, dst, image Array, p BoxParams, minimum, mirrored bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	size, err := perAxisInts(op+": size", p.Size, len(image.Shape))
	if err != nil {
		return err
	}
	for _, s := range size {
		if s < 1 {
			return fmt.Errorf("%s: size must be >= 1, got %d", op, s)
		}
	}
	mode, err := ParseMode(p.Mode)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if len(image.Data) == 0 {
		return nil
	}
	// Without NaN or -0 every algorithm picks the same value and the fast van Herk/
	// Gil-Werman passes are exact; otherwise follow scipy's deque step for step. A cval
	// that rounds to -0 (-0 or a tiny negative) would bring a -0 in.
	c32 := float32(p.Cval)
	exact := hasNaNOrNegZero(image.Data) ||
		mode == Constant && (c32 != c32 || c32 == 0 && math.Signbit(float64(c32)))
	src := image.Data // the first pass reads the image, later ones dst
	for axis, s := range size {
		if s == 1 {
			continue
		}
		before := s / 2 // pixels of the window before the centre
		if mirrored {
			before = (s - 1) / 2
		}
		if exact {
			minMaxPass(dst.Data, src, dst.Shape, axis, s, before, mode, p.Cval, minimum)
		} else {
			vanHerkPass(dst.Data, src, dst.Shape, axis, s, before, mode, c32, minimum)
		}
		src = dst.Data
	}
	if &src[0] != &dst.Data[0] {
		copy(dst.Data, src)
	}
	return nil
}

// minMaxBlock is how many neighbouring lines a pass along a non-contiguous axis gathers
// at once: their elements are adjacent in memory, so the gather reads whole cache lines.
const minMaxBlock = 16

// minMaxPass filters every line along axis of src into dst (which may be src): out[i]
// is the min (max) of the line extended by mode over [i-before, i-before+size-1]. Lines
// are gathered in blocks of minMaxBlock adjacent ones into contiguous float64 buffers
// (scipy filters in double), filtered with slidingMin and scattered back.
func minMaxPass(dst, src []float32, shape []int, axis, size, before int, m Mode, cval float64, minimum bool) {
	n := shape[axis]
	stride := 1
	for _, d := range shape[axis+1:] {
		stride *= d
	}
	outer := len(src) / (n * stride)
	blocks := (stride + minMaxBlock - 1) / minMaxBlock
	width := n + size - 1
	sign := 1.0 // a maximum is a minimum of the negated values
	if !minimum {
		sign = -1
	}
	parallel(outer*blocks, max(1, 16384/(n*min(stride, minMaxBlock))), func(lo, hi int) {
		buf := make([]float64, minMaxBlock*width)
		out := make([]float64, minMaxBlock*n)
		for u := lo; u < hi; u++ {
			o, c0 := u/blocks, (u%blocks)*minMaxBlock
			w := min(minMaxBlock, stride-c0)
			base := o*n*stride + c0
			for i := 0; i < n; i++ {
				row := src[base+i*stride:][:w]
				for b, v := range row {
					buf[b*width+before+i] = sign * float64(v)
				}
			}
			for b := 0; b < w; b++ {
				line := buf[b*width:][:width]
				extendLine(line, before, n, m, sign*cval)
				slidingMin(line, out[b*n:][:n], size)
			}
			for i := 0; i < n; i++ {
				row := dst[base+i*stride:][:w]
				for b := range row {
					row[b] = float32(sign * out[b*n+i])
				}
			}
		}
	})
}

// extendLine fills line[:before] and line[before+n:] from line[before:before+n] as the
// mode extends it.
func extendLine(line []float64, before, n int, m Mode, cval float64) {
	src := line[before : before+n]
	for k := 1; k <= before; k++ {
		line[before-k] = edgeValue(src, -k, m, cval)
	}
	for k := n; k < len(line)-before; k++ {
		line[before+k] = edgeValue(src, k, m, cval)
	}
}

// hasNaNOrNegZero reports whether data holds a NaN or a negative zero: the values on
// which min/max algorithms may disagree (scipy's keeps the newest of equal values).
func hasNaNOrNegZero(data []float32) bool {
	var mu sync.Mutex
	found := false
	parallel(len(data), 1<<16, func(lo, hi int) {
		for c := lo; c < hi; c += 4096 {
			var acc uint32 // branch-free: bit 31 set by a NaN or a -0
			for _, v := range data[c:min(c+4096, hi)] {
				b := math.Float32bits(v)
				acc |= (b&0x7fffffff + 0x007fffff) // a NaN carries into bit 31
				z := b ^ 0x80000000
				acc |= ^(z | -z) // -0 leaves bit 31 set
			}
			if acc>>31 != 0 {
				mu.Lock()
				found = true
				mu.Unlock()
				return
			}
		}
	})
	return found
}

// vanHerkPass is minMaxPass for data without NaN or -0, where the van Herk/Gil-Werman
// algorithm gives the same values: the extended line is cut into blocks of size; a
// window [i, i+size-1] spans the end of one block and the start of the next, so its
// extreme is op(suffix extreme of i in its block, prefix extreme of i+size-1 in its
// block): three branch-free min/max per pixel whatever the size. Along the last axis
// each line is filtered on its own; along the others whole strips of rows are combined
// at once, which reads memory in order.
func vanHerkPass(dst, src []float32, shape []int, axis, size, before int, m Mode, cval float32, minimum bool) {
	n := shape[axis]
	stride := 1
	for _, d := range shape[axis+1:] {
		stride *= d
	}
	outer := len(src) / (n * stride)
	after := size - 1 - before
	if stride == 1 {
		parallel(outer, max(1, 16384/n), func(lo, hi int) {
			line := make([]float32, n+size-1)
			suffix := make([]float32, n+size-1)
			for o := lo; o < hi; o++ {
				row := src[o*n : (o+1)*n]
				copy(line[before:], row)
				for k := 1; k <= before; k++ {
					line[before-k] = edgeValue32(row, -k, m, cval)
				}
				for k := 0; k < after; k++ {
					line[before+n+k] = edgeValue32(row, n+k, m, cval)
				}
				vanHerkLine(line, suffix, dst[o*n:(o+1)*n], size, minimum)
			}
		})
		return
	}
	// Strips of cw adjacent columns; per strip two blocks of suffix rows are live.
	cw := min(stride, max(64, 16384/size/16*16))
	strips := (stride + cw - 1) / cw
	parallel(outer*strips, max(1, 8192/(n*cw)), func(lo, hi int) {
		cur := make([]float32, size*cw)  // suffix extremes of the previous block
		next := make([]float32, size*cw) // of the block being read
		g := make([]float32, cw)         // prefix extreme of the block being read
		tail := make([]float32, after*cw)
		cvalRow := make([]float32, cw)
		for i := range cvalRow {
			cvalRow[i] = cval
		}
		for u := lo; u < hi; u++ {
			o, c0 := u/strips, (u%strips)*cw
			w := min(cw, stride-c0)
			base := o*n*stride + c0
			row := func(r int) []float32 { return src[base+r*stride:][:w] }
			out := func(r int) []float32 { return dst[base+r*stride:][:w] }
			// In place, rows past the end are read after the rows they mirror were
			// overwritten: keep copies.
			for k := 0; k < after; k++ {
				if r := m.index(n+k, n); r < 0 {
					copy(tail[k*cw:][:w], cvalRow)
				} else {
					copy(tail[k*cw:][:w], row(r))
				}
			}
			ext := func(j int) []float32 { // row j of the extended strip
				r := j - before
				switch {
				case r >= 0 && r < n:
					return row(r)
				case r >= n:
					return tail[(r-n)*cw:][:w]
				}
				if r = m.index(r, n); r < 0 {
					return cvalRow[:w]
				}
				return row(r)
			}
			suffixes := func(h []float32, b0, e int) {
				copy(h[(e-1-b0)*cw:][:w], ext(e-1))
				for j := e - 2; j >= b0; j-- {
					pickRows(h[(j-b0)*cw:][:w], ext(j), h[(j+1-b0)*cw:][:w], minimum)
				}
			}
			length := n + size - 1
			suffixes(cur, 0, size)
			copy(out(0), cur[:w]) // window 0 is block 0
			// Window i = j-size+1 ends at j in block [b0, e) and starts in the previous
			// block, except the window that is block [b0, e) itself. Row j-before is
			// read before row i <= j-before is written, and later steps read later rows.
			for b0 := size; b0 < length; b0 += size {
				e := min(b0+size, length)
				suffixes(next, b0, e)
				for j := b0; j < e; j++ {
					if j == b0 {
						copy(g[:w], ext(j))
					} else {
						pickRows(g[:w], g[:w], ext(j), minimum)
					}
					i := j - size + 1
					if i < b0 {
						pickRows(out(i), cur[(i-b0+size)*cw:][:w], g[:w], minimum)
					} else {
						copy(out(i), g[:w])
					}
				}
				cur, next = next, cur
			}
		}
	})
}

// pickRows sets dst[k] to min(a[k], b[k]) (max if !minimum).
func pickRows(dst, a, b []float32, minimum bool) {
	b = b[:len(a)]
	dst = dst[:len(a)]
	if minimum {
		for k := range a {
			dst[k] = min(a[k], b[k])
		}
	} else {
		for k := range a {
			dst[k] = max(a[k], b[k])
		}
	}
}

// vanHerkLine sets out[i] to the min (max) of in[i : i+size] for len(in) ==
// len(out)+size-1, using suffix (len(in)) as scratch.
func vanHerkLine(in, suffix, out []float32, size int, minimum bool) {
	length := len(in)
	if minimum {
		for b0 := 0; b0 < length; b0 += size {
			e := min(b0+size, length)
			suffix[e-1] = in[e-1]
			for j := e - 2; j >= b0; j-- {
				suffix[j] = min(in[j], suffix[j+1])
			}
		}
		out[0] = suffix[0]
		for b0 := size; b0 < length; b0 += size {
			e := min(b0+size, length)
			g := in[b0]
			out[b0-size+1] = min(suffix[b0-size+1], g)
			for j := b0 + 1; j < e; j++ {
				g = min(g, in[j])
				if i := j - size + 1; i < b0 {
					out[i] = min(suffix[i], g)
				} else {
					out[i] = g
				}
			}
		}
		return
	}
	for b0 := 0; b0 < length; b0 += size {
		e := min(b0+size, length)
		suffix[e-1] = in[e-1]
		for j := e - 2; j >= b0; j-- {
			suffix[j] = max(in[j], suffix[j+1])
		}
	}
	out[0] = suffix[0]
	for b0 := size; b0 < length; b0 += size {
		e := min(b0+size, length)
		g := in[b0]
		out[b0-size+1] = max(suffix[b0-size+1], g)
		for j := b0 + 1; j < e; j++ {
			g = max(g, in[j])
			if i := j - size + 1; i < b0 {
				out[i] = max(suffix[i], g)
			} else {
				out[i] = g
			}
		}
	}
}

// edgeValue32 is edgeValue for a float32 line.
func edgeValue32(line []float32, i int, m Mode, cval float32) float32 {
	if j := m.index(i, len(line)); j >= 0 {
		return line[j]
	}
	return cval
}

// slidingPair is an entry of the sliding min/max deque: a value and the step at which it
// leaves the window.
type slidingPair struct {
	value float64
	death int
}

// slidingMin sets out[i] to the minimum of in[i : i+size], for len(in) ==
// len(out)+size-1 and size >= 2. It is scipy's NI_MinOrMaxFilter1D (Richard Harter's
// ascending-minima ring) step for step, comparisons included, so that NaN inputs give
// scipy's results: a new value replaces the current minimum when it is <= it, and
// otherwise evicts the newest entries that are >= it. (scipy's maximum is the same with
// the comparisons reversed, which is this on negated values.)
func slidingMin(in, out []float64, size int) {
	capacity := 1 // a power of two >= size, the most entries the ring holds
	for capacity < size {
		capacity <<= 1
	}
	var stack [64]slidingPair
	var ring []slidingPair
	if capacity <= len(stack) {
		ring = stack[:capacity]
	} else {
		ring = make([]slidingPair, capacity)
	}
	mask := capacity - 1
	head, last := 0, 0 // the current minimum and the newest entry
	ring[0] = slidingPair{in[0], size}
	for ll := 1; ll < len(in); ll++ {
		val := in[ll]
		if ring[head].death == ll {
			head = (head + 1) & mask
		}
		if val <= ring[head].value {
			ring[head] = slidingPair{val, ll + size}
			last = head
		} else {
			// The walk stops at head at the latest: head's value is < val, or NaN.
			for ring[last].value >= val {
				last = (last - 1) & mask
			}
			last = (last + 1) & mask
			ring[last] = slidingPair{val, ll + size}
		}
		if ll >= size-1 {
			out[ll-size+1] = ring[head].value
		}
	}
}

// BinaryParams are the parameters of binary erosion, dilation, opening and closing.
type BinaryParams struct {
	// Number of times the structuring element is applied; 0 repeats until the result
	// no longer changes (scipy's iterations < 1).
	Iterations int `default:"1" min:"0"`
	// Structuring element: the neighbours at most this many orthogonal steps away,
	// scipy.ndimage.generate_binary_structure(rank, connectivity); 1 to the image rank.
	Connectivity int `default:"1" min:"1" max:"3"`
	// Value of the pixels past the edges, 0 or 1.
	BorderValue int `default:"0" min:"0" max:"1"`
	// Structuring element: structure (generate_binary_structure(rank, connectivity)),
	// or of radius: disk or diamond (2D; in a volume, the same 2D footprint in every
	// plane), ball or octahedron (3D only), exactly as skimage.morphology's footprints.
	Footprint string `default:"structure" enum:"structure,disk,diamond,ball,octahedron"`
	// Radius of a disk, diamond, ball or octahedron footprint (0: the pixel itself).
	Radius int `default:"1" min:"0" max:"1024"`
}

// BinaryErosion erodes the foreground (nonzero pixels, NaN included) of a binary image
// by the structuring element generate_binary_structure(rank, connectivity), or by a
// disk, diamond, ball or octahedron footprint of the given radius (skimage.morphology's):
// a pixel stays 1 only if it and every neighbour of the element are foreground, pixels
// past the edges counting as border_value. It is repeated iterations times (0: until
// unchanged). The result is float32 0/1. (skimage.morphology.binary_erosion is this with
// border_value 1.)
//
//kernreg:op name=binary_erosion tags=morphology,binary ref=scipy.ndimage.binary_erosion slices=coupled
func BinaryErosion(dst, image Array, p BinaryParams) error {
	return binaryMorphology("binary_erosion", dst, image, p, false)
}

// BinaryDilation dilates the foreground (nonzero pixels, NaN included) of a binary
// image by generate_binary_structure(rank, connectivity) or by the footprint of the
// given radius: a pixel becomes 1 if it or any neighbour of the element is foreground,
// pixels past the edges counting as border_value (so border_value 1 sets every pixel
// next to an edge). It is repeated iterations times (0: until unchanged). The result is
// float32 0/1, as skimage.morphology.binary_dilation gives with border_value 0.
//
//kernreg:op name=binary_dilation tags=morphology,binary ref=scipy.ndimage.binary_dilation slices=coupled
func BinaryDilation(dst, image Array, p BinaryParams) error {
	return binaryMorphology("binary_dilation", dst, image, p, true)
}

// BinaryOpening removes foreground detail smaller than the element: it computes
// BinaryDilation(BinaryErosion(image)), each step with the same iterations, element
// and border_value, as scipy.ndimage.binary_opening does.
//
//kernreg:op name=binary_opening tags=morphology,binary ref=scipy.ndimage.binary_opening slices=coupled
func BinaryOpening(dst, image Array, p BinaryParams) error {
	return binaryMorphology("binary_opening", dst, image, p, false, true)
}

// BinaryClosing fills background detail smaller than the element: it computes
// BinaryErosion(BinaryDilation(image)), each step with the same iterations, element
// and border_value, as scipy.ndimage.binary_closing does (so with border_value 0,
// foreground touching the edges is eroded back from them).
//
//kernreg:op name=binary_closing tags=morphology,binary ref=scipy.ndimage.binary_closing slices=coupled
func BinaryClosing(dst, image Array, p BinaryParams) error {
	return binaryMorphology("binary_closing", dst, image, p, true, false)
}

// binaryMorphology runs a sequence of binary steps (false: erosion, true: dilation).
func binaryMorphology(op string, dst, image Array, p BinaryParams, steps ...bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	rank := len(image.Shape)
	if err := CheckConnectivity(op, p.Connectivity, rank); err != nil {
		return err
	}
	if p.Iterations < 0 {
		return fmt.Errorf("%s: iterations must be >= 0 (0 repeats until unchanged), got %d", op, p.Iterations)
	}
	if p.BorderValue != 0 && p.BorderValue != 1 {
		return fmt.Errorf("%s: border_value must be 0 or 1, got %d", op, p.BorderValue)
	}
	g := newPaddedGrid(image.Shape)
	var fp *footprint
	if p.Footprint != "structure" && p.Footprint != "" {
		f, err := newFootprint(op, p.Footprint, p.Radius, rank)
		if err != nil {
			return err
		}
		fp, g = &f, g.framed(f.rz, f.ry, f.rx)
	}
	if err := g.check(op); err != nil {
		return err
	}
	if len(image.Data) == 0 {
		return nil
	}
	// The element is symmetric, so scipy's mirroring of it for dilation changes nothing.
	m := &binaryMorph{paddedGrid: g}
	if fp != nil {
		m.offs = fp.offsets(g.py, g.px, false)
	} else {
		m.offs = g.neighbours(p.Connectivity, false)
	}
	m.a = make([]byte, g.len())
	m.b = make([]byte, g.len())
	m.load(image.Data)
	for _, dilate := range steps {
		m.apply(dilate, p.Iterations, byte(p.BorderValue))
	}
	m.store(dst.Data)
	return nil
}

// CheckConnectivity checks a connectivity parameter against the image rank (the GPU
// kernels share it).
func CheckConnectivity(op string, c, rank int) error {
	if c < 1 || c > rank {
		return fmt.Errorf("%s: connectivity must be in [1, %d] for a %dD image, got %d", op, rank, rank, c)
	}
	return nil
}

// paddedGrid is a 2D or 3D image with a one-pixel frame on every side of every axis it
// has (a plane gets no z frame), so that neighbour offsets need no bounds checks.
type paddedGrid struct {
	rank       int
	nz, ny, nx int // image dimensions, nz = 1 for a plane
	pz, py, px int // padded dimensions, pz = 1 for a plane
	oz         int // z of the first image plane in the padded grid: 1, or 0 for a plane
	oy, ox     int // frame widths in y and x: 1 (wider for footprints, see framed)
}

func newPaddedGrid(shape []int) paddedGrid {
	nz, ny, nx := dims3(shape)
	g := paddedGrid{rank: len(shape), nz: nz, ny: ny, nx: nx, pz: 1, py: ny + 2, px: nx + 2, oy: 1, ox: 1}
	if g.rank == 3 {
		g.pz, g.oz = nz+2, 1
	}
	return g
}

// framed returns the grid with frames of fz planes (a volume only; 0 is allowed) and
// fy rows and fx columns (at least 1 each), for footprints wider than one pixel.
func (g paddedGrid) framed(fz, fy, fx int) paddedGrid {
	fy, fx = max(fy, 1), max(fx, 1)
	g.oy, g.ox = fy, fx
	g.py, g.px = g.ny+2*fy, g.nx+2*fx
	if g.rank == 3 {
		g.oz, g.pz = fz, g.nz+2*fz
	}
	return g
}

// check rejects grids whose padded indices do not fit in uint32.
func (g paddedGrid) check(op string) error {
	if uint64(g.pz)*uint64(g.py)*uint64(g.px) >= 1<<32 {
		return fmt.Errorf("%s: image of %dx%dx%d pixels is too large (at most 2^32 pixels with the edge frame)", op, g.nz, g.ny, g.nx)
	}
	return nil
}

func (g paddedGrid) len() int { return g.pz * g.py * g.px }

// row returns the padded index of image pixel (z, y, 0); the image row is
// [row, row+nx).
func (g paddedGrid) row(z, y int) int { return ((z+g.oz)*g.py+y+g.oy)*g.px + g.ox }

// neighbours returns the padded-index offsets of the structuring element
// generate_binary_structure(rank, connectivity) without its centre; with backward, only
// those before the centre in raster order.
func (g paddedGrid) neighbours(connectivity int, backward bool) []int {
	var offs []int
	zr := 0
	if g.rank == 3 {
		zr = 1
	}
	for dz := -zr; dz <= zr; dz++ {
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				steps := abs(dz) + abs(dy) + abs(dx)
				if steps == 0 || steps > connectivity {
					continue
				}
				o := (dz*g.py+dy)*g.px + dx
				if backward && o > 0 {
					continue
				}
				offs = append(offs, o)
			}
		}
	}
	return offs
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// binaryMorph holds a binary image in a padded byte grid: image pixels are 0 or 1, frame
// pixels frameMark|border_value, so that bit 0 of every byte is the pixel's value while
// the frame never equals 0 or 1 and so is never changed.
type binaryMorph struct {
	paddedGrid
	offs []int
	a, b []byte // a is the current image; b is scratch
}

const (
	frameMark = 2
	lowBits   = 0x0101010101010101 // bit 0 of each byte of a word
)

// load sets the image part of a from src (nonzero is foreground, NaN included).
func (m *binaryMorph) load(src []float32) {
	parallel(m.nz*m.ny, max(1, 16384/m.nx), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			in := src[r*m.nx : (r+1)*m.nx]
			out := m.a[m.row(r/m.ny, r%m.ny):][:m.nx]
			out = out[:len(in)]
			for x, v := range in {
				b := math.Float32bits(v) &^ (1 << 31) // zero only for ±0
				out[x] = byte((b | -b) >> 31)
			}
		}
	})
}

// store writes the image part of a to dst as 0/1.
func (m *binaryMorph) store(dst []float32) {
	parallel(m.nz*m.ny, max(1, 16384/m.nx), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			in := m.a[m.row(r/m.ny, r%m.ny):][:m.nx]
			out := dst[r*m.nx : (r+1)*m.nx]
			out = out[:len(in)]
			for x, v := range in {
				out[x] = math.Float32frombits(uint32(v) * 0x3f800000) // 0 or 1.0
			}
		}
	})
}

// setFrame fills the frame of buf with v.
func (m *binaryMorph) setFrame(buf []byte, v byte) {
	plane := m.py * m.px
	for z := 0; z < m.pz; z++ {
		p := buf[z*plane : (z+1)*plane]
		if z < m.oz || z >= m.oz+m.nz {
			for i := range p {
				p[i] = v
			}
			continue
		}
		for y := 0; y < m.py; y++ {
			r := p[y*m.px : (y+1)*m.px]
			if y < m.oy || y >= m.oy+m.ny {
				for x := range r {
					r[x] = v
				}
				continue
			}
			for x := 0; x < m.ox; x++ {
				r[x] = v
				r[m.px-1-x] = v
			}
		}
	}
}

// apply erodes (AND over the element) or dilates (OR) a iterations times (0: until
// unchanged), with the pixels past the edges equal to border; the result is left in a.
// The first iteration visits every pixel, eight at a time as the bytes of a word; later
// ones, like scipy's binary_erosion2, only the neighbours of the pixels the previous
// iteration changed, so any number of iterations costs O(n·|element|).
func (m *binaryMorph) apply(dilate bool, iterations int, border byte) {
	m.setFrame(m.a, frameMark|border)
	m.setFrame(m.b, frameMark|border)
	a, b, offs := m.a, m.b, m.offs
	track := iterations != 1
	var (
		mu      sync.Mutex
		changed []uint32 // pixels this iteration flipped
	)
	parallel(m.nz*m.ny, max(1, 16384/m.nx), func(lo, hi int) {
		var local []uint32
		le := binary.LittleEndian
		for r := lo; r < hi; r++ {
			i := m.row(r/m.ny, r%m.ny)
			end := i + m.nx
			// Whole words: the frame row after the last image row keeps every
			// neighbour word inside the grid.
			for ; i+8 <= end; i += 8 {
				orig := le.Uint64(a[i:])
				v := orig
				if dilate {
					for _, o := range offs {
						v |= le.Uint64(a[i+o:])
					}
				} else {
					for _, o := range offs {
						v &= le.Uint64(a[i+o:])
					}
				}
				v &= lowBits
				le.PutUint64(b[i:], v)
				if diff := orig ^ v; track && diff != 0 {
					for ; diff != 0; diff &= diff - 1 {
						local = append(local, uint32(i+bits.TrailingZeros64(diff)/8))
					}
				}
			}
			for ; i < end; i++ {
				v := a[i]
				if dilate {
					for _, o := range offs {
						v |= a[i+o]
					}
				} else {
					for _, o := range offs {
						v &= a[i+o]
					}
				}
				v &= 1
				b[i] = v
				if track && v != a[i] {
					local = append(local, uint32(i))
				}
			}
		}
		if len(local) > 0 {
			mu.Lock()
			changed = append(changed, local...)
			mu.Unlock()
		}
	})
	m.a, m.b = b, a
	// Later iterations are synchronous: a pixel flipped now is only propagated from in
	// the next iteration, because only the previous iteration's list is walked. The
	// element is symmetric, so the pixels a flip affects are its element neighbours.
	from, to := byte(1), byte(0) // erosion turns foreground to background
	if dilate {
		from, to = 0, 1
	}
	var next []uint32
	for it := 2; (iterations == 0 || it <= iterations) && len(changed) > 0; it++ {
		next = next[:0]
		for _, i := range changed {
			for _, o := range offs {
				if j := int(i) + o; b[j] == from {
					b[j] = to
					next = append(next, uint32(j))
				}
			}
		}
		changed, next = next, changed
	}
}
