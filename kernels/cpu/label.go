package cpu

import (
	"slices"
	"sort"
	"sync"
)

// LabelParams are the parameters of Label.
type LabelParams struct {
	// Which neighbours touch: those at most this many orthogonal steps away,
	// scipy.ndimage.generate_binary_structure(rank, connectivity). In 2D 1 is
	// 4-connected and 2 is 8-connected; in 3D 1, 2 and 3 are 6-, 18- and 26-connected.
	Connectivity int `default:"1" min:"1" max:"3"`
}

// Label numbers the connected components of the foreground (nonzero pixels, NaN
// included) 1..N, background 0. Components are numbered in raster (C) order of their
// first pixel, exactly as scipy.ndimage.label numbers them with the structure
// generate_binary_structure(rank, connectivity). It is a two-pass union-find over the
// pixels, O(n): slabs of planes (rows of a 2D image) are labelled in parallel and their
// seams merged afterwards.
//
//kernreg:op name=label tags=labeling,segmentation ref=scipy.ndimage.label slices=coupled
func Label(dst LabelArray, image Array, p LabelParams) error {
	const op = "label"
	if err := checkData(op, image.Shape, len(image.Data)); err != nil {
		return err
	}
	if err := checkData(op, dst.Shape, len(dst.Data)); err != nil {
		return err
	}
	if err := sameShape(op, image.Shape, dst.Shape); err != nil {
		return err
	}
	if err := checkConnectivity(op, p.Connectivity, len(image.Shape)); err != nil {
		return err
	}
	g := newPaddedGrid(image.Shape)
	if err := g.check(op); err != nil {
		return err
	}
	if len(image.Data) == 0 {
		return nil
	}
	l := labeller{paddedGrid: g, fg: make([]bool, g.len()), parent: make([]uint32, g.len())}
	l.split(g.neighbours(p.Connectivity, true))
	l.load(image.Data)
	l.run(dst.Data)
	return nil
}

// labeller is union-find over the padded indices of the foreground pixels. A set's root
// is always its smallest index, i.e. its first pixel in raster order, so numbering the
// roots in index order numbers the components as scipy does.
type labeller struct {
	paddedGrid
	fg     []bool   // foreground, padded with a background frame
	parent []uint32 // union-find forest over foreground pixels
	// Backward neighbour offsets: within the outer plane (z plane of a volume, row of a
	// plane), within it and into the previous one, and only into the previous one.
	first, both, seam neighbourList
	slabPixels        int // see minSlabPixels
}

// outer is the number of outer planes: z planes of a volume, rows of a plane.
func (l *labeller) outer() int {
	if l.rank == 3 {
		return l.nz
	}
	return l.ny
}

// rowsEnd is the first image row after outer plane b-1.
func (l *labeller) rowsEnd(b int) int {
	_, hi := l.rows(b-1, b)
	return hi
}

// rows returns the image rows [lo, hi) that make up outer planes [a, b).
func (l *labeller) rows(a, b int) (lo, hi int) {
	if l.rank == 3 {
		return a * l.ny, b * l.ny
	}
	return a, b
}

// neighbourList is a list of backward neighbour offsets, and the shorter list that
// suffices when the pixel to the left is foreground: that pixel was scanned with the
// same list, so every q = i+o with o+1 in the list is already in its set, and i joins
// it through o = -1 (or, in a seam scan, was joined to it in pass 1).
type neighbourList struct {
	all, afterLeft []int
}

func (g paddedGrid) neighbourList(offs []int) neighbourList {
	nl := neighbourList{all: offs, afterLeft: offs}
	if g.px < 4 {
		return nl // o+1 could name another neighbour; the left pixel is frame anyway
	}
	nl.afterLeft = nil
	for _, o := range offs {
		if !slices.Contains(offs, o+1) {
			nl.afterLeft = append(nl.afterLeft, o)
		}
	}
	return nl
}

// split sorts the backward offsets into those within an outer plane and those into the
// previous one. An offset into the previous plane is below -plane/2 and one within the
// plane is not, because a padded plane spans at least 3 rows (3D) or columns (2D).
func (l *labeller) split(offs []int) {
	plane := l.px // a row is the outer plane of a 2D image
	if l.rank == 3 {
		plane = l.py * l.px
	}
	var same, prev []int
	for _, o := range offs {
		if o < -(plane / 2) {
			prev = append(prev, o)
		} else {
			same = append(same, o)
		}
	}
	l.first = l.neighbourList(same)
	l.both = l.neighbourList(offs)
	l.seam = l.neighbourList(prev)
}

func (l *labeller) load(src []float32) {
	parallel(l.nz*l.ny, max(1, 16384/l.nx), func(lo, hi int) {
		for r := lo; r < hi; r++ {
			in := src[r*l.nx : (r+1)*l.nx]
			out := l.fg[l.row(r/l.ny, r%l.ny):][:l.nx]
			for x, v := range in {
				out[x] = v != 0
			}
		}
	})
}

func (l *labeller) find(i uint32) uint32 {
	p := l.parent
	for p[i] != i {
		p[i] = p[p[i]] // path halving
		i = p[i]
	}
	return i
}

// scan unions each foreground pixel of image rows [lo, hi) with its backward neighbours
// in nl; init makes each pixel a set of its own first. The root of the pixel's set is
// carried along, so each neighbour costs one find.
func (l *labeller) scan(lo, hi int, nl neighbourList, init bool) {
	fg, parent := l.fg, l.parent
	for r := lo; r < hi; r++ {
		base := l.row(r/l.ny, r%l.ny)
		for i := base; i < base+l.nx; i++ {
			if !fg[i] {
				continue
			}
			root := uint32(i)
			if init {
				parent[i] = root
			} else {
				root = l.find(root)
			}
			offs := nl.all
			if fg[i-1] {
				offs = nl.afterLeft
			}
			for _, o := range offs {
				if !fg[i+o] {
					continue
				}
				// Link the larger root under the smaller: a root stays its set's
				// first pixel.
				switch rq := l.find(uint32(i + o)); {
				case rq < root:
					parent[root] = rq
					root = rq
				case rq > root:
					parent[rq] = root
				}
			}
		}
	}
}

// flatten points every foreground pixel of image rows [lo, hi) straight at its root. In
// raster order each pixel's parent (an earlier pixel) is already flattened, so one step
// suffices; the rows must hold every pixel their sets contain.
func (l *labeller) flatten(lo, hi int) {
	fg, parent := l.fg, l.parent
	for r := lo; r < hi; r++ {
		base := l.row(r/l.ny, r%l.ny)
		for i := base; i < base+l.nx; i++ {
			if fg[i] {
				parent[i] = parent[parent[i]]
			}
		}
	}
}

// slab is a run of outer planes labelled by one goroutine, and its component count.
type slab struct {
	lo, hi int // outer planes
	roots  uint32
}

// run labels the image into dst (image indexed).
func (l *labeller) run(dst []uint32) {
	n := l.outer()
	perPlane := l.nx
	if l.rank == 3 {
		perPlane *= l.ny
	}
	var (
		mu    sync.Mutex
		slabs []slab
	)
	// Pass 1: each slab on its own; the union-find only touches the slab's pixels.
	parallel(n, max(1, l.minSlabPixels()/perPlane), func(a, b int) {
		lo, hi := l.rows(a, a+1)
		l.scan(lo, hi, l.first, true)
		l.scan(hi, l.rowsEnd(b), l.both, true)
		l.flatten(lo, l.rowsEnd(b))
		mu.Lock()
		slabs = append(slabs, slab{lo: a, hi: b})
		mu.Unlock()
	})
	sort.Slice(slabs, func(i, j int) bool { return slabs[i].lo < slabs[j].lo })
	// Seams: the first plane of every slab but the first meets the plane before it.
	for _, s := range slabs[1:] {
		lo, hi := l.rows(s.lo, s.lo+1)
		l.scan(lo, hi, l.seam, false)
	}
	// Pass 2, by slab in parallel: (a) every foreground pixel's root into dst and each
	// slab's roots counted; (b) roots numbered in raster order, slab offsets from a
	// prefix sum, the number kept in the root's parent entry (no longer needed); (c) dst
	// mapped from roots to numbers. Padded index 0 is frame, so 0 marks background.
	rowsOf := func(k int) (int, int) { return l.rows(slabs[k].lo, slabs[k].hi) }
	fg, parent := l.fg, l.parent
	parallelSlabs(slabs, func(k int) {
		var c uint32
		lo, hi := rowsOf(k)
		for r := lo; r < hi; r++ {
			base := l.row(r/l.ny, r%l.ny)
			out := dst[r*l.nx : (r+1)*l.nx]
			for x := range out {
				i := uint32(base + x)
				if !fg[i] {
					out[x] = 0
					continue
				}
				root := parent[i]
				for parent[root] != root {
					root = parent[root]
				}
				out[x] = root
				if root == i {
					c++
				}
			}
		}
		slabs[k].roots = c
	})
	next := make([]uint32, len(slabs))
	var total uint32
	for k, s := range slabs {
		next[k] = total
		total += s.roots
	}
	parallelSlabs(slabs, func(k int) {
		c := next[k]
		lo, hi := rowsOf(k)
		for r := lo; r < hi; r++ {
			base := uint32(l.row(r/l.ny, r%l.ny))
			for x, root := range dst[r*l.nx : (r+1)*l.nx] {
				if root == base+uint32(x) {
					c++
					parent[root] = c
				}
			}
		}
	})
	parallelSlabs(slabs, func(k int) {
		lo, hi := rowsOf(k)
		out := dst[lo*l.nx : hi*l.nx]
		for x, root := range out {
			if root != 0 {
				out[x] = parent[root]
			}
		}
	})
}

// minSlabPixels is the fewest pixels a slab of pass 1 gets (tests lower it to exercise
// the seams on small images).
func (l *labeller) minSlabPixels() int {
	if l.slabPixels > 0 {
		return l.slabPixels
	}
	return 1 << 16
}

// parallelSlabs runs fn(k) for every slab on its own goroutine.
func parallelSlabs(slabs []slab, fn func(k int)) {
	if len(slabs) == 1 {
		fn(0)
		return
	}
	var wg sync.WaitGroup
	for k := range slabs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(k)
		}()
	}
	wg.Wait()
}
