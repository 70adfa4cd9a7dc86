package gpu

import (
	"math"

	"github.com/kernreg/kernreg/kernels/cpu"
)

var (
	srcLabels = source("labels.cl")

	kMaskLabel       = kernel(srcLabels, "mask_label", Buf, Int, Buf, Int, Buf, Int, Int, Int)
	kFindBoundaries  = kernel(srcLabels, "find_boundaries", Buf, Int, Buf, Int, Int, Int, Int, Buf, Int, Int, Int, Int)
	kBorderRoots     = kernel(srcLabels, "border_roots", Buf, Buf, Int, Buf, Int, Int, Int, Int, Int)
	kClearBorder     = kernel(srcLabels, "clear_border", Buf, Int, Buf, Int, Buf, Buf, Int, Int)
	kLabelMaxPartial = kernel(srcLabels, "label_max_partial", Buf, Int, Int, Buf, Int)
	kLabelCount      = kernel(srcLabels, "label_count", Buf, Buf, Int, Int)
	kDenseKeep       = kernel(srcLabels, "dense_keep", Buf, Int, Int, Int)
	kDenseMap        = kernel(srcLabels, "dense_map", Buf, Int, Buf, Int, Buf, Int, Int)
	kSparseKeep      = kernel(srcLabels, "sparse_keep", Buf, Buf, Int, Int, Int)
	kSparseMap       = kernel(srcLabels, "sparse_map", Buf, Int, Buf, Int, Buf, Buf, Int, Int)
)

// MaskLabel keeps the image where the label image equals label and writes 0 elsewhere,
// as cpu.MaskLabel.
//
//kernreg:op name=mask_label tags=combine,mask,label ref="numpy.where(label_map==label,image,0)" slices=independent
func MaskLabel(dst, image Array, labelMap LabelArray, p cpu.MaskLabelParams) error {
	const op = "mask_label"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	if err := checkPair(op, image.View, labelMap.View); err != nil {
		return err
	}
	if err := p.Check(op); err != nil {
		return err
	}
	n := dst.Len()
	return kMaskLabel.Launch(dst.Dev(), []int{n}, dst.Buf, dst.Off, image.Buf, image.Off, labelMap.Buf, labelMap.Off,
		n, int(int32(uint32(p.Label))))
}

// FindBoundaries marks the boundaries between labels with 1 (float32 0/1), as
// cpu.FindBoundaries and skimage.segmentation.find_boundaries(labels, connectivity,
// mode, background) of scikit-image 0.19: a thick boundary pixel sees more than one
// label value in its generate_binary_structure(rank, connectivity) neighbourhood (cut
// at the image edge); inner keeps those that are not background; outer keeps those that
// are background or touch another label in the full neighbourhood. One work item per
// pixel.
//
//kernreg:op name=find_boundaries tags=labeling,segmentation,edges ref=skimage.segmentation.find_boundaries slices=coupled
func FindBoundaries(dst Array, labels LabelArray, p cpu.FindBoundariesParams) error {
	const op = "find_boundaries"
	if err := checkPair(op, dst.View, labels.View); err != nil {
		return err
	}
	rank := len(labels.Shape)
	if err := p.Check(op, rank); err != nil {
		return err
	}
	mode := map[string]int{"": 0, "thick": 0, "inner": 1, "outer": 2}[p.Mode]
	conn, full := binaryStructure(rank, p.Connectivity), binaryStructure(rank, rank)
	offs, err := offsetBuffer(dst.Dev(), op, append(conn[:len(conn):len(conn)], full...))
	if err != nil {
		return err
	}
	defer offs.Release()
	z, y, x := labels.dims3()
	return kFindBoundaries.Launch(dst.Dev(), grid3(labels.View), dst.Buf, dst.Off, labels.Buf, labels.Off, z, y, x,
		offs, len(conn), len(full), mode, int(int32(uint32(p.Background))))
}

// ClearBorder removes the objects that touch the image border, as cpu.ClearBorder and
// skimage.segmentation.clear_border(labels, buffer_size, bgval) of scikit-image 0.19:
// objects are the connected components of equal label under full connectivity, found
// on the device by union-find (see Label); the border pixels mark their objects' roots,
// and every pixel of a marked object becomes bgval, as does all background when the
// border zone holds background.
//
//kernreg:op name=clear_border tags=labeling,segmentation ref=skimage.segmentation.clear_border slices=coupled
func ClearBorder(dst, labels LabelArray, p cpu.ClearBorderParams) error {
	const op = "clear_border"
	if err := checkPair(op, dst.View, labels.View); err != nil {
		return err
	}
	if err := p.Check(op, labels.Shape); err != nil {
		return err
	}
	dev := dst.Dev()
	n := labels.Len()
	forest, err := scratch(dev, op, n)
	if err != nil {
		return err
	}
	defer forest.Release()
	fv := View{Buf: forest, Shape: labels.Shape}
	if err := kUFInitLabels.Launch(dev, []int{n}, forest, 0, labels.Buf, labels.Off, n); err != nil {
		return err
	}
	if err := joinComponents(op, fv, labels.View, true, false, binaryStructure(len(labels.Shape), len(labels.Shape))); err != nil {
		return err
	}
	flags, err := scratch(dev, op, n+1)
	if err != nil {
		return err
	}
	defer flags.Release()
	if err := dev.Fill32(flags, 0, 0, int64(n+1)); err != nil {
		return err
	}
	z, y, x := labels.dims3()
	if err := kBorderRoots.Launch(dev, grid3(labels.View), flags, labels.Buf, labels.Off, forest,
		len(labels.Shape), z, y, x, p.BufferSize+1); err != nil {
		return err
	}
	return kClearBorder.Launch(dev, []int{n}, dst.Buf, dst.Off, labels.Buf, labels.Off, forest, flags, n,
		int(int32(uint32(p.Bgval))))
}

// RelabelSequential renumbers the labels consecutively from offset in increasing order
// of their values, keeping 0 as 0, as cpu.RelabelSequential and
// skimage.segmentation.relabel_sequential(labels, offset)[0]. A result label above
// 2^32-1 is an error. The label map is built on the device (see relabel).
//
//kernreg:op name=relabel_sequential tags=labeling,segmentation ref=skimage.segmentation.relabel_sequential slices=coupled
func RelabelSequential(dst, labels LabelArray, p cpu.RelabelParams) error {
	const op = "relabel_sequential"
	if err := checkPair(op, dst.View, labels.View); err != nil {
		return err
	}
	if err := p.Check(op); err != nil {
		return err
	}
	return relabel(op, dst.View, labels.View, 1, math.MaxInt32, uint32(p.Offset), func(n uint32) error {
		return p.CheckCount(op, uint64(n))
	})
}

// RemoveSmallLabels removes every label with fewer than minimum_size pixels (voxels) and
// renumbers the rest consecutively from 1 in increasing order of their values, as
// cpu.RemoveSmallLabels (clesperanto's remove_small_labels); a label of exactly
// minimum_size pixels stays. Counts and renumbering are on the device (see relabel).
//
//kernreg:op name=remove_small_labels tags=labeling,segmentation,filter ref=pyclesperanto.remove_small_labels slices=coupled
func RemoveSmallLabels(dst, labels LabelArray, p cpu.SizeParamsMin) error {
	const op = "remove_small_labels"
	if err := checkPair(op, dst.View, labels.View); err != nil {
		return err
	}
	if err := p.Check(op); err != nil {
		return err
	}
	// count >= m for an integer count is count >= ceil(m); a bound beyond every count
	// keeps nothing.
	lo, hi := 0, math.MaxInt32
	if m := math.Ceil(p.MinimumSize); m > float64(labels.Len()) {
		lo, hi = 1, 0
	} else if m > 0 {
		lo = int(m)
	}
	return relabel(op, dst.View, labels.View, lo, hi, 1, nil)
}

// RemoveLargeLabels removes every label with more than maximum_size pixels (voxels) and
// renumbers the rest consecutively from 1 in increasing order of their values, as
// cpu.RemoveLargeLabels (clesperanto's remove_large_labels); a label of exactly
// maximum_size pixels stays. Counts and renumbering are on the device (see relabel).
//
//kernreg:op name=remove_large_labels tags=labeling,segmentation,filter ref=pyclesperanto.remove_large_labels slices=coupled
func RemoveLargeLabels(dst, labels LabelArray, p cpu.SizeParamsMax) error {
	const op = "remove_large_labels"
	if err := checkPair(op, dst.View, labels.View); err != nil {
		return err
	}
	if err := p.Check(op); err != nil {
		return err
	}
	// count <= m for an integer count is count <= floor(m).
	hi := math.Floor(p.MaximumSize)
	hi = max(min(hi, float64(labels.Len())), -1)
	return relabel(op, dst.View, labels.View, 0, int(hi), 1, nil)
}

// relabel maps every nonzero label of src whose pixel count is in [lo, hi] to base plus
// the number of such labels below it, and every other pixel to 0, writing dst. check,
// when set, sees the number of kept labels before anything is written.
//
// The distinct labels come from a dense table of per-value counts (atomic increments)
// when the largest label is small against the image, as in kernels/cpu's labelMap, else
// from a bitonic sort of the labels, where a label's count is the length of its run. The
// kept labels are flagged and ranked by an exclusive scan. Host steps: the largest label
// (from at most 1024 device partial maxima) picks the table, and with check the number of
// kept labels is read back.
func relabel(op string, dst, src View, lo, hi int, base uint32, check func(n uint32) error) error {
	dev := dst.Dev()
	n := src.Len()
	top, err := labelMax(op, src)
	if err != nil {
		return err
	}
	if uint64(top) <= 4*uint64(n)+(1<<16) && uint64(top)+2 <= math.MaxInt32 {
		m := int(top) + 1 // labels 0..top
		ranks, err := scratch(dev, op, m+1)
		if err != nil {
			return err
		}
		defer ranks.Release()
		if err := dev.Fill32(ranks, 0, 0, int64(m+1)); err != nil {
			return err
		}
		if err := kLabelCount.Launch(dev, []int{n}, ranks, src.Buf, src.Off, n); err != nil {
			return err
		}
		if err := kDenseKeep.Launch(dev, []int{m + 1}, ranks, m, lo, hi); err != nil {
			return err
		}
		if err := scanChecked(op, ranks, m+1, check); err != nil {
			return err
		}
		return kDenseMap.Launch(dev, []int{n}, dst.Buf, dst.Off, src.Buf, src.Off, ranks, n, int(int32(base)))
	}
	sorted, err := sortLabels(op, src)
	if err != nil {
		return err
	}
	defer sorted.Release()
	ranks, err := scratch(dev, op, n+1)
	if err != nil {
		return err
	}
	defer ranks.Release()
	if err := kSparseKeep.Launch(dev, []int{n + 1}, ranks, sorted, n, lo, hi); err != nil {
		return err
	}
	if err := scanChecked(op, ranks, n+1, check); err != nil {
		return err
	}
	return kSparseMap.Launch(dev, []int{n}, dst.Buf, dst.Off, src.Buf, src.Off, sorted, ranks, n, int(int32(base)))
}

// scanChecked scans the m flags of b (the last one 0) and, with check, passes it the
// total: the scan's last element.
func scanChecked(op string, b Buffer, m int, check func(n uint32) error) error {
	if err := exclusiveScan(op, b, m); err != nil {
		return err
	}
	if check == nil {
		return nil
	}
	var total [1]uint32
	if err := Download(b, m-1, total[:]); err != nil {
		return err
	}
	return check(total[0])
}

// labelMax is the largest label of v: partial maxima on the device, at most rangeItems
// of them combined on the host.
func labelMax(op string, v View) (uint32, error) {
	dev := v.Dev()
	n := v.Len()
	items := min(n, rangeItems)
	part, err := scratch(dev, op, items)
	if err != nil {
		return 0, err
	}
	defer part.Release()
	if err := kLabelMaxPartial.Launch(dev, []int{items}, v.Buf, v.Off, n, part, items); err != nil {
		return 0, err
	}
	parts := make([]uint32, items)
	if err := Download(part, 0, parts); err != nil {
		return 0, err
	}
	var top uint32
	for _, p := range parts {
		top = max(top, p)
	}
	return top, nil
}

// sortLabels returns a new buffer with the labels of v in increasing order, padded with
// 2^32-1 to a power of two.
func sortLabels(op string, v View) (Buffer, error) {
	s, _, err := sortedCopy(op, v.Buf, v.Off, v.Len(), math.MaxUint32, false)
	return s, err
}
