package gpu

import "github.com/kernreg/kernreg/kernels/cpu"

var (
	srcLabel = source("label.cl")

	kUFInitImage  = kernel(srcLabel, "uf_init_image", Buf, Int, Buf, Int, Int, Int)
	kUFInitLabels = kernel(srcLabel, "uf_init_labels", Buf, Int, Buf, Int, Int)
	kUFMerge      = kernel(srcLabel, "uf_merge", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Buf, Int)
	kUFCompress   = kernel(srcLabel, "uf_compress", Buf, Int, Int)
	kLabelRoots   = kernel(srcLabel, "label_roots", Buf, Int, Buf, Buf, Int, Int)
)

// Label numbers the connected components of the foreground (nonzero pixels, NaN
// included) 1..N, background 0, in raster (C) order of each component's first pixel,
// exactly as scipy.ndimage.label with generate_binary_structure(rank, connectivity) and
// cpu.Label number them. On the device: union-find with atomic linking (Playne and
// Hawick 2018) leaves every pixel pointing at its component's smallest index, the roots
// are flagged and numbered by an exclusive prefix sum, and each pixel takes its root's
// number. dst serves as the union-find forest, so the only scratch is the n+1 flags.
//
// GPU kernels index with int, so an image may have at most 2^31-1 pixels (the CPU's
// limit is 2^32).
//
//kernreg:op name=label tags=labeling,segmentation ref=scipy.ndimage.label slices=coupled
func Label(dst LabelArray, image Array, p cpu.LabelParams) error {
	const op = "label"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	if err := cpu.CheckConnectivity(op, p.Connectivity, len(image.Shape)); err != nil {
		return err
	}
	n := image.Len()
	_, _, x := image.dims3()
	if err := kUFInitImage.Launch(dst.Dev(), []int{n}, dst.Buf, dst.Off, image.Buf, image.Off, n, x); err != nil {
		return err
	}
	return components(op, dst.View, dst.View, false, true, binaryStructure(len(image.Shape), p.Connectivity))
}

// components finishes a union-find labelling of forest, whose pixels an init kernel
// has set to their own index or, with xlinked, to a pixel of their run along X
// (foreground), or NONE: it joins the components
// (joinComponents), then numbers them 1..N in raster order of their first pixels, in
// place: each block of scanBlock pixels ranks its roots (scan_blocks in root mode), the
// block totals are scanned, and each pixel adds its root's two parts.
func components(op string, forest, labels View, sameLabel, xlinked bool, structure [][3]int) error {
	if err := joinComponents(op, forest, labels, sameLabel, xlinked, structure); err != nil {
		return err
	}
	dev := forest.Dev()
	n := forest.Len()
	groups := (n + scanBlock - 1) / scanBlock
	ranks, err := scratch(dev, op, n)
	if err != nil {
		return err
	}
	defer ranks.Release()
	sums, err := scratch(dev, op, groups)
	if err != nil {
		return err
	}
	defer sums.Release()
	if err := kScanBlocks.LaunchLocal(dev, []int{groups * scanGroup}, []int{scanGroup}, ranks, n, sums, forest.Buf, forest.Off, 1); err != nil {
		return err
	}
	if err := exclusiveScan(op, sums, groups); err != nil {
		return err
	}
	return kLabelRoots.Launch(dev, []int{n}, forest.Buf, forest.Off, ranks, sums, scanBlock, n)
}

// joinComponents joins each pixel of forest with its neighbours at the structure's
// offsets (of equal value in labels with sameLabel; with xlinked not along X, which the
// init linked) and leaves every foreground pixel pointing at its root, the smallest
// index of its component.
func joinComponents(op string, forest, labels View, sameLabel, xlinked bool, structure [][3]int) error {
	dev := forest.Dev()
	// The offsets before the centre in raster order: the others join from their side.
	// The skipping in uf_merge relies on the joins along X, made by the offset (0, 0, -1)
	// or, with xlinked, already by the init (then the offset is left out).
	var half [][3]int
	xjoin := false
	for _, o := range structure[:len(structure)/2] {
		if o == [3]int{0, 0, -1} {
			xjoin = true
			if xlinked {
				continue
			}
		}
		half = append(half, o)
	}
	offs, err := offsetBuffer(dev, op, half)
	if err != nil {
		return err
	}
	defer offs.Release()
	z, y, x := forest.dims3()
	if err := kUFMerge.Launch(dev, grid3(forest), forest.Buf, forest.Off, labels.Buf, labels.Off, b2i(sameLabel), b2i(xjoin),
		z, y, x, offs, len(half)); err != nil {
		return err
	}
	n := forest.Len()
	return kUFCompress.Launch(dev, []int{n}, forest.Buf, forest.Off, n)
}
