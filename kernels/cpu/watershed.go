package cpu

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sync"
)

// WatershedParams are the parameters of Watershed and WatershedMasked.
type WatershedParams struct {
	// Which neighbours a basin floods into: generate_binary_structure(rank, connectivity).
	Connectivity int `default:"1" min:"1" max:"3"`
}

// Watershed floods image from the labelled markers (the nonzero pixels of markers):
// skimage.segmentation.watershed(image, markers, connectivity) of scikit-image 0.19.
//
// Compactness is 0 and there is no watershed line. Every pixel ends with the label of the basin that
// reaches it first; pixels are flooded in increasing order of their value, ties in the
// order they were reached (skimage's priority queue, whose ties between pixels go by
// insertion age and between markers by its binary heap's order, both reproduced here
// exactly, with skimage's neighbour order). A pixel takes its label when it is first
// reached. Markers pass through unchanged; without markers the result is all 0.
//
//kernreg:op name=watershed tags=segmentation,labeling ref=skimage.segmentation.watershed slices=coupled
func Watershed(dst LabelArray, image Array, markers LabelArray, p WatershedParams) error {
	return watershed("watershed", dst, image, markers, nil, p)
}

// WatershedMasked floods image from the labelled markers like Watershed, but only where
// mask is nonzero: skimage.segmentation.watershed(image, markers, connectivity,
// mask=mask != 0).
//
// NaN in mask counts as nonzero. Markers outside the mask are dropped and pixels outside it are 0.
//
//kernreg:op name=watershed_masked tags=segmentation,labeling ref=skimage.segmentation.watershed slices=coupled
func WatershedMasked(dst LabelArray, image Array, markers LabelArray, mask Array, p WatershedParams) error {
	if err := checkData("watershed_masked", mask.Shape, len(mask.Data)); err != nil {
		return err
	}
	if err := sameShape("watershed_masked", image.Shape, mask.Shape); err != nil {
		return err
	}
	return watershed("watershed_masked", dst, image, markers, mask.Data, p)
}

func watershed(op string, dst LabelArray, image Array, markers LabelArray, mask []float32, p WatershedParams) error {
	for _, c := range []struct {
		shape []int
		n     int
	}{{image.Shape, len(image.Data)}, {markers.Shape, len(markers.Data)}, {dst.Shape, len(dst.Data)}} {
		if err := checkData(op, c.shape, c.n); err != nil {
			return err
		}
	}
	if err := sameShape(op, image.Shape, markers.Shape, dst.Shape); err != nil {
		return err
	}
	if err := CheckConnectivity(op, p.Connectivity, len(image.Shape)); err != nil {
		return err
	}
	g := newPaddedGrid(image.Shape)
	if g.len() >= math.MaxInt32 {
		return fmt.Errorf("%s: image of %dx%dx%d pixels is too large (at most 2^31 with the edge frame)", op, g.nz, g.ny, g.nx)
	}
	if len(image.Data) == 0 {
		return nil
	}
	w := newWSFlood(g, p.Connectivity)
	w.load(image.Data, markers.Data, func(i int) bool { return mask == nil || mask[i] != 0 })
	w.run()
	w.store(dst.Data)
	return nil
}

// watershedOffsets are skimage's neighbour orders (_offsets_to_raveled_neighbors: the
// structuring element's offsets argsorted by distance with numpy's quicksort) for each
// rank and connectivity, as (dz, dy, dx). The order decides which neighbour is pushed
// first, so it is part of the result.
var watershedOffsets = map[[2]int][][3]int{
	{2, 1}: {{0, -1, 0}, {0, 0, -1}, {0, 0, 1}, {0, 1, 0}},
	{2, 2}: {{0, -1, 0}, {0, 0, -1}, {0, 0, 1}, {0, 1, 0}, {0, -1, -1}, {0, -1, 1}, {0, 1, -1}, {0, 1, 1}},
	{3, 1}: {{-1, 0, 0}, {0, -1, 0}, {0, 0, -1}, {0, 0, 1}, {0, 1, 0}, {1, 0, 0}},
	{3, 2}: {{1, 0, 0}, {-1, 0, 0}, {0, -1, 0}, {0, 1, 0}, {0, 0, -1}, {0, 0, 1}, {1, 0, -1}, {1, -1, 0}, {0, 1, 1},
		{0, 1, -1}, {-1, -1, 0}, {0, -1, 1}, {0, -1, -1}, {-1, 1, 0}, {-1, 0, 1}, {-1, 0, -1}, {1, 0, 1}, {1, 1, 0}},
	{3, 3}: {{0, 1, 0}, {-1, 0, 0}, {0, 0, 1}, {0, 0, -1}, {1, 0, 0}, {0, -1, 0}, {0, 1, 1}, {0, 1, -1}, {1, 1, 0},
		{0, -1, 1}, {0, -1, -1}, {-1, 1, 0}, {1, 0, 1}, {-1, 0, 1}, {-1, 0, -1}, {-1, -1, 0}, {1, 0, -1}, {1, -1, 0},
		{1, 1, -1}, {-1, -1, -1}, {1, -1, -1}, {-1, 1, 1}, {-1, 1, -1}, {-1, -1, 1}, {1, -1, 1}, {1, 1, 1}},
}

// wsFlood is skimage's watershed_raveled on a padded grid (a frame of one pixel on every
// axis, outside the mask, as skimage pads).
type wsFlood struct {
	paddedGrid
	offs   []int
	value  []float32 // the image, padded
	mask   []bool
	output []uint32
}

func newWSFlood(g paddedGrid, connectivity int) *wsFlood {
	w := &wsFlood{paddedGrid: g}
	for _, o := range watershedOffsets[[2]int{g.rank, connectivity}] {
		w.offs = append(w.offs, (o[0]*g.py+o[1])*g.px+o[2])
	}
	w.value = make([]float32, g.len())
	w.mask = make([]bool, g.len())
	w.output = make([]uint32, g.len())
	return w
}

// load copies the image and the markers (those inside the mask) into the padded grid.
func (w *wsFlood) load(image []float32, markers []uint32, inMask func(i int) bool) {
	parallel(w.nz*w.ny, max(1, 16384/w.nx), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			base := w.row(r/w.ny, r%w.ny)
			for x := 0; x < w.nx; x++ {
				i := r*w.nx + x
				w.value[base+x] = image[i]
				if inMask(i) {
					w.mask[base+x] = true
					w.output[base+x] = markers[i]
				}
			}
		}
	})
}

func (w *wsFlood) store(dst []uint32) {
	parallel(w.nz*w.ny, max(1, 16384/w.nx), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			copy(dst[r*w.nx:(r+1)*w.nx], w.output[w.row(r/w.ny, r%w.ny):])
		}
	})
}

// wsItem is skimage's Heapitem without the source (not needed without compactness):
// the value as float32 (the float64 skimage stores orders identically), the age as
// int32, as skimage stores it, and the padded index.
type wsItem struct {
	value float32
	age   int32
	index uint32
}

// smaller is skimage's heap order: by value, then by age. With a NaN value the first
// test is true and the second false, as in skimage.
func wsSmaller(a, b *wsItem) bool {
	if a.value != b.value {
		return a.value < b.value
	}
	return a.age < b.age
}

// wsHeap is skimage's binary heap (heap_general.pxi), operation for operation: ties
// between markers (all age 0) come out in the order this exact heap gives them.
type wsHeap []wsItem

func (h *wsHeap) push(it wsItem) {
	*h = append(*h, it)
	a := *h
	child := len(a) - 1
	for child > 0 {
		parent := (child+1)/2 - 1
		if !wsSmaller(&a[child], &a[parent]) {
			break
		}
		a[parent], a[child] = a[child], a[parent]
		child = parent
	}
}

func (h *wsHeap) pop() wsItem {
	a := *h
	top := a[0]
	n := len(a) - 1
	a[0], a[n] = a[n], a[0]
	a = a[:n]
	*h = a
	i, smallest := 0, 0
	for {
		l, r := 2*i+1, 2*i+2
		if l >= n {
			break
		}
		if wsSmaller(&a[l], &a[i]) {
			smallest = l
		}
		if r < n && wsSmaller(&a[r], &a[smallest]) {
			smallest = r
		}
		if smallest == i {
			break
		}
		a[i], a[smallest] = a[smallest], a[i]
		i = smallest
	}
	return top
}

// run floods: markers are pushed in raster order with age 0; each popped pixel labels
// its unlabelled in-mask neighbours with its own label at once and pushes them with the
// next age.
//
// Every key (value, age) is unique except that markers of equal value share age 0, and
// only their order depends on the queue's internals. So the exact binary heap runs
// while two markers of one value are still queued; from then on each pop is the unique
// minimum and a faster 4-ary heap on packed integer keys gives the same order. With NaN
// in the image (unordered, as skimage compares it) the float heap runs throughout.
func (w *wsFlood) run() {
	// The value half of every key, and which pixels are still free (in the mask and
	// unlabelled): one small array to test per neighbour instead of two.
	vbits := make([]uint32, len(w.value))
	free := make([]bool, len(w.value))
	hasNaN := false
	var mu sync.Mutex
	parallel(len(w.value), 1<<16, func(lo, hi int) {
		nan := false
		for i := lo; i < hi; i++ {
			v := w.value[i]
			nan = nan || v != v
			vbits[i] = uint32(wsKey(v, 0) >> 32)
			free[i] = w.mask[i] && w.output[i] == 0
		}
		if nan {
			mu.Lock()
			hasNaN = true
			mu.Unlock()
		}
	})
	if hasNaN {
		w.runFloat()
		return
	}
	key := func(i int, age uint64) uint64 { return uint64(vbits[i])<<32 | age }
	var markerKeys []uint64
	for i, l := range w.output {
		if l != 0 {
			markerKeys = append(markerKeys, key(i, 0))
		}
	}
	dups := duplicateCounts(markerKeys)
	var bin keyHeap
	var fast flatQueue
	exact := len(dups) > 0
	for i, l := range w.output {
		if l == 0 {
			continue
		}
		if exact {
			bin.push(key(i, 0), uint32(i))
		} else {
			fast.push(key(i, 0), uint32(i))
		}
	}
	age := uint64(1)
	for {
		var e uint32
		if exact {
			if len(bin.keys) == 0 {
				break
			}
			var k uint64
			k, e = bin.pop()
			if c, ok := dups[k]; ok {
				if c == 2 {
					delete(dups, k)
				} else {
					dups[k] = c - 1
				}
			}
			if len(dups) == 0 { // no tie can arise any more
				exact = false
				fast.from(k, bin.keys, bin.idx)
			}
		} else {
			if fast.empty() {
				break
			}
			e = fast.pop()
		}
		label := w.output[e]
		for _, o := range w.offs {
			k := int(e) + o
			if !free[k] {
				continue
			}
			free[k] = false
			age++
			w.output[k] = label
			if exact {
				bin.push(key(k, age), uint32(k))
			} else {
				fast.push(key(k, age), uint32(k))
			}
		}
	}
}

// duplicateCounts returns the keys that occur more than once, with their counts.
func duplicateCounts(keys []uint64) map[uint64]int {
	sorted := slices.Clone(keys)
	slices.Sort(sorted)
	dups := map[uint64]int{}
	for i := 1; i < len(sorted); i++ {
		if sorted[i] == sorted[i-1] {
			if dups[sorted[i]] == 0 {
				dups[sorted[i]] = 1
			}
			dups[sorted[i]]++
		}
	}
	return dups
}

// runFloat is run with skimage's float comparisons, for images with NaN.
func (w *wsFlood) runFloat() {
	h := wsHeap(make([]wsItem, 0, 1024))
	for i, l := range w.output {
		if l != 0 {
			h.push(wsItem{value: w.value[i], index: uint32(i)})
		}
	}
	age := int64(1)
	for len(h) > 0 {
		e := h.pop()
		label := w.output[e.index]
		for _, o := range w.offs {
			k := int(e.index) + o
			if !w.mask[k] || w.output[k] != 0 {
				continue
			}
			age++
			w.output[k] = label
			h.push(wsItem{value: w.value[k], age: int32(age), index: uint32(k)})
		}
	}
}

// wsKey packs a NaN-free value and an age (< 2^31: each pixel is pushed at most once)
// into an integer whose order is skimage's (value, age) order: the value's bits made
// monotonic (with -0 as +0, which skimage's != treats as equal) above the age.
func wsKey(v float32, age uint64) uint64 {
	if v == 0 {
		v = 0 // -0 -> +0
	}
	b := math.Float32bits(v)
	if b&0x80000000 != 0 {
		b = ^b
	} else {
		b |= 0x80000000
	}
	return uint64(b)<<32 | age
}

// keyHeap is wsHeap with packed keys: the same binary heap, the same sift decisions
// (the moving element is kept aside instead of swapped at every level, which places
// every element where the swaps would).
type keyHeap struct {
	keys []uint64
	idx  []uint32
}

func (h *keyHeap) push(key uint64, index uint32) {
	h.keys = append(h.keys, key)
	h.idx = append(h.idx, index)
	keys, idx := h.keys, h.idx
	child := len(keys) - 1
	for child > 0 {
		parent := (child+1)/2 - 1
		if !(key < keys[parent]) {
			break
		}
		keys[child], idx[child] = keys[parent], idx[parent]
		child = parent
	}
	keys[child], idx[child] = key, index
}

func (h *keyHeap) pop() (uint64, uint32) {
	keys, idx := h.keys, h.idx
	topKey, top := keys[0], idx[0]
	n := len(keys) - 1
	key, index := keys[n], idx[n]
	keys, idx = keys[:n], idx[:n]
	h.keys, h.idx = keys, idx
	if n == 0 {
		return topKey, top
	}
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		smallest, sk := i, key
		if keys[l] < sk {
			smallest, sk = l, keys[l]
		}
		if r := l + 1; r < n && keys[r] < sk {
			smallest = r
		}
		if smallest == i {
			break
		}
		keys[i], idx[i] = keys[smallest], idx[smallest]
		i = smallest
	}
	keys[i], idx[i] = key, index
	return topKey, top
}

// flatQueue is the priority queue of the unique-key phase: a radix heap (a monotone
// queue: O(1) pushes, few moves per item) for keys at or above the last key it popped,
// and a 4-ary heap for the keys pushed below that level (a basin flowing downhill),
// which all pop first. Either way the smallest key pops.
type flatQueue struct {
	main  radixHeap
	below quadHeap
}

func (q *flatQueue) empty() bool { return q.main.size == 0 && len(q.below.keys) == 0 }

func (q *flatQueue) push(key uint64, index uint32) {
	if key < q.main.last {
		q.below.push(key, index)
		return
	}
	q.main.push(key, index)
}

func (q *flatQueue) pop() uint32 {
	if len(q.below.keys) > 0 {
		return q.below.pop()
	}
	return q.main.pop()
}

// from makes the queue hold the given items, all >= last, the key popped last.
func (q *flatQueue) from(last uint64, keys []uint64, idx []uint32) {
	q.main.last = last
	for i, k := range keys {
		q.main.push(k, idx[i])
	}
}

// radixHeap is a monotone priority queue of unique uint64 keys (Ahuja et al.): bucket
// b holds the keys whose highest bit differing from the last popped key is bit b-1.
type radixHeap struct {
	last    uint64
	size    int
	buckets [65][]radixItem
}

type radixItem struct {
	key   uint64
	index uint32
}

func (h *radixHeap) bucket(key uint64) int { return 64 - bits.LeadingZeros64(key^h.last) }

func (h *radixHeap) push(key uint64, index uint32) {
	b := h.bucket(key)
	h.buckets[b] = append(h.buckets[b], radixItem{key, index})
	h.size++
}

func (h *radixHeap) pop() uint32 {
	if len(h.buckets[0]) == 0 {
		i := 1
		for len(h.buckets[i]) == 0 {
			i++
		}
		items := h.buckets[i]
		m := items[0].key
		for _, it := range items[1:] {
			m = min(m, it.key)
		}
		h.last = m
		for _, it := range items {
			b := h.bucket(it.key)
			h.buckets[b] = append(h.buckets[b], it)
		}
		h.buckets[i] = items[:0]
	}
	b0 := h.buckets[0]
	it := b0[len(b0)-1]
	h.buckets[0] = b0[:len(b0)-1]
	h.size--
	return it.index
}

// quadHeap is a 4-ary min-heap of unique packed keys: fewer, more local levels than a
// binary heap. With unique keys every heap pops the same sequence.
type quadHeap struct {
	keys []uint64
	idx  []uint32
}

// from makes the heap hold the given items (any order).
func (h *quadHeap) from(keys []uint64, idx []uint32) {
	h.keys = append(h.keys[:0], keys...)
	h.idx = append(h.idx[:0], idx...)
	for i := (len(h.keys) - 2) / 4; i >= 0; i-- {
		h.down(i)
	}
}

func (h *quadHeap) push(key uint64, index uint32) {
	h.keys = append(h.keys, key)
	h.idx = append(h.idx, index)
	keys, idx := h.keys, h.idx
	c := len(keys) - 1
	for c > 0 {
		p := (c - 1) / 4
		if keys[p] <= key {
			break
		}
		keys[c], idx[c] = keys[p], idx[p]
		c = p
	}
	keys[c], idx[c] = key, index
}

func (h *quadHeap) pop() uint32 {
	top := h.idx[0]
	n := len(h.keys) - 1
	h.keys[0], h.idx[0] = h.keys[n], h.idx[n]
	h.keys, h.idx = h.keys[:n], h.idx[:n]
	if n > 0 {
		h.down(0)
	}
	return top
}

func (h *quadHeap) down(i int) {
	keys, idx := h.keys, h.idx
	n := len(keys)
	key, index := keys[i], idx[i]
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		best, bk := c, keys[c]
		for j := c + 1; j < min(c+4, n); j++ {
			if keys[j] < bk {
				best, bk = j, keys[j]
			}
		}
		if bk >= key {
			break
		}
		keys[i], idx[i] = bk, idx[best]
		i = best
	}
	keys[i], idx[i] = key, index
}

// VoronoiOtsuParams are the parameters of VoronoiOtsuLabeling.
type VoronoiOtsuParams struct {
	// Gaussian sigma of the blur whose local maxima seed the objects.
	SpotSigma float64 `default:"2" min:"0"`
	// Gaussian sigma of the blur that is Otsu-thresholded into the foreground.
	OutlineSigma float64 `default:"2" min:"0"`
}

// VoronoiOtsuLabeling labels blob-like objects such as nuclei from a grey image:
// clesperanto's voronoi_otsu_labeling, as napari-segment-blobs-and-things-with-membranes
// defines it with scikit-image.
//
// The image is blurred with
// skimage.filters.gaussian (scipy.ndimage.gaussian_filter, mode nearest, truncate 4) at
// spot_sigma and at outline_sigma; seeds are the local maxima of the first blur
// (skimage.morphology.local_maxima: plateaus with no higher neighbour, full
// connectivity, image border allowed) inside the foreground, the second blur > its Otsu
// threshold (256 bins); the seeds are labelled (full connectivity, raster order) and
// flooded through the foreground with skimage's watershed of the binary foreground
// (connectivity 1), so each foreground pixel takes the label of the seed that reaches
// it in the fewest steps, ties by skimage's queue order. Background is 0. The Gaussian
// follows scipy's arithmetic; its float64 weights can differ from numpy's exp in the last
// bit, so an exact tie between neighbouring blurred values could in principle break
// differently.
//
//kernreg:op name=voronoi_otsu_labeling tags=segmentation,labeling ref=pyclesperanto.voronoi_otsu_labeling slices=coupled
func VoronoiOtsuLabeling(dst LabelArray, image Array, p VoronoiOtsuParams) error {
	const op = "voronoi_otsu_labeling"
	if err := checkDims(op, image.Shape, len(image.Data), dst.Shape, len(dst.Data)); err != nil {
		return err
	}
	for _, s := range []struct {
		name string
		v    float64
	}{{"spot_sigma", p.SpotSigma}, {"outline_sigma", p.OutlineSigma}} {
		if s.v < 0 || math.IsNaN(s.v) || s.v > 1e4 {
			return fmt.Errorf("%s: %s must be in [0, 10000], got %v", op, s.name, s.v)
		}
	}
	g := newPaddedGrid(image.Shape)
	if g.len() >= math.MaxInt32 {
		return fmt.Errorf("%s: image of %dx%dx%d pixels is too large (at most 2^31 with the edge frame)", op, g.nz, g.ny, g.nx)
	}
	if len(image.Data) == 0 {
		return nil
	}
	spots := skimageGaussian(image, p.SpotSigma)
	outline := skimageGaussian(image, p.OutlineSigma)
	t, err := otsuThreshold(outline, 256)
	if err != nil {
		return fmt.Errorf("%s: outline blur: %w", op, err)
	}
	maxima := skLocalMaxima(spots, image.Shape)
	seeds := make([]float32, len(spots))
	for i := range seeds {
		if maxima[i] && outline[i] > t {
			seeds[i] = 1
		}
	}
	labels := LabelArray{Shape: image.Shape, Data: dst.Data}
	if err := Label(labels, Array{Shape: image.Shape, Data: seeds}, LabelParams{Connectivity: len(image.Shape)}); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	w := newWSFlood(g, 1)
	fg := make([]float32, len(outline))
	for i, v := range outline {
		fg[i] = bitF32(v > t)
	}
	w.load(fg, labels.Data, func(i int) bool { return fg[i] != 0 })
	w.run()
	w.store(dst.Data)
	return nil
}

// skimageGaussian is skimage.filters.gaussian(image, sigma) of scikit-image 0.19 for a
// float32 image: scipy.ndimage.gaussian_filter with mode nearest and truncate 4 on every
// axis, with scipy's weights and folding.
func skimageGaussian(image Array, sigma float64) []float32 {
	out := append([]float32(nil), image.Data...)
	if sigma <= 1e-15 {
		return out
	}
	w := scipyGaussianWeights(sigma, int(4*sigma+0.5))
	for axis := range image.Shape {
		separablePass(out, out, image.Shape, axis, len(w)/2, Nearest, 0, symmetricCorrelate(w))
	}
	return out
}

// Flags of localMaxima, as skimage's _extrema_cy.
const (
	lmNotMaximum = iota
	lmQueued
	lmCandidate
	lmBorder
)

// localMaxima is skimage.morphology.local_maxima(image, allow_borders=True) of
// scikit-image 0.19 with full connectivity, step for step: the image is padded with its
// minimum (NaN if it has one), candidates are the pixels rising from the left whose run
// of equal values along x then falls, and each candidate's plateau (equal values, full
// connectivity) is a maximum unless a neighbour is higher or an equal neighbour is
// padding.
func skLocalMaxima(data []float32, shape []int) []bool {
	g := newPaddedGrid(shape)
	n := g.len()
	img := make([]float32, n)
	flags := make([]uint8, n)
	pad := data[0]
	for _, v := range data {
		if v != v {
			pad = v
			break
		}
		pad = min(pad, v)
	}
	for i := range img {
		img[i] = pad
		flags[i] = lmBorder
	}
	for r := 0; r < g.nz*g.ny; r++ {
		base := g.row(r/g.ny, r%g.ny)
		copy(img[base:base+g.nx], data[r*g.nx:])
		for x := 0; x < g.nx; x++ {
			flags[base+x] = lmNotMaximum
		}
	}
	// Candidates along the last dimension (_mark_candidates_in_last_dimension).
	for i := 1; i < n; {
		if img[i-1] < img[i] && flags[i] != lmBorder {
			j := i + 1
			for img[i] == img[j] && flags[j] != lmBorder {
				j++
			}
			if img[i] > img[j] {
				for k := i; k < j; k++ {
					flags[k] = lmCandidate
				}
			}
			i = j
		} else {
			i++
		}
	}
	offs := g.neighbours(g.rank, false)
	var queue, history []int
	for i := range flags {
		if flags[i] != lmCandidate {
			continue
		}
		height := img[i]
		isMax := true
		queue = append(queue[:0], i)
		history = append(history[:0], i)
		flags[i] = lmQueued
		for len(queue) > 0 {
			c := queue[len(queue)-1]
			queue = queue[:len(queue)-1]
			for _, o := range offs {
				k := c + o
				switch v := img[k]; {
				case v == height:
					if flags[k] == lmBorder {
						isMax = false
					} else if flags[k] != lmQueued {
						flags[k] = lmQueued
						queue = append(queue, k)
						history = append(history, k)
					}
				case v > height:
					isMax = false
				}
			}
		}
		if !isMax {
			for _, k := range history {
				flags[k] = lmNotMaximum
			}
		}
	}
	out := make([]bool, len(data))
	for r := 0; r < g.nz*g.ny; r++ {
		base := g.row(r/g.ny, r%g.ny)
		for x := 0; x < g.nx; x++ {
			out[r*g.nx+x] = flags[base+x] == lmQueued
		}
	}
	return out
}
