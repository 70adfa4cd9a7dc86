package cpu

import (
	"fmt"
	"math"
	"slices"
)

// Label-image operations of scikit-image 0.19 (skimage.segmentation) and clesperanto.
// Labels are uint32; 0 is background.

// RelabelParams are the parameters of RelabelSequential.
type RelabelParams struct {
	// The first label of the output; 0 stays 0.
	Offset int `default:"1" min:"1" max:"4294967295"`
}

// RelabelSequential renumbers the labels consecutively from offset in increasing order
// of their values, keeping 0 as 0: skimage.segmentation.relabel_sequential(labels,
// offset)[0].
//
// A result label above 2^32-1 is an error.
//
//kernreg:op name=relabel_sequential tags=labeling,segmentation ref=skimage.segmentation.relabel_sequential slices=coupled
func RelabelSequential(dst, labels LabelArray, p RelabelParams) error {
	const op = "relabel_sequential"
	if err := checkLabelPair(op, dst, labels); err != nil {
		return err
	}
	if err := p.Check(op); err != nil {
		return err
	}
	if len(labels.Data) == 0 {
		return nil
	}
	lut := newLabelMap(labels.Data)
	next := uint64(p.Offset)
	lut.each(func(l uint32) uint32 {
		if l == 0 {
			return 0
		}
		v := next
		next++
		return uint32(min(v, math.MaxUint32))
	})
	if err := p.CheckCount(op, next-uint64(p.Offset)); err != nil {
		return err
	}
	lut.apply(dst.Data, labels.Data)
	return nil
}

// Check checks the offset (the GPU kernels share it).
func (p RelabelParams) Check(op string) error {
	if p.Offset < 1 || p.Offset > math.MaxUint32 {
		return fmt.Errorf("%s: offset must be in [1, 4294967295], got %d", op, p.Offset)
	}
	return nil
}

// CheckCount reports an error when n labels numbered from the offset end beyond the
// uint32 range.
func (p RelabelParams) CheckCount(op string, n uint64) error {
	if last := uint64(p.Offset) + n - 1; n > 0 && last > math.MaxUint32 {
		return fmt.Errorf("%s: %d labels from offset %d end at %d, beyond the uint32 range", op, n, p.Offset, last)
	}
	return nil
}

// checkLabelPair checks a dst/src pair of a same-shape label kernel.
func checkLabelPair(op string, dst, src LabelArray) error {
	if err := checkData(op, src.Shape, len(src.Data)); err != nil {
		return err
	}
	if err := checkData(op, dst.Shape, len(dst.Data)); err != nil {
		return err
	}
	return sameShape(op, src.Shape, dst.Shape)
}

// labelMap maps the label values present in an image to new values: a dense table when
// the largest label is small against the image, else the sorted distinct values.
type labelMap struct {
	dense   []uint32 // dense[l] is l's new value; present marks which l occur
	present []bool
	keys    []uint32 // sorted distinct labels (sparse case)
	vals    []uint32
	counts  []int64 // pixels per label, in the order of each (dense: by value)
}

// newLabelMap finds the distinct labels of data and counts their pixels.
func newLabelMap(data []uint32) *labelMap {
	var top uint32
	for _, v := range data {
		top = max(top, v)
	}
	m := &labelMap{}
	if uint64(top) <= 4*uint64(len(data))+(1<<16) {
		m.dense = make([]uint32, int(top)+1)
		m.present = make([]bool, int(top)+1)
		m.counts = make([]int64, int(top)+1)
		for _, v := range data {
			m.counts[v]++
		}
		for l, c := range m.counts {
			m.present[l] = c > 0
		}
		return m
	}
	keys := slices.Clone(data)
	slices.Sort(keys)
	keys = slices.Compact(keys)
	m.keys, m.vals = keys, make([]uint32, len(keys))
	m.counts = make([]int64, len(keys))
	for _, v := range data {
		i, _ := slices.BinarySearch(keys, v)
		m.counts[i]++
	}
	return m
}

// each sets every present label's new value to f(label), in increasing label order.
func (m *labelMap) each(f func(l uint32) uint32) {
	if m.dense != nil {
		for l, ok := range m.present {
			if ok {
				m.dense[l] = f(uint32(l))
			}
		}
		return
	}
	for i, l := range m.keys {
		m.vals[i] = f(l)
	}
}

// count returns the number of pixels of label l (present).
func (m *labelMap) count(l uint32) int64 {
	if m.dense != nil {
		return m.counts[l]
	}
	i, _ := slices.BinarySearch(m.keys, l)
	return m.counts[i]
}

// apply writes the mapped labels of src into dst.
func (m *labelMap) apply(dst, src []uint32) {
	parallel(len(src), 1<<15, func(lo, hi int) {
		if m.dense != nil {
			for i, v := range src[lo:hi] {
				dst[lo+i] = m.dense[v]
			}
			return
		}
		for i, v := range src[lo:hi] {
			k, _ := slices.BinarySearch(m.keys, v)
			dst[lo+i] = m.vals[k]
		}
	})
}

// SizeParamsMin are the parameters of RemoveSmallLabels.
type SizeParamsMin struct {
	// Labels with fewer pixels than this are removed.
	MinimumSize float64 `default:"100" min:"0"`
}

// SizeParamsMax are the parameters of RemoveLargeLabels.
type SizeParamsMax struct {
	// Labels with more pixels than this are removed.
	MaximumSize float64 `default:"100" min:"0"`
}

// RemoveSmallLabels removes every label with fewer than minimum_size pixels (voxels) and
// renumbers the rest consecutively from 1 in increasing order of their values, as
// clesperanto's remove_small_labels.
//
// A label whose size equals minimum_size stays (exclude_small_labels in
// pyclesperanto_prototype, exclude_labels_outside_size_range's test).
//
//kernreg:op name=remove_small_labels tags=labeling,segmentation,filter ref=pyclesperanto.remove_small_labels slices=coupled
func RemoveSmallLabels(dst, labels LabelArray, p SizeParamsMin) error {
	if err := p.Check("remove_small_labels"); err != nil {
		return err
	}
	return filterLabelsBySize("remove_small_labels", dst, labels, func(n int64) bool { return float64(n) >= p.MinimumSize })
}

// RemoveLargeLabels removes every label with more than maximum_size pixels (voxels) and
// renumbers the rest consecutively from 1 in increasing order of their values, as
// clesperanto's remove_large_labels.
//
// A label whose size equals maximum_size stays (exclude_large_labels in
// pyclesperanto_prototype).
//
//kernreg:op name=remove_large_labels tags=labeling,segmentation,filter ref=pyclesperanto.remove_large_labels slices=coupled
func RemoveLargeLabels(dst, labels LabelArray, p SizeParamsMax) error {
	if err := p.Check("remove_large_labels"); err != nil {
		return err
	}
	return filterLabelsBySize("remove_large_labels", dst, labels, func(n int64) bool { return float64(n) <= p.MaximumSize })
}

// Check refuses a NaN size (the GPU kernels share it).
func (p SizeParamsMin) Check(op string) error {
	if math.IsNaN(p.MinimumSize) {
		return fmt.Errorf("%s: minimum_size must be a number, got NaN", op)
	}
	return nil
}

// Check refuses a NaN size (the GPU kernels share it).
func (p SizeParamsMax) Check(op string) error {
	if math.IsNaN(p.MaximumSize) {
		return fmt.Errorf("%s: maximum_size must be a number, got NaN", op)
	}
	return nil
}

func filterLabelsBySize(op string, dst, labels LabelArray, keep func(n int64) bool) error {
	if err := checkLabelPair(op, dst, labels); err != nil {
		return err
	}
	if len(labels.Data) == 0 {
		return nil
	}
	m := newLabelMap(labels.Data)
	var next uint32
	m.each(func(l uint32) uint32 {
		if l == 0 || !keep(m.count(l)) {
			return 0
		}
		next++
		return next
	})
	m.apply(dst.Data, labels.Data)
	return nil
}

// ClearBorderParams are the parameters of ClearBorder.
type ClearBorderParams struct {
	// Width of the border zone beyond the outermost pixels: objects touching the
	// buffer_size+1 outermost pixels of any axis are cleared.
	BufferSize int `default:"0" min:"0"`
	// Value the cleared pixels get.
	Bgval int `default:"0" min:"0" max:"4294967295"`
}

// ClearBorder removes the objects that touch the image border:
// skimage.segmentation.clear_border(labels, buffer_size, bgval) of scikit-image 0.19.
//
// Objects are connected components of equal label under full connectivity (8 in 2D, 26
// in 3D; a label split in two parts is two objects), and every object with a pixel in
// the buffer_size+1 outermost pixels of any axis (z too, for a volume) is set to bgval.
// As in skimage, when that border zone holds background (0), all background pixels are
// set to bgval as well.
//
//kernreg:op name=clear_border tags=labeling,segmentation ref=skimage.segmentation.clear_border slices=coupled
func ClearBorder(dst, labels LabelArray, p ClearBorderParams) error {
	const op = "clear_border"
	if err := checkLabelPair(op, dst, labels); err != nil {
		return err
	}
	if err := p.Check(op, labels.Shape); err != nil {
		return err
	}
	if len(labels.Data) == 0 {
		return nil
	}
	g := newLabelGrid(labels.Shape)
	ext := p.BufferSize + 1
	inBorder := func(c [3]int) bool {
		for d := 3 - g.rank; d < 3; d++ {
			if c[d] < ext || c[d] >= g.dims[d]-ext {
				return true
			}
		}
		return false
	}
	src := labels.Data
	clear := make([]bool, len(src))
	var queue []int
	bgInBorder := false
	offs := g.fullNeighbours()
	for i, v := range src {
		c := g.coords(i)
		if !inBorder(c) {
			continue
		}
		if v == 0 {
			bgInBorder = true
			continue
		}
		if clear[i] {
			continue
		}
		clear[i] = true
		queue = append(queue[:0], i)
		for len(queue) > 0 {
			j := queue[len(queue)-1]
			queue = queue[:len(queue)-1]
			cj := g.coords(j)
			for _, o := range offs {
				k, ok := g.step(cj, o)
				if ok && !clear[k] && src[k] == v {
					clear[k] = true
					queue = append(queue, k)
				}
			}
		}
	}
	bg := uint32(p.Bgval)
	parallel(len(src), 1<<15, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			v := src[i]
			if clear[i] || (v == 0 && bgInBorder) {
				v = bg
			}
			dst.Data[i] = v
		}
	})
	return nil
}

// Check checks the parameters against the image shape (the GPU kernels share it).
func (p ClearBorderParams) Check(op string, shape []int) error {
	if p.BufferSize < 0 {
		return fmt.Errorf("%s: buffer_size must be >= 0, got %d", op, p.BufferSize)
	}
	if p.Bgval < 0 || p.Bgval > math.MaxUint32 {
		return fmt.Errorf("%s: bgval must be in [0, 4294967295], got %d", op, p.Bgval)
	}
	for _, d := range shape {
		if p.BufferSize >= d {
			return fmt.Errorf("%s: buffer_size %d must be smaller than every dimension of the %v image (skimage raises too)",
				op, p.BufferSize, shape)
		}
	}
	return nil
}

// labelGrid addresses the pixels of a 2D or 3D image by coordinates; dims is (Z, Y, X)
// with Z = 1 for a plane.
type labelGrid struct {
	rank int
	dims [3]int
}

func newLabelGrid(shape []int) labelGrid {
	z, y, x := dims3(shape)
	return labelGrid{rank: len(shape), dims: [3]int{z, y, x}}
}

func (g labelGrid) coords(i int) [3]int {
	x := i % g.dims[2]
	i /= g.dims[2]
	return [3]int{i / g.dims[1], i % g.dims[1], x}
}

// step returns the index of the pixel at c+o, and whether it is inside the image.
func (g labelGrid) step(c, o [3]int) (int, bool) {
	for d := range c {
		c[d] += o[d]
		if c[d] < 0 || c[d] >= g.dims[d] {
			return 0, false
		}
	}
	return (c[0]*g.dims[1]+c[1])*g.dims[2] + c[2], true
}

// neighbours returns the offsets of generate_binary_structure(rank, connectivity)
// without the centre, in raster order.
func (g labelGrid) neighbours(connectivity int) [][3]int {
	var out [][3]int
	zr := 0
	if g.rank == 3 {
		zr = 1
	}
	for dz := -zr; dz <= zr; dz++ {
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				if s := abs(dz) + abs(dy) + abs(dx); s > 0 && s <= connectivity {
					out = append(out, [3]int{dz, dy, dx})
				}
			}
		}
	}
	return out
}

func (g labelGrid) fullNeighbours() [][3]int { return g.neighbours(g.rank) }

// ExpandParams are the parameters of ExpandLabels.
type ExpandParams struct {
	// Largest Euclidean distance (in pixels) a label grows into the background.
	Distance float64 `default:"1" min:"0"`
}

// Check reports a distance that is negative or NaN.
func (p ExpandParams) Check(op string) error {
	if p.Distance < 0 || math.IsNaN(p.Distance) {
		return fmt.Errorf("%s: distance must be >= 0, got %v", op, p.Distance)
	}
	return nil
}

// ExpandLabels grows every label into the background by up to distance pixels without
// overlapping other labels: skimage.segmentation.expand_labels(labels, distance) of
// scikit-image 0.19.
//
// Each background pixel whose Euclidean distance to the nearest
// labelled pixel is <= distance takes that pixel's label. The nearest pixel is the one
// scipy.ndimage.distance_transform_edt(labels == 0, return_indices=True) picks (its exact
// feature transform, Maurer et al. 2003, with scipy's tie-breaking), so ties between two
// equally near labels go the way they go in skimage.
//
//kernreg:op name=expand_labels tags=labeling,segmentation,morphology ref=skimage.segmentation.expand_labels slices=coupled
func ExpandLabels(dst, labels LabelArray, p ExpandParams) error {
	const op = "expand_labels"
	if err := checkLabelPair(op, dst, labels); err != nil {
		return err
	}
	if err := p.Check(op); err != nil {
		return err
	}
	if len(labels.Data) == 0 {
		return nil
	}
	if len(labels.Data) >= math.MaxInt32 {
		return fmt.Errorf("%s: image of %d pixels is too large (at most 2^31-1)", op, len(labels.Data))
	}
	src := labels.Data
	ft := featureTransform(labels.Shape, func(i int) bool { return src[i] != 0 })
	g := newLabelGrid(labels.Shape)
	parallel(len(src), 1<<14, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			f := ft[i]
			if f < 0 {
				dst.Data[i] = 0 // no label anywhere
				continue
			}
			a, b := g.coords(i), g.coords(int(f))
			d2 := 0
			for k := range a {
				d2 += (a[k] - b[k]) * (a[k] - b[k])
			}
			if math.Sqrt(float64(d2)) <= p.Distance {
				dst.Data[i] = src[f]
			} else {
				dst.Data[i] = 0
			}
		}
	})
	return nil
}

// featureTransform is scipy's NI_EuclideanFeatureTransform: for every pixel the index of
// the nearest feature pixel (feature(i) true), or -1 when there is none. Like scipy it
// runs one Voronoi pass per axis, axis 0 first, each over every line along that axis,
// with scipy's arithmetic (exact here in int64) and so its tie-breaking.
func featureTransform(shape []int, feature func(i int) bool) []int32 {
	n := 1
	for _, s := range shape {
		n *= s
	}
	ft := make([]int32, n)
	parallel(n, 1<<16, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if feature(i) {
				ft[i] = int32(i)
			} else {
				ft[i] = -1
			}
		}
	})
	g := newLabelGrid(shape)
	rank := len(shape)
	for d := 0; d < rank; d++ {
		axis := d + 3 - rank // in g.dims
		length := g.dims[axis]
		stride := 1
		for _, s := range g.dims[axis+1:] {
			stride *= s
		}
		lines := n / length
		parallel(lines, max(1, 2048/length), func(lo, hi int) {
			v := newVoronoiLine(length)
			for l := lo; l < hi; l++ {
				off := (l/stride)*length*stride + l%stride
				v.run(ft, g, off, stride, axis)
			}
		})
	}
	return ft
}

// voronoiLine is scratch for one _VoronoiFT line: the features' coordinates (f) and the
// stack of candidate indices (g).
type voronoiLine struct {
	f     [][3]int64
	g     []int
	valid []bool
	idx   []int32
}

func newVoronoiLine(n int) *voronoiLine {
	return &voronoiLine{f: make([][3]int64, n), g: make([]int, n), valid: make([]bool, n), idx: make([]int32, n)}
}

// run is _VoronoiFT along axis d of labelGrid coordinates for the line of n elements at
// off, step stride, of ft.
func (v *voronoiLine) run(ft []int32, grid labelGrid, off, stride, d int) {
	n := len(v.f)
	var coor [3]int64
	c0 := grid.coords(off)
	for k := range coor {
		coor[k] = int64(c0[k])
	}
	for i := 0; i < n; i++ {
		f := ft[off+i*stride]
		v.idx[i] = f
		v.valid[i] = f >= 0
		if f >= 0 {
			c := grid.coords(int(f))
			v.f[i] = [3]int64{int64(c[0]), int64(c[1]), int64(c[2])}
		}
	}
	dist2 := func(f [3]int64) int64 { // squared distance over the axes other than d
		var s int64
		for k := range f {
			if k != d {
				t := f[k] - coor[k]
				s += t * t
			}
		}
		return s
	}
	g := v.g
	l := -1
	for i := 0; i < n; i++ {
		if !v.valid[i] {
			continue
		}
		fd := v.f[i][d]
		wR := dist2(v.f[i])
		for l >= 1 {
			idx1, idx2 := g[l], g[l-1]
			f1 := v.f[idx1][d]
			a := f1 - v.f[idx2][d]
			b := fd - f1
			c := a + b
			uR, vR := dist2(v.f[idx2]), dist2(v.f[idx1])
			if c*vR-b*uR-a*wR-a*b*c <= 0 {
				break
			}
			l--
		}
		l++
		g[l] = i
	}
	maxl := l
	if maxl < 0 {
		return
	}
	full := func(f [3]int64, i int) int64 {
		var s int64
		for k := range f {
			t := f[k] - coor[k]
			if k == d {
				t = f[k] - int64(i)
			}
			s += t * t
		}
		return s
	}
	l = 0
	for i := 0; i < n; i++ {
		delta1 := full(v.f[g[l]], i)
		for l < maxl {
			delta2 := full(v.f[g[l+1]], i)
			if delta1 <= delta2 {
				break
			}
			delta1 = delta2
			l++
		}
		ft[off+i*stride] = v.idx[g[l]]
	}
}

// FindBoundariesParams are the parameters of FindBoundaries.
type FindBoundariesParams struct {
	// Which neighbours count: generate_binary_structure(rank, connectivity).
	Connectivity int `default:"1" min:"1" max:"3"`
	// thick: both sides of every boundary; inner: only pixels of labels; outer: only the
	// background side (and label pixels between two labels).
	Mode string `default:"thick" enum:"thick,inner,outer"`
	// The background label.
	Background int `default:"0" min:"0" max:"4294967295"`
}

// FindBoundaries marks the boundaries between labels with 1 (float32 0/1):
// skimage.segmentation.find_boundaries(labels, connectivity, mode, background) of
// scikit-image 0.19.
//
// Modes thick, inner and outer are offered ('subpixel' changes the shape). A pixel is a thick boundary when its neighbourhood
// (generate_binary_structure(rank, connectivity), cut at the image edge: skimage's
// grey dilation and erosion extend by reflection, which repeats edge pixels) holds more
// than one label value. inner keeps those that are not background; outer keeps those
// that are background or touch, in the full neighbourhood, another label (skimage's
// dilation(labels) != erosion(labels with background set to 2^32-1)).
//
//kernreg:op name=find_boundaries tags=labeling,segmentation,edges ref=skimage.segmentation.find_boundaries slices=coupled
func FindBoundaries(dst Array, labels LabelArray, p FindBoundariesParams) error {
	const op = "find_boundaries"
	if err := checkData(op, labels.Shape, len(labels.Data)); err != nil {
		return err
	}
	if err := checkData(op, dst.Shape, len(dst.Data)); err != nil {
		return err
	}
	if err := sameShape(op, labels.Shape, dst.Shape); err != nil {
		return err
	}
	if err := p.Check(op, len(labels.Shape)); err != nil {
		return err
	}
	if len(labels.Data) == 0 {
		return nil
	}
	g := newLabelGrid(labels.Shape)
	offs := g.neighbours(p.Connectivity)
	full := g.fullNeighbours()
	bg := uint32(p.Background)
	src := labels.Data
	parallel(len(src), 1<<14, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			c := g.coords(i)
			v := src[i]
			lo, hi := v, v
			for _, o := range offs {
				if k, ok := g.step(c, o); ok {
					lo, hi = min(lo, src[k]), max(hi, src[k])
				}
			}
			b := lo != hi
			switch p.Mode {
			case "inner":
				b = b && v != bg
			case "outer":
				if b && v != bg {
					dil, ero := v, v // dilation of labels, erosion of labels with bg -> max
					for _, o := range full {
						if k, ok := g.step(c, o); ok {
							u := src[k]
							dil = max(dil, u)
							if u == bg {
								u = math.MaxUint32
							}
							ero = min(ero, u)
						}
					}
					b = dil != ero
				}
			}
			dst.Data[i] = bitF32(b)
		}
	})
	return nil
}

// Check checks the parameters for an image of the given rank (the GPU kernels share it).
func (p FindBoundariesParams) Check(op string, rank int) error {
	if err := CheckConnectivity(op, p.Connectivity, rank); err != nil {
		return err
	}
	if p.Mode != "thick" && p.Mode != "inner" && p.Mode != "outer" && p.Mode != "" {
		return fmt.Errorf("%s: mode must be thick, inner or outer, got %q", op, p.Mode)
	}
	if p.Background < 0 || p.Background > math.MaxUint32 {
		return fmt.Errorf("%s: background must be in [0, 4294967295], got %d", op, p.Background)
	}
	return nil
}
