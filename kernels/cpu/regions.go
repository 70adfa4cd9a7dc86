package cpu

import (
	"fmt"
	"sync"
)

// BinaryFillHoles sets every background (zero) pixel that is not connected to the image
// edge through background to 1: background components, under
// generate_binary_structure(rank, connectivity), that touch no face of the image (in a
// volume the first and last planes are faces too) are filled. Foreground is any nonzero
// pixel, NaN included; the result is float32 0/1, as scipy.ndimage.binary_fill_holes with
// that structure gives. The background is labelled with Label's parallel run-based
// union-find and the components met on the faces are kept, O(n).
//
//kernreg:op name=binary_fill_holes tags=morphology,binary ref=scipy.ndimage.binary_fill_holes slices=coupled
func BinaryFillHoles(dst, image Array, p LabelParams) error {
	const op = "binary_fill_holes"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if err := CheckConnectivity(op, p.Connectivity, len(image.Shape)); err != nil {
		return err
	}
	if len(image.Data) >= 1<<32 {
		return fmt.Errorf("%s: image of %d pixels is too large (at most 2^32)", op, len(image.Data))
	}
	if len(image.Data) == 0 {
		return nil
	}
	labels := make([]uint32, len(image.Data))
	labelRuns(labels, image.Data, image.Shape, p.Connectivity, 0, true)
	open := make([]bool, int(maxLabel(labels))+1) // background components that reach the edge
	nz, ny, nx := dims3(image.Shape)
	for z := 0; z < nz; z++ {
		for y := 0; y < ny; y++ {
			row := labels[(z*ny+y)*nx:][:nx]
			if len(image.Shape) == 3 && (z == 0 || z == nz-1) || y == 0 || y == ny-1 {
				for _, c := range row {
					open[c] = true
				}
			} else {
				open[row[0]], open[row[nx-1]] = true, true
			}
		}
	}
	open[0] = false // foreground
	parallel(len(labels), 1<<15, func(lo, hi int) {
		out := dst.Data[lo:hi]
		for i, c := range labels[lo:hi] {
			out[i] = 1
			if open[c] {
				out[i] = 0
			}
		}
	})
	return nil
}

// BinaryPropagationParams are the parameters of BinaryPropagation.
type BinaryPropagationParams struct {
	// Which neighbours touch: those at most this many orthogonal steps away,
	// generate_binary_structure(rank, connectivity).
	Connectivity int `default:"1" min:"1" max:"3"`
	// Value of the pixels past the edges, 0 or 1: with 1 the edges are seeds too.
	BorderValue int `default:"0" min:"0" max:"1"`
}

// BinaryPropagation grows the seeds (nonzero pixels of image) inside mask (nonzero
// pixels of mask) until nothing changes: the result is the seeds plus every mask pixel
// connected to a seed (or, with border_value 1, to the image edge) by a path of mask
// pixels under generate_binary_structure(rank, connectivity). Seeds outside the mask stay
// set and grow into the mask next to them. This is scipy.ndimage.binary_propagation
// (binary_dilation with iterations -1 and a mask); float32 0/1. One breadth-first
// flood, O(n).
//
//kernreg:op name=binary_propagation tags=morphology,binary ref=scipy.ndimage.binary_propagation slices=coupled
func BinaryPropagation(dst, image, mask Array, p BinaryPropagationParams) error {
	const op = "binary_propagation"
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if err := checkPair(op, dst, mask); err != nil {
		return err
	}
	if err := p.Check(op, len(image.Shape)); err != nil {
		return err
	}
	f, err := newRegionFlood(op, image.Shape, p.Connectivity)
	if err != nil || len(image.Data) == 0 {
		return err
	}
	f.load(mask.Data, func(v float32) byte {
		if v != 0 {
			return regionOpen
		}
		return regionClosed
	})
	f.seed(image.Data)
	if p.BorderValue == 1 {
		f.seedFaces()
	}
	f.run()
	f.store(dst.Data, func(s byte) bool { return s == regionReached })
	return nil
}

// Check checks border_value and the connectivity against the rank (the GPU kernels
// share it).
func (p BinaryPropagationParams) Check(op string, rank int) error {
	if p.BorderValue != 0 && p.BorderValue != 1 {
		return fmt.Errorf("%s: border_value must be 0 or 1, got %d", op, p.BorderValue)
	}
	return CheckConnectivity(op, p.Connectivity, rank)
}

// regionFlood is a breadth-first flood fill over a padded byte grid of states.
type regionFlood struct {
	paddedGrid
	state []byte
	offs  []int
	queue []uint32
}

const (
	regionClosed  = 0 // not to be entered (frame, or outside the region)
	regionOpen    = 1 // may be entered, not reached yet
	regionReached = 2
)

func newRegionFlood(op string, shape []int, connectivity int) (*regionFlood, error) {
	if err := CheckConnectivity(op, connectivity, len(shape)); err != nil {
		return nil, err
	}
	g := newPaddedGrid(shape)
	if err := g.check(op); err != nil {
		return nil, err
	}
	return &regionFlood{paddedGrid: g, state: make([]byte, g.len()), offs: g.neighbours(connectivity, false)}, nil
}

// load sets the state of every image pixel from its value; the frame stays closed.
func (f *regionFlood) load(src []float32, state func(float32) byte) {
	parallel(f.nz*f.ny, max(1, 16384/f.nx), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			out := f.state[f.row(r/f.ny, r%f.ny):][:f.nx]
			for x, v := range src[r*f.nx : (r+1)*f.nx] {
				out[x] = state(v)
			}
		}
	})
}

// store writes 1 where set(state) and 0 elsewhere.
func (f *regionFlood) store(dst []float32, set func(byte) bool) {
	parallel(f.nz*f.ny, max(1, 16384/f.nx), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			in := f.state[f.row(r/f.ny, r%f.ny):][:f.nx]
			out := dst[r*f.nx : (r+1)*f.nx]
			for x, s := range in {
				out[x] = 0
				if set(s) {
					out[x] = 1
				}
			}
		}
	})
}

// reach marks padded pixel i reached and queues it.
func (f *regionFlood) reach(i int) {
	f.state[i] = regionReached
	f.queue = append(f.queue, uint32(i))
}

// seed reaches every nonzero pixel of src, whatever its state: a seed outside the region
// is set and spreads into the region next to it.
func (f *regionFlood) seed(src []float32) {
	for r := 0; r < f.nz*f.ny; r++ {
		base := f.row(r/f.ny, r%f.ny)
		for x, v := range src[r*f.nx : (r+1)*f.nx] {
			if v != 0 {
				f.reach(base + x)
			}
		}
	}
}

// seedFaces reaches the open pixels on the faces of the image, the pixels next to the
// outside.
func (f *regionFlood) seedFaces() {
	for z := 0; z < f.nz; z++ {
		for y := 0; y < f.ny; y++ {
			base := f.row(z, y)
			inner := f.rank == 3 && z > 0 && z < f.nz-1 || f.rank == 2
			if inner && y > 0 && y < f.ny-1 {
				for _, x := range []int{0, f.nx - 1} {
					if f.state[base+x] == regionOpen {
						f.reach(base + x)
					}
				}
				continue
			}
			for x := 0; x < f.nx; x++ {
				if f.state[base+x] == regionOpen {
					f.reach(base + x)
				}
			}
		}
	}
}

// run floods from the queued pixels into open neighbours.
func (f *regionFlood) run() {
	state, offs := f.state, f.offs
	for k := 0; k < len(f.queue); k++ {
		i := int(f.queue[k])
		for _, o := range offs {
			if j := i + o; state[j] == regionOpen {
				state[j] = regionReached
				f.queue = append(f.queue, uint32(j))
			}
		}
	}
	f.queue = nil
}

// SmallObjectsParams are the parameters of RemoveSmallObjects.
type SmallObjectsParams struct {
	// Components with fewer pixels than this are removed.
	MinSize int `default:"64" min:"0"`
	// Which neighbours touch: those at most this many orthogonal steps away,
	// generate_binary_structure(rank, connectivity).
	Connectivity int `default:"1" min:"1" max:"3"`
}

// RemoveSmallObjects removes the connected components of the foreground (nonzero pixels,
// NaN included) that have fewer than min_size pixels, components taken under
// generate_binary_structure(rank, connectivity); the result is float32 0/1, as
// skimage.morphology.remove_small_objects gives for a boolean image. Components are found
// with Label's parallel run-based union-find, O(n).
//
//kernreg:op name=remove_small_objects tags=morphology,binary,segmentation ref=skimage.morphology.remove_small_objects slices=coupled
func RemoveSmallObjects(dst, image Array, p SmallObjectsParams) error {
	return removeSmall("remove_small_objects", dst, image, p.MinSize, p.Connectivity, false)
}

// SmallHolesParams are the parameters of RemoveSmallHoles.
type SmallHolesParams struct {
	// Background components with fewer pixels than this are filled.
	AreaThreshold int `default:"64" min:"0"`
	// Which neighbours touch: those at most this many orthogonal steps away,
	// generate_binary_structure(rank, connectivity).
	Connectivity int `default:"1" min:"1" max:"3"`
}

// RemoveSmallHoles fills the connected components of the background (zero pixels) that
// have fewer than area_threshold pixels, components taken under
// generate_binary_structure(rank, connectivity). Background touching the edge counts as
// a hole like any other, so a small background region along the edge is filled too; the
// result is float32 0/1, as skimage.morphology.remove_small_holes gives for a boolean
// image.
//
//kernreg:op name=remove_small_holes tags=morphology,binary,segmentation ref=skimage.morphology.remove_small_holes slices=coupled
func RemoveSmallHoles(dst, image Array, p SmallHolesParams) error {
	return removeSmall("remove_small_holes", dst, image, p.AreaThreshold, p.Connectivity, true)
}

// removeSmall labels the foreground (background if holes) and keeps the components of at
// least minSize pixels; the output is the kept foreground (holes: everything but the
// kept background).
func removeSmall(op string, dst, image Array, minSize, connectivity int, holes bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if err := CheckSmallObjects(op, minSize, connectivity, len(image.Shape)); err != nil {
		return err
	}
	if len(image.Data) >= 1<<32 {
		return fmt.Errorf("%s: image of %d pixels is too large (at most 2^32)", op, len(image.Data))
	}
	if len(image.Data) == 0 {
		return nil
	}
	labels := make([]uint32, len(image.Data))
	labelRuns(labels, image.Data, image.Shape, connectivity, 0, holes)
	sizes := componentSizes(labels)
	parallel(len(labels), 1<<15, func(lo, hi int) {
		out := dst.Data[lo:hi]
		for i, c := range labels[lo:hi] {
			keep := c != 0 && sizes[c] >= uint64(minSize)
			if keep != holes {
				out[i] = 1
			} else {
				out[i] = 0
			}
		}
	})
	return nil
}

// CheckSmallObjects checks the size bound and the connectivity of RemoveSmallObjects and
// RemoveSmallHoles (the GPU kernels share it).
func CheckSmallObjects(op string, size, connectivity, rank int) error {
	if size < 0 {
		return fmt.Errorf("%s: size must be >= 0, got %d", op, size)
	}
	return CheckConnectivity(op, connectivity, rank)
}

// componentSizes counts the pixels of each label (index 0 counts the background).
func componentSizes(labels []uint32) []uint64 {
	var (
		mu    sync.Mutex
		sizes = make([]uint64, int(maxLabel(labels))+1)
	)
	parallel(len(labels), 1<<18, func(lo, hi int) {
		local := make([]uint32, len(sizes))
		for _, c := range labels[lo:hi] {
			local[c]++
		}
		mu.Lock()
		for c, n := range local {
			sizes[c] += uint64(n)
		}
		mu.Unlock()
	})
	return sizes
}

// maxLabel returns the largest label.
func maxLabel(labels []uint32) uint32 {
	var (
		mu  sync.Mutex
		top uint32
	)
	parallel(len(labels), 1<<16, func(lo, hi int) {
		var m uint32
		for _, c := range labels[lo:hi] {
			m = max(m, c)
		}
		mu.Lock()
		top = max(top, m)
		mu.Unlock()
	})
	return top
}
