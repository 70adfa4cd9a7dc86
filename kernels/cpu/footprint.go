package cpu

import (
	"fmt"
	"math"
	"slices"
)

// GreyParams are the parameters of grey-level morphology with a flat footprint: a box of
// the given size (scipy's size), or a disk, diamond, ball or octahedron of the given
// radius (skimage.morphology's footprints).
type GreyParams struct {
	// Edge length of the box footprint, one value for every axis or one per axis
	// (Z, Y, X); used when footprint is box.
	Size []int `default:"3" min:"1"`
	// Footprint shape: box (of size), or of radius: disk or diamond (2D; in a volume,
	// the same 2D footprint in every plane), ball or octahedron (3D only), exactly as
	// skimage.morphology.disk, diamond, ball and octahedron.
	Footprint string `default:"box" enum:"box,disk,diamond,ball,octahedron"`
	// Radius of a disk, diamond, ball or octahedron footprint (0: the pixel itself).
	Radius int `default:"1" min:"0" max:"1024"`
	// How the input is extended past its edges.
	Mode string `default:"reflect" enum:"reflect,constant,nearest,mirror,wrap"`
	// Value past the edges when mode is constant.
	Cval float64 `default:"0"`
}

// maxFootprintRadius bounds a footprint radius (a disk of radius r has about 3r^2
// pixels, listed one by one in the binary and NaN paths), max3DFootprintRadius that of
// a ball or octahedron (about 4r^3 pixels).
const (
	maxFootprintRadius   = 1024
	max3DFootprintRadius = 96
)

// footprint is a flat, symmetric, convex footprint: the union of x-segments [-w, w] at
// (dz, dy), listed in C order.
type footprint struct {
	rz, ry, rx int // half extents
	rows       []footprintRow
	widths     []int // the distinct w, ascending
}

type footprintRow struct {
	dz, dy, w int
	k         int // index of w in widths
}

// newFootprint builds the named footprint of the given radius for an image of rank
// rank: disk and diamond lie in the y-x plane; ball and octahedron need a volume.
func newFootprint(op, kind string, radius, rank int) (footprint, error) {
	if radius < 0 || radius > maxFootprintRadius {
		return footprint{}, fmt.Errorf("%s: radius must be in [0, %d], got %d", op, maxFootprintRadius, radius)
	}
	if (kind == "ball" || kind == "octahedron") && radius > max3DFootprintRadius {
		return footprint{}, fmt.Errorf("%s: radius of a %s must be in [0, %d], got %d", op, kind, max3DFootprintRadius, radius)
	}
	r := radius
	var f footprint
	rz := 0
	var width func(dz, dy int) int // -1: no pixel at (dz, dy)
	switch kind {
	case "disk": // x^2 + y^2 <= r^2
		width = func(_, dy int) int { return isqrt(r*r - dy*dy) }
	case "diamond": // |x| + |y| <= r
		width = func(_, dy int) int { return r - abs(dy) }
	case "ball", "octahedron":
		if rank != 3 {
			return footprint{}, fmt.Errorf("%s: footprint %s needs a 3D image; use disk or diamond for a 2D one", op, kind)
		}
		rz = r
		if kind == "ball" {
			width = func(dz, dy int) int { return isqrt(r*r - dy*dy - dz*dz) }
		} else {
			width = func(dz, dy int) int { return r - abs(dy) - abs(dz) }
		}
	default:
		return footprint{}, fmt.Errorf("%s: footprint must be one of box, disk, diamond, ball, octahedron, got %q", op, kind)
	}
	f.rz, f.ry, f.rx = rz, r, r
	for dz := -rz; dz <= rz; dz++ {
		for dy := -r; dy <= r; dy++ {
			if w := width(dz, dy); w >= 0 {
				f.rows = append(f.rows, footprintRow{dz: dz, dy: dy, w: w})
				if !slices.Contains(f.widths, w) {
					f.widths = append(f.widths, w)
				}
			}
		}
	}
	slices.Sort(f.widths)
	for i := range f.rows {
		f.rows[i].k = slices.Index(f.widths, f.rows[i].w)
	}
	return f, nil
}

// isqrt returns floor(sqrt(v)) for v >= 0 and -1 for v < 0.
func isqrt(v int) int {
	if v < 0 {
		return -1
	}
	s := 0
	for (s+1)*(s+1) <= v {
		s++
	}
	return s
}

// offsets returns the footprint's offsets in the given grid (row stride px, plane
// stride py*px), in C order of the footprint array.
func (f footprint) offsets(py, px int, center bool) []int {
	var offs []int
	for _, r := range f.rows {
		for dx := -r.w; dx <= r.w; dx++ {
			if !center && r.dz == 0 && r.dy == 0 && dx == 0 {
				continue
			}
			offs = append(offs, (r.dz*py+r.dy)*px+dx)
		}
	}
	return offs
}

// greyMorphology runs grey erosion (false) / dilation (true) steps with the footprint of
// p; each step reads the previous one's result extended by mode/cval. A box uses the
// separable passes of minMaxFilter.
func greyMorphology(op string, dst, image Array, p GreyParams, steps ...bool) error {
	if p.Footprint == "box" || p.Footprint == "" {
		src := image
		for _, dilate := range steps {
			if err := minMaxFilter(op, dst, src, BoxParams{Size: p.Size, Mode: p.Mode, Cval: p.Cval}, !dilate, dilate); err != nil {
				return err
			}
			src = dst
		}
		return nil
	}
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	mode, err := ParseMode(p.Mode)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	f, err := newFootprint(op, p.Footprint, p.Radius, len(image.Shape))
	if err != nil {
		return err
	}
	if len(image.Data) == 0 {
		return nil
	}
	nz, ny, nx := dims3(image.Shape)
	if padded := int64(nz+2*f.rz) * int64(ny+2*f.ry) * int64(nx+2*f.rx); padded > 1<<31 {
		return fmt.Errorf("%s: radius %d pads the %v image to %d pixels, more than 2^31", op, p.Radius, image.Shape, padded)
	}
	src := image.Data
	for _, dilate := range steps {
		footprintMinMax(dst.Data, src, nz, ny, nx, f, mode, float32(p.Cval), !dilate)
		src = dst.Data
	}
	return nil
}

// footprintMinMax sets dst to the minimum (maximum) of src, extended by mode, over the
// footprint around each pixel; dst may be src. The footprint is symmetric, so erosion
// and dilation use the same one, as in scipy (which mirrors it for dilation).
//
// scipy's NI_MinOrMaxFilter starts from the first footprint value in C order and
// replaces it by a strictly smaller (larger) one, with cval rounded to float32. Without
// NaN or -0 any order gives the same value, and the fast path takes, for every distinct
// segment width w, the sliding extreme of each padded row over 2w+1 pixels (van Herk,
// three operations per pixel), then per output row the extreme over the footprint's rows
// of those; the rows of each width are computed once per padded row they come from and
// kept in a ring. Otherwise scipy's loop is followed pixel by pixel.
func footprintMinMax(dst, src []float32, nz, ny, nx int, f footprint, m Mode, cval float32, minimum bool) {
	py, px := ny+2*f.ry, nx+2*f.rx
	padded := padVolume(src, nz, ny, nx, f.rz, f.ry, f.rx, m, cval)
	exact := hasNaNOrNegZero(src) || m == Constant && (cval != cval || cval == 0 && math.Signbit(float64(cval)))
	if exact {
		offs := f.offsets(py, px, true)
		parallel(nz*ny, max(1, 4096/(nx*len(offs))), func(lo, hi int) {
			for r := lo; r < hi; r++ {
				z, y := r/ny, r%ny
				base := ((z+f.rz)*py+y+f.ry)*px + f.rx
				out := dst[r*nx : (r+1)*nx]
				for x := range out {
					i := base + x
					val := padded[i+offs[0]]
					for _, o := range offs[1:] {
						if t := padded[i+o]; minimum && t < val || !minimum && t > val {
							val = t
						}
					}
					out[x] = val
				}
			}
		})
		return
	}
	dz, dy := 2*f.rz+1, 2*f.ry+1
	nw := len(f.widths)
	// The ring holds every width of every padded row a footprint reaches; a footprint
	// too large for that (a ring over maxRingFloats) recomputes each row it needs
	// instead, one width at a time.
	cached := dz*dy*nw*nx <= maxRingFloats
	parallel(nz*ny, max(1, 16384/(nx*len(f.rows))), func(lo, hi int) {
		var ring []float32
		var tags []int // padded row index held by a slot, or -1
		if cached {
			ring = make([]float32, dz*dy*nw*nx) // slot s holds nw rows of nx
			tags = make([]int, dz*dy)
			for i := range tags {
				tags[i] = -1
			}
		} else {
			ring = make([]float32, nx)
		}
		suffix := make([]float32, nx+2*f.rx)
		extremes := func(out []float32, t, w int) { // of padded row t over 2w+1
			row := padded[t*px : (t+1)*px]
			in := row[f.rx-w : f.rx+nx+w]
			if w == 0 {
				copy(out, in)
			} else {
				vanHerkLine(in, suffix[:len(in)], out, 2*w+1, minimum)
			}
		}
		rowOf := func(zz, yy, k int) []float32 { // padded row (zz, yy), width k
			t := zz*py + yy
			if !cached {
				extremes(ring, t, f.widths[k])
				return ring
			}
			s := (zz%dz)*dy + yy%dy
			h := ring[s*nw*nx : (s+1)*nw*nx]
			if tags[s] != t {
				tags[s] = t
				for k, w := range f.widths {
					extremes(h[k*nx:(k+1)*nx], t, w)
				}
			}
			return h[k*nx:][:nx]
		}
		for r := lo; r < hi; r++ {
			z, y := r/ny, r%ny
			out := dst[r*nx : (r+1)*nx]
			for j, fr := range f.rows {
				h := rowOf(z+f.rz+fr.dz, y+f.ry+fr.dy, fr.k)
				if j == 0 {
					copy(out, h)
				} else {
					pickRows(out, out, h, minimum)
				}
			}
		}
	})
}

// maxRingFloats bounds the per-goroutine cache of row extremes of footprintMinMax
// (16 MiB); a variable so that tests can exercise the uncached path.
var maxRingFloats = 1 << 22

// padVolume returns a copy of a (nz, ny, nx) image extended by rz, ry, rx pixels on each
// side of each axis according to the mode.
func padVolume(src []float32, nz, ny, nx, rz, ry, rx int, m Mode, cval float32) []float32 {
	pz, py, px := nz+2*rz, ny+2*ry, nx+2*rx
	out := make([]float32, pz*py*px)
	parallel(pz*py, max(1, 16384/px), func(lo, hi int) {
		for t := lo; t < hi; t++ {
			row := out[t*px : (t+1)*px]
			sz, sy := m.index(t/py-rz, nz), m.index(t%py-ry, ny)
			if sz < 0 || sy < 0 {
				for i := range row {
					row[i] = cval
				}
				continue
			}
			in := src[(sz*ny+sy)*nx : (sz*ny+sy+1)*nx]
			copy(row[rx:], in)
			for k := 1; k <= rx; k++ {
				row[rx-k] = edgeValue32(in, -k, m, cval)
				row[rx+nx-1+k] = edgeValue32(in, nx-1+k, m, cval)
			}
		}
	})
	return out
}
