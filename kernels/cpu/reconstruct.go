package cpu

import (
	"encoding/binary"
	"fmt"
	"math"
	"sync"
)

// ReconstructionParams are the parameters of Reconstruction.
type ReconstructionParams struct {
	// dilation grows the seed under the mask; erosion shrinks it above the mask.
	Method string `default:"dilation" enum:"dilation,erosion"`
	// Neighbourhood: the neighbours at most this many orthogonal steps away,
	// generate_binary_structure(rank, connectivity); values from the rank up give the
	// full 3x3(x3) neighbourhood, skimage's default footprint.
	Connectivity int `default:"3" min:"1" max:"3"`
}

// Reconstruction computes the morphological reconstruction of seed under (dilation) or
// above (erosion) mask: the seed dilated with the neighbourhood and clipped to the mask,
// min(dilate(J), mask), repeated until nothing changes (erosion is the dual). Pixels past
// the edges play no part. The result equals skimage.morphology.reconstruction with the
// footprint generate_binary_structure(rank, connectivity) (by default all ones); every
// value is a seed or mask value. skimage requires seed <= mask for dilation (>= for
// erosion); kernreg instead clips the seed to the mask first (min(seed, mask), or max),
// which gives skimage's result wherever skimage accepts the input. NaN is refused.
//
// It is Vincent's hybrid algorithm: a raster and an anti-raster scan, then a FIFO
// propagation from the pixels that can still grow, O(n) in practice.
//
//kernreg:op name=reconstruction tags=morphology,grey ref=skimage.morphology.reconstruction slices=coupled
func Reconstruction(dst, seed, mask Array, p ReconstructionParams) error {
	const op = "reconstruction"
	if err := checkPair(op, dst, seed); err != nil {
		return err
	}
	if err := checkPair(op, dst, mask); err != nil {
		return err
	}
	erosion, err := p.Erosion(op)
	if err != nil {
		return err
	}
	conn, err := ClampConnectivity(op, p.Connectivity, len(seed.Shape))
	if err != nil {
		return err
	}
	for i, v := range seed.Data {
		if m := mask.Data[i]; v != v || m != m {
			return fmt.Errorf("%s: NaN in the seed or mask at pixel %d", op, i)
		}
	}
	g := newPaddedGrid(seed.Shape)
	if err := g.check(op); err != nil {
		return err
	}
	if len(seed.Data) == 0 {
		return nil
	}
	reconstruct(g, dst.Data, seed.Data, mask.Data, conn, erosion)
	return nil
}

// Erosion checks the method and reports whether it is erosion (the GPU kernels share
// it).
func (p ReconstructionParams) Erosion(op string) (bool, error) {
	switch p.Method {
	case "dilation", "":
		return false, nil
	case "erosion":
		return true, nil
	}
	return false, fmt.Errorf("%s: method must be dilation or erosion, got %q", op, p.Method)
}

// ClampConnectivity checks a connectivity in [1, 3] and lowers it to the rank, as
// generate_binary_structure treats larger values (the GPU kernels share it).
func ClampConnectivity(op string, c, rank int) (int, error) {
	if c < 1 || c > 3 {
		return 0, fmt.Errorf("%s: connectivity must be in [1, 3], got %d", op, c)
	}
	return min(c, rank), nil
}

// reconstruct writes the reconstruction of seed under mask (above it with erosion,
// computed as the dilation of the negated images) into dst.
func reconstruct(g paddedGrid, dst, seed, mask []float32, conn int, erosion bool) {
	sign := float32(1)
	if erosion {
		sign = -1
	}
	j := make([]float32, g.len()) // the growing seed
	m := make([]float32, g.len())
	inf := float32(math.Inf(-1)) // the frame: below everything, never grows
	for i := range j {
		j[i], m[i] = inf, inf
	}
	parallel(g.nz*g.ny, max(1, 16384/g.nx), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			b := g.row(r/g.ny, r%g.ny)
			for x := 0; x < g.nx; x++ {
				mv := sign * mask[r*g.nx+x]
				j[b+x] = min(sign*seed[r*g.nx+x], mv) // the seed clipped to the mask
				m[b+x] = mv
			}
		}
	})
	back := g.neighbours(conn, true) // neighbours before the pixel in raster order
	forward := make([]int, len(back))
	for k, o := range back {
		forward[k] = -o
	}
	all := append(append([]int(nil), back...), forward...)
	rows := g.nz * g.ny
	for r := 0; r < rows; r++ {
		b := g.row(r/g.ny, r%g.ny)
		for i := b; i < b+g.nx; i++ {
			v := j[i]
			for _, o := range back {
				v = max(v, j[i+o])
			}
			j[i] = min(v, m[i])
		}
	}
	var queue []uint32
	for r := rows - 1; r >= 0; r-- {
		b := g.row(r/g.ny, r%g.ny)
		for i := b + g.nx - 1; i >= b; i-- {
			v := j[i]
			for _, o := range forward {
				v = max(v, j[i+o])
			}
			v = min(v, m[i])
			j[i] = v
			for _, o := range forward {
				if q := i + o; j[q] < v && j[q] < m[q] {
					queue = append(queue, uint32(i))
					break
				}
			}
		}
	}
	for k := 0; k < len(queue); k++ {
		i := int(queue[k])
		v := j[i]
		for _, o := range all {
			q := i + o
			if jq := j[q]; jq < v && jq != m[q] {
				j[q] = min(v, m[q])
				queue = append(queue, uint32(q))
			}
		}
	}
	parallel(g.nz*g.ny, max(1, 16384/g.nx), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			b := g.row(r/g.ny, r%g.ny)
			for x := 0; x < g.nx; x++ {
				dst[r*g.nx+x] = sign * j[b+x]
			}
		}
	})
}

// HExtremaParams are the parameters of HMaxima and HMinima.
type HExtremaParams struct {
	// Minimal height (depth) of the extrema that are kept, > 0.
	H float64 `min:"0"`
	// Neighbourhood: the neighbours at most this many orthogonal steps away; values from
	// the rank up give the full 3x3(x3) neighbourhood, skimage's default footprint.
	Connectivity int `default:"3" min:"1" max:"3"`
}

// HMaxima marks the regional maxima whose height above their surroundings is at least
// h: 1 where image - reconstruction_by_dilation(image - h - eps, image) >= h, else 0,
// eps = 2e-6*|image| in float32, exactly as skimage.morphology.h_maxima computes it for a
// float32 image (and 0 everywhere when h exceeds the image's range max - min). NaN is
// refused.
//
//kernreg:op name=h_maxima tags=morphology,grey,extrema ref=skimage.morphology.h_maxima slices=coupled
func HMaxima(dst, image Array, p HExtremaParams) error {
	return hExtrema("h_maxima", dst, image, p, false)
}

// HMinima marks the regional minima whose depth below their surroundings is at least h:
// 1 where reconstruction_by_erosion(image + h + eps, image) - image >= h, else 0, as
// skimage.morphology.h_minima computes it for a float32 image (see HMaxima).
//
//kernreg:op name=h_minima tags=morphology,grey,extrema ref=skimage.morphology.h_minima slices=coupled
func HMinima(dst, image Array, p HExtremaParams) error {
	return hExtrema("h_minima", dst, image, p, true)
}

// HExtremaResolution is skimage's 2 * np.finfo(float32).resolution: HMaxima's eps is
// HExtremaResolution * |v| in float32 (the GPU kernels share it).
const HExtremaResolution = float32(2) * float32(1e-6)

// CheckH refuses an h that is not finite and > 0 (the GPU kernels share it).
func (p HExtremaParams) CheckH(op string) error {
	if !(p.H > 0) || math.IsInf(p.H, 0) {
		return fmt.Errorf("%s: h must be finite and > 0, got %v", op, p.H)
	}
	return nil
}

func hExtrema(op string, dst, image Array, p HExtremaParams, minima bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if err := p.CheckH(op); err != nil {
		return err
	}
	conn, err := ClampConnectivity(op, p.Connectivity, len(image.Shape))
	if err != nil {
		return err
	}
	g := newPaddedGrid(image.Shape)
	if err := g.check(op); err != nil {
		return err
	}
	if len(image.Data) == 0 {
		return nil
	}
	lo, hi := image.Data[0], image.Data[0]
	for i, v := range image.Data {
		if v != v {
			return fmt.Errorf("%s: NaN in the image at pixel %d", op, i)
		}
		lo, hi = min(lo, v), max(hi, v)
	}
	if p.H > float64(hi-lo) { // skimage compares h with np.ptp in float32
		clear(dst.Data)
		return nil
	}
	h32, res := float32(p.H), HExtremaResolution
	shifted := make([]float32, len(image.Data))
	for i, v := range image.Data {
		eps := res * float32(math.Abs(float64(v)))
		if minima {
			shifted[i] = (v + h32) + eps
		} else {
			shifted[i] = (v - h32) - eps
		}
	}
	reconstruct(g, shifted, shifted, image.Data, conn, minima)
	for i, v := range image.Data {
		residue := float64(v) - float64(shifted[i])
		if minima {
			residue = -residue
		}
		dst.Data[i] = 0
		if residue >= p.H {
			dst.Data[i] = 1
		}
	}
	return nil
}

// LocalExtremaParams are the parameters of LocalMaxima and LocalMinima.
type LocalExtremaParams struct {
	// Neighbourhood: the neighbours at most this many orthogonal steps away; values from
	// the rank up give the full 3x3(x3) neighbourhood, skimage's default.
	Connectivity int `default:"3" min:"1" max:"3"`
	// Whether plateaus touching the image edge may be extrema.
	AllowBorders bool `default:"true"`
}

// LocalMaxima marks (1, else 0) every pixel of a local maximum: a plateau (a connected
// set of equal pixels, under generate_binary_structure(rank, connectivity)) with no
// strictly greater neighbour. With allow_borders the image is first padded by one pixel
// of its minimum, so only a plateau at the minimum that touches the edge is excluded;
// without, no plateau touching the edge is a maximum, and an image with an axis shorter
// than 3 has none. NaN pixels are never maxima, and the result around them is exactly
// skimage.morphology.local_maxima's, whose algorithm (candidates from the last axis, then
// a flood of each plateau) this is.
//
//kernreg:op name=local_maxima tags=morphology,grey,extrema ref=skimage.morphology.local_maxima slices=coupled
func LocalMaxima(dst, image Array, p LocalExtremaParams) error {
	return localExtrema("local_maxima", dst, image, p, false)
}

// LocalMinima marks (1, else 0) every pixel of a local minimum: it is LocalMaxima of
// 1 - image computed in float32, exactly as skimage.morphology.local_minima inverts a
// float image (so values that round to the same 1 - v form one plateau).
//
//kernreg:op name=local_minima tags=morphology,grey,extrema ref=skimage.morphology.local_minima slices=coupled
func LocalMinima(dst, image Array, p LocalExtremaParams) error {
	return localExtrema("local_minima", dst, image, p, true)
}

// Flags of skimage's _local_maxima.
// candidateBits has the extCandidate bit (2, not set in the other flags but extBorder)
// of every byte of a word; a word without it holds no candidate.
const candidateBits = 0x0202020202020202

const (
	extNot       = 0
	extQueued    = 1 // queued in the current flood, or (at the end) a maximum
	extCandidate = 2
	extBorder    = 3
)

func localExtrema(op string, dst, image Array, p LocalExtremaParams, minima bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	rank := len(image.Shape)
	conn, err := ClampConnectivity(op, p.Connectivity, rank)
	if err != nil {
		return err
	}
	if len(image.Data) == 0 {
		return nil
	}
	img := image.Data
	if minima {
		img = make([]float32, len(image.Data))
		parallel(len(img), 1<<15, func(lo, hi int) {
			for i, v := range image.Data[lo:hi] {
				img[lo+i] = 1 - v
			}
		})
	}
	// The array skimage works on: the image, or with allow_borders the image padded by
	// one pixel of its minimum (np.min, so NaN if there is one) on every side.
	nz, ny, nx := dims3(image.Shape)
	pad, oz := 0, 0
	pz, py, px := nz, ny, nx
	if p.AllowBorders {
		pad, py, px = 1, ny+2, nx+2
		if rank == 3 {
			oz, pz = 1, nz+2
		}
		lo := minNaN(img)
		padded := make([]float32, pz*py*px)
		src := img
		parallel(pz*py, max(1, 16384/px), func(a, b int) {
			for t := a; t < b; t++ {
				row := padded[t*px : (t+1)*px]
				z, y := t/py-oz, t%py-1
				if z < 0 || z >= nz || y < 0 || y >= ny {
					for x := range row {
						row[x] = lo
					}
					continue
				}
				row[0], row[px-1] = lo, lo
				copy(row[1:], src[(z*ny+y)*nx:][:nx])
			}
		})
		img = padded
	}
	flags := make([]byte, len(img))
	if px >= 3 && py >= 3 && (rank == 2 || pz >= 3) {
		g := paddedGrid{rank: rank, py: py, px: px}
		offs := g.neighbours(conn, false)
		// Per row: border flags, then candidates along the last axis (a run never
		// crosses the border pixels that end every row), then the candidates whose
		// plateau is the pixel alone are decided without a flood: a maximum when no
		// neighbour is equal or greater (NaN neighbours compare neither way, as in
		// skimage), not one when a neighbour is greater.
		parallel(pz*py, max(1, 16384/px), func(lo, hi int) {
			for r := lo; r < hi; r++ {
				z, y := r/py, r%py
				row := flags[r*px : (r+1)*px]
				if rank == 3 && (z == 0 || z == pz-1) || y == 0 || y == py-1 {
					for x := range row {
						row[x] = extBorder
					}
					continue
				}
				row[0], row[px-1] = extBorder, extBorder
				markLastAxisCandidates(img[r*px:(r+1)*px], row)
				for x := 1; x < px-1; x++ {
					if row[x] != extCandidate {
						continue
					}
					i := r*px + x
					h := img[i]
					equal, greater := false, false
					for _, o := range offs {
						if v := img[i+o]; v > h {
							greater = true
							break
						} else if v == h {
							equal = true
						}
					}
					switch {
					case greater:
						row[x] = extNot
					case !equal:
						row[x] = extQueued
					}
				}
			}
		})
		var queue []int
		for i := 0; i < len(flags); i++ {
			// Skip eight flags at a time while none is a candidate.
			for i+8 <= len(flags) && binary.LittleEndian.Uint64(flags[i:])&candidateBits == 0 {
				i += 8
			}
			if i < len(flags) && flags[i] == extCandidate {
				queue = fillPlateau(img, flags, offs, queue[:0], i)
			}
		}
	} // else: an axis shorter than 3 without padding, no maxima
	parallel(nz*ny, max(1, 16384/nx), func(a, b int) {
		for r := a; r < b; r++ {
			z, y := r/ny, r%ny
			in := flags[((z+oz)*py+y+pad)*px+pad:][:nx]
			out := dst.Data[r*nx : (r+1)*nx]
			edge := pad == 0 && (y == 0 || y == ny-1 || rank == 3 && (z == 0 || z == nz-1))
			for x, f := range in {
				out[x] = 0
				if f == extQueued && !edge && (pad == 1 || x > 0 && x < nx-1) {
					out[x] = 1
				}
			}
		}
	})
	return nil
}

// minNaN is np.min: the smallest value, NaN if there is a NaN (Go's min propagates it).
func minNaN(data []float32) float32 {
	var mu sync.Mutex
	lo := data[0]
	parallel(len(data), 1<<16, func(a, b int) {
		m := data[a]
		for _, v := range data[a:b] {
			m = min(m, v)
		}
		mu.Lock()
		lo = min(lo, m)
		mu.Unlock()
	})
	return lo
}

// markLastAxisCandidates is skimage's _mark_candidates_in_last_dimension: a run of
// equal pixels along the last axis that rises from its left neighbour and falls to its
// right one is marked as candidates.
func markLastAxisCandidates(img []float32, flags []byte) {
	for i := 1; i < len(img); {
		if img[i-1] < img[i] && flags[i] != extBorder {
			ahead := i + 1
			for img[i] == img[ahead] && flags[ahead] != extBorder {
				ahead++
			}
			if img[i] > img[ahead] {
				for k := i; k < ahead; k++ {
					flags[k] = extCandidate
				}
			}
			i = ahead
		} else {
			i++
		}
	}
}

// fillPlateau is skimage's _fill_plateau: flood the plateau of start; it stays marked
// extQueued if no neighbour is greater and it touches no border, else it is cleared.
func fillPlateau(img []float32, flags []byte, offs, queue []int, start int) []int {
	h := img[start]
	isMax := true
	queue = append(queue, start)
	flags[start] = extQueued
	for k := 0; k < len(queue); k++ {
		c := queue[k]
		for _, o := range offs {
			n := c + o
			switch v := img[n]; {
			case v == h:
				if flags[n] == extBorder {
					isMax = false
				} else if flags[n] != extQueued {
					queue = append(queue, n)
					flags[n] = extQueued
				}
			case v > h:
				isMax = false
			}
		}
	}
	if !isMax {
		for _, c := range queue {
			flags[c] = extNot
		}
	}
	return queue
}
