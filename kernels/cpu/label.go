package cpu

import (
	"fmt"
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
// generate_binary_structure(rank, connectivity). Like scipy it works on runs of
// foreground pixels along X: runs are found in bands of rows in parallel, joined to the
// overlapping runs of the backward neighbour rows with union-find (in parallel within
// bands, then across band seams), and numbered in one pass over the runs.
//
//kernreg:op name=label tags=labeling,segmentation ref=scipy.ndimage.label slices=coupled
func Label(dst LabelArray, image Array, p LabelParams) error {
	const op = "label"
	if err := checkDims(op, image.Shape, len(image.Data), dst.Shape, len(dst.Data)); err != nil {
		return err
	}
	if err := CheckConnectivity(op, p.Connectivity, len(image.Shape)); err != nil {
		return err
	}
	if len(image.Data) >= 1<<32 {
		return fmt.Errorf("%s: image of %d pixels is too large (at most 2^32)", op, len(image.Data))
	}
	labelRuns(dst.Data, image.Data, image.Shape, p.Connectivity, 0, false)
	return nil
}

// rowLink is a backward neighbour row of a row: dz planes and dy rows away, joining runs
// that overlap after widening by ext pixels (1 when diagonal steps along X are in the
// structure, else 0).
type rowLink struct{ dz, dy, ext int }

// rowLinks lists the backward neighbour rows of generate_binary_structure(rank, conn):
// an offset (dz, dy) with k nonzero steps is a neighbour when k <= conn, and touches
// diagonally along X when k+1 <= conn.
func rowLinks(rank, conn int) []rowLink {
	var out []rowLink
	offs := [][2]int{{0, -1}}
	if rank == 3 {
		offs = append(offs, [2]int{-1, -1}, [2]int{-1, 0}, [2]int{-1, 1})
	}
	for _, o := range offs {
		k := abs(o[0]) + abs(o[1])
		if k > conn {
			continue
		}
		ext := 0
		if k+1 <= conn {
			ext = 1
		}
		out = append(out, rowLink{dz: o[0], dy: o[1], ext: ext})
	}
	return out
}

// runs holds the foreground runs [start, end) of every row, in raster order: the runs of
// row r are indices rowStart[r] to rowStart[r+1]-1. parent is the union-find forest over
// runs; a root is always its set's smallest index, the run holding the component's first
// pixel in raster order.
type runs struct {
	nz, ny, nx int
	rowStart   []uint32
	start, end []int32
	parent     []uint32
}

// labelRuns labels the nonzero pixels of src (with invert, the zero pixels) into dst.
// minBand is the fewest rows a parallel band gets (0: a size that pays; tests pass 1 to
// put a seam after every row).
func labelRuns(dst []uint32, src []float32, shape []int, conn, minBand int, invert bool) {
	nz, ny, nx := dims3(shape)
	rows := nz * ny
	if minBand <= 0 {
		minBand = max(1, (1<<16)/nx)
	}
	r := &runs{nz: nz, ny: ny, nx: nx, rowStart: make([]uint32, rows+1)}
	type band struct {
		lo, hi     int
		start, end []int32
	}
	var (
		mu    sync.Mutex
		bands []band
	)
	// Find the runs of each band; rowStart[y+1] counts row y's runs for now.
	parallel(rows, minBand, func(lo, hi int) {
		b := band{lo: lo, hi: hi}
		for y := lo; y < hi; y++ {
			line := src[y*nx : (y+1)*nx]
			n := len(b.start)
			for x := 0; x < nx; x++ {
				if (line[x] == 0) != invert {
					continue
				}
				s := x
				for x < nx && (line[x] != 0) != invert {
					x++
				}
				b.start = append(b.start, int32(s))
				b.end = append(b.end, int32(x))
			}
			r.rowStart[y+1] = uint32(len(b.start) - n)
		}
		mu.Lock()
		bands = append(bands, b)
		mu.Unlock()
	})
	sort.Slice(bands, func(i, j int) bool { return bands[i].lo < bands[j].lo })
	for y := range rows {
		r.rowStart[y+1] += r.rowStart[y]
	}
	total := r.rowStart[rows]
	r.start, r.end, r.parent = make([]int32, total), make([]int32, total), make([]uint32, total)
	links := rowLinks(len(shape), conn)
	// Join runs within each band, then across the seams between bands.
	parallelBands(len(bands), func(k int) {
		b := bands[k]
		at := r.rowStart[b.lo]
		copy(r.start[at:], b.start)
		copy(r.end[at:], b.end)
		for i := at; i < r.rowStart[b.hi]; i++ {
			r.parent[i] = i
		}
		for y := b.lo; y < b.hi; y++ {
			r.joinRow(y, links, b.lo)
		}
	})
	for _, b := range bands[1:] {
		// Only rows within a plane (and a row) of the seam reach back across it.
		for y := b.lo; y < min(b.hi, b.lo+ny+1); y++ {
			r.joinAcross(y, links, b.lo)
		}
	}
	// Number the roots in index order; a run's parent is an earlier run, already
	// numbered, so one pass turns parents into labels.
	var next uint32
	for i := range total {
		if p := r.parent[i]; p == i {
			next++
			r.parent[i] = next
		} else {
			r.parent[i] = r.parent[p]
		}
	}
	parallel(rows, minBand, func(lo, hi int) {
		for y := lo; y < hi; y++ {
			line := dst[y*nx : (y+1)*nx]
			x := 0
			for i := r.rowStart[y]; i < r.rowStart[y+1]; i++ {
				s, e := int(r.start[i]), int(r.end[i])
				clear(line[x:s])
				lab := r.parent[i]
				for j := s; j < e; j++ {
					line[j] = lab
				}
				x = e
			}
			clear(line[x:])
		}
	})
}

// neighbourRow returns the index of row y's neighbour row under link l, or -1.
func (r *runs) neighbourRow(y int, l rowLink) int {
	z, yy := y/r.ny, y%r.ny+l.dy
	if z+l.dz < 0 || yy < 0 || yy >= r.ny {
		return -1
	}
	return (z+l.dz)*r.ny + yy
}

// joinRow joins row y's runs to those of its neighbour rows at or after row lo.
func (r *runs) joinRow(y int, links []rowLink, lo int) {
	for _, l := range links {
		if n := r.neighbourRow(y, l); n >= lo {
			r.join(y, n, l.ext)
		}
	}
}

// joinAcross joins row y's runs to those of its neighbour rows before row lo.
func (r *runs) joinAcross(y int, links []rowLink, lo int) {
	for _, l := range links {
		if n := r.neighbourRow(y, l); n >= 0 && n < lo {
			r.join(y, n, l.ext)
		}
	}
}

// join unions the runs of rows a and b that overlap after widening by ext, walking both
// sorted run lists once.
func (r *runs) join(a, b, ext int) {
	i, iEnd := r.rowStart[a], r.rowStart[a+1]
	j, jEnd := r.rowStart[b], r.rowStart[b+1]
	e := int32(ext)
	for i < iEnd && j < jEnd {
		switch {
		case r.end[j]+e <= r.start[i]:
			j++
		case r.end[i]+e <= r.start[j]:
			i++
		default:
			r.union(i, j)
			// The run that ends first cannot touch the other's successor.
			if r.end[j] < r.end[i] {
				j++
			} else {
				i++
			}
		}
	}
}

func (r *runs) find(i uint32) uint32 {
	p := r.parent
	for p[i] != i {
		p[i] = p[p[i]]
		i = p[i]
	}
	return i
}

// union links the larger root under the smaller, so a root stays its set's first run.
func (r *runs) union(a, b uint32) {
	ra, rb := r.find(a), r.find(b)
	switch {
	case ra < rb:
		r.parent[rb] = ra
	case rb < ra:
		r.parent[ra] = rb
	}
}

// parallelBands runs fn(k) for k in [0, n) on its own goroutine each.
func parallelBands(n int, fn func(k int)) {
	if n == 1 {
		fn(0)
		return
	}
	var wg sync.WaitGroup
	for k := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(k)
		}()
	}
	wg.Wait()
}
