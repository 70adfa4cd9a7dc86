// Package measure computes per-label measurements of label images as tables, the way
// skimage.measure.regionprops_table does.
//
// Regions gives one row per label present (in increasing label order, 0 is background)
// with skimage's column names and values: label, area (pixel count), centroid-k (the
// mean coordinate along axis k), bbox-k (the first index along each axis, then one past
// the last, skimage's convention) and, with an intensity image, intensity_mean,
// intensity_min and intensity_max. Axes are numbered in array order: (y, x) for a plane,
// (z, y, x) for a volume. Values match scikit-image 0.19 exactly: centroids are exact
// integer sums divided in float64, and the intensity mean is numpy's float32 mean
// (pairwise sums in numpy's order over the region's pixels in raster order); a NaN in a
// region makes its mean, minimum and maximum NaN.
package measure

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/kernreg/kernreg/internal/npmath"
	"github.com/kernreg/kernreg/registry"
)

// Table is a table of float64 values: one name per column, rows of len(Columns) values.
type Table struct {
	Columns []string
	Rows    [][]float64
}

// Column returns the values of the named column, or nil if there is none.
func (t *Table) Column(name string) []float64 {
	k := slices.Index(t.Columns, name)
	if k < 0 {
		return nil
	}
	out := make([]float64, len(t.Rows))
	for i, r := range t.Rows {
		out[i] = r[k]
	}
	return out
}

// WriteCSV writes the table as CSV: a header of the column names, then one line per
// row. Integral values below 2^53 are written as integers, others in the shortest form
// that reads back as the same float64 (NaN as NaN, infinities as +Inf and -Inf).
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, r := range t.Rows {
		if len(r) != len(t.Columns) {
			return fmt.Errorf("measure: row of %d values for %d columns", len(r), len(t.Columns))
		}
		for k, v := range r {
			rec[k] = formatValue(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func formatValue(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// region accumulates one label's measurements.
type region struct {
	label      uint32
	area       int64
	sum        [3]int64 // coordinate sums, axes (z, y, x)
	lo, hi     [3]int   // bounding box, hi inclusive
	start      int      // first index of the region's values in the grouped intensities
	mean       float32
	vmin, vmax float32
}

// Regions measures every label of a host uint32 label image (2D or 3D), with the
// intensity statistics of a host float32 image of the same shape when intensity is not
// nil. See the package doc for the columns.
func Regions(labels *registry.Array, intensity *registry.Array) (*Table, error) {
	if labels == nil {
		return nil, fmt.Errorf("measure: no label image")
	}
	lab, err := labels.Uint32s()
	if err != nil {
		return nil, fmt.Errorf("measure: labels: %w (convert with registry.ConvertDType and registry.To)", err)
	}
	shape := labels.Shape()
	rank := len(shape)
	var val []float32
	if intensity != nil {
		if val, err = intensity.Float32s(); err != nil {
			return nil, fmt.Errorf("measure: intensity: %w (convert with registry.ConvertDType and registry.To)", err)
		}
		if !intensity.Shape().Equal(shape) {
			return nil, fmt.Errorf("measure: intensity image %v does not match the label image %v", intensity.Shape(), shape)
		}
	}
	nz, ny, nx := 1, shape[rank-2], shape[rank-1]
	if rank == 3 {
		nz = shape[0]
	}

	// Regions in label order, and each pixel's region (-1 for background).
	index, regions := indexLabels(lab)
	rid := func(i int) int32 { return index(lab[i]) }
	for r := range regions {
		regions[r].lo = [3]int{math.MaxInt, math.MaxInt, math.MaxInt}
		regions[r].hi = [3]int{-1, -1, -1}
	}
	i := 0
	for z := 0; z < nz; z++ {
		for y := 0; y < ny; y++ {
			for x := 0; x < nx; x++ {
				if r := rid(i); r >= 0 {
					g := &regions[r]
					g.area++
					c := [3]int{z, y, x}
					for k, v := range c {
						g.sum[k] += int64(v)
						g.lo[k] = min(g.lo[k], v)
						g.hi[k] = max(g.hi[k], v)
					}
				}
				i++
			}
		}
	}
	if val != nil {
		intensityStats(regions, val, rid)
	}

	t := &Table{Columns: []string{"label", "area"}}
	axes := []int{1, 2} // indices into (z, y, x)
	if rank == 3 {
		axes = []int{0, 1, 2}
	}
	for k := range axes {
		t.Columns = append(t.Columns, fmt.Sprintf("centroid-%d", k))
	}
	for k := 0; k < 2*rank; k++ {
		t.Columns = append(t.Columns, fmt.Sprintf("bbox-%d", k))
	}
	if val != nil {
		t.Columns = append(t.Columns, "intensity_mean", "intensity_min", "intensity_max")
	}
	t.Rows = make([][]float64, len(regions))
	for r, g := range regions {
		row := make([]float64, 0, len(t.Columns))
		row = append(row, float64(g.label), float64(g.area))
		for _, a := range axes {
			row = append(row, float64(g.sum[a])/float64(g.area))
		}
		for _, a := range axes {
			row = append(row, float64(g.lo[a]))
		}
		for _, a := range axes {
			row = append(row, float64(g.hi[a]+1))
		}
		if val != nil {
			row = append(row, float64(g.mean), float64(g.vmin), float64(g.vmax))
		}
		t.Rows[r] = row
	}
	return t, nil
}

// indexLabels returns the labels present (without 0) as regions in increasing order and
// a function mapping a label to its region number (-1 for 0): a dense table when the
// largest label is small against the image, else binary search in the sorted labels.
func indexLabels(lab []uint32) (func(uint32) int32, []region) {
	var top uint32
	for _, v := range lab {
		top = max(top, v)
	}
	if uint64(top) <= 4*uint64(len(lab))+(1<<16) {
		dense := make([]int32, int(top)+1)
		for _, v := range lab {
			dense[v] = 1
		}
		var regions []region
		for l := range dense {
			if l != 0 && dense[l] != 0 {
				dense[l] = int32(len(regions))
				regions = append(regions, region{label: uint32(l)})
				continue
			}
			dense[l] = -1
		}
		return func(v uint32) int32 { return dense[v] }, regions
	}
	keys := slices.Clone(lab)
	slices.Sort(keys)
	keys = slices.Compact(keys)
	if keys[0] == 0 {
		keys = keys[1:]
	}
	regions := make([]region, len(keys))
	for r, l := range keys {
		regions[r].label = l
	}
	return func(v uint32) int32 {
		if v == 0 {
			return -1
		}
		r, _ := slices.BinarySearch(keys, v)
		return int32(r)
	}, regions
}

// intensityStats groups the intensities by region (a counting sort that keeps raster
// order within each region) and takes numpy's float32 mean, min and max of each group.
func intensityStats(regions []region, val []float32, rid func(int) int32) {
	start := 0
	for r := range regions {
		regions[r].start = start
		start += int(regions[r].area)
	}
	grouped := make([]float32, start)
	next := make([]int, len(regions))
	for r := range regions {
		next[r] = regions[r].start
	}
	for i, v := range val {
		if r := rid(i); r >= 0 {
			grouped[next[r]] = v
			next[r]++
		}
	}
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := w; r < len(regions); r += workers {
				g := &regions[r]
				vals := grouped[g.start : g.start+int(g.area)]
				g.mean = npmath.Mean32(vals)
				g.vmin, g.vmax = vals[0], vals[0]
				for _, v := range vals {
					switch {
					case v != v || g.vmin != g.vmin:
						g.vmin, g.vmax = float32(math.NaN()), float32(math.NaN())
					case v < g.vmin:
						g.vmin = v
					case v > g.vmax:
						g.vmax = v
					}
				}
			}
		}()
	}
	wg.Wait()
}
