package gpu

import "github.com/kernreg/kernreg/kernels/cpu"

var (
	srcObjects = source("objects.cl")

	kRegionInit  = kernel(srcObjects, "region_init", Buf, Buf, Int, Buf, Int, Int, Int, Int)
	kRegionReach = kernel(srcObjects, "region_reach", Buf, Buf, Buf, Int, Int, Int, Int, Int, Int, Int)
	kRegionCount = kernel(srcObjects, "region_count", Buf, Buf, Int)
	kRegionStore = kernel(srcObjects, "region_store", Buf, Int, Buf, Buf, Int, Int, Int)
)

// BinaryPropagation grows the seeds (nonzero pixels of image) inside mask (nonzero
// pixels of mask) until nothing changes, as cpu.BinaryPropagation and
// scipy.ndimage.binary_propagation: the seeds plus every mask pixel connected to a seed
// (or, with border_value 1, to the image edge) through mask pixels under
// generate_binary_structure(rank, connectivity); float32 0/1. Rather than dilating
// until stable (as many launches as the longest path), the region mask | seed is
// labelled by the device union-find of Label: a component holding a seed (or a face
// pixel, with border_value 1) is reached whole, since any path from a seed runs through
// mask pixels after its last seed. O(n) in a fixed number of launches.
//
//kernreg:op name=binary_propagation tags=morphology,binary ref=scipy.ndimage.binary_propagation slices=coupled
func BinaryPropagation(dst, image, mask Array, p cpu.BinaryPropagationParams) error {
	const op = "binary_propagation"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	if err := checkPair(op, dst.View, mask.View); err != nil {
		return err
	}
	if err := p.Check(op, len(image.Shape)); err != nil {
		return err
	}
	r := region{op: op, image: image.View, also: mask.View, structure: binaryStructure(len(image.Shape), p.Connectivity)}
	return r.reached(dst.View, true, p.BorderValue == 1, false)
}

// BinaryFillHoles sets every background (zero) pixel that is not connected to the image
// edge through background to 1, as cpu.BinaryFillHoles and
// scipy.ndimage.binary_fill_holes with generate_binary_structure(rank, connectivity):
// foreground is any nonzero pixel, NaN included; float32 0/1. The background is
// labelled by the device union-find of Label and the components with a pixel on a face
// of the image (in a volume the first and last planes too) stay background.
//
//kernreg:op name=binary_fill_holes tags=morphology,binary ref=scipy.ndimage.binary_fill_holes slices=coupled
func BinaryFillHoles(dst, image Array, p cpu.LabelParams) error {
	const op = "binary_fill_holes"
	if err := checkPair(op, dst.View, image.View); err != nil {
		return err
	}
	if err := cpu.CheckConnectivity(op, p.Connectivity, len(image.Shape)); err != nil {
		return err
	}
	r := region{op: op, image: image.View, structure: binaryStructure(len(image.Shape), p.Connectivity), background: true}
	return r.reached(dst.View, false, true, true)
}

// RemoveSmallObjects removes the connected components of the foreground (nonzero
// pixels, NaN included) with fewer than min_size pixels, components taken under
// generate_binary_structure(rank, connectivity), as cpu.RemoveSmallObjects and
// skimage.morphology.remove_small_objects for a boolean image; float32 0/1. Components
// are Label's device union-find; their sizes are counted at their roots.
//
//kernreg:op name=remove_small_objects tags=morphology,binary,segmentation ref=skimage.morphology.remove_small_objects slices=coupled
func RemoveSmallObjects(dst, image Array, p cpu.SmallObjectsParams) error {
	return removeSmall("remove_small_objects", dst.View, image.View, p.MinSize, p.Connectivity, false)
}

// RemoveSmallHoles fills the connected components of the background (zero pixels) with
// fewer than area_threshold pixels, components taken under
// generate_binary_structure(rank, connectivity), as cpu.RemoveSmallHoles and
// skimage.morphology.remove_small_holes for a boolean image: background touching the
// edge counts like any other; float32 0/1. As RemoveSmallObjects on the background.
//
//kernreg:op name=remove_small_holes tags=morphology,binary,segmentation ref=skimage.morphology.remove_small_holes slices=coupled
func RemoveSmallHoles(dst, image Array, p cpu.SmallHolesParams) error {
	return removeSmall("remove_small_holes", dst.View, image.View, p.AreaThreshold, p.Connectivity, true)
}

// removeSmall keeps the components of the foreground (background if holes) of at least
// minSize pixels; the output is the kept foreground (holes: everything but the kept
// background).
func removeSmall(op string, dst, image View, minSize, connectivity int, holes bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if err := cpu.CheckSmallObjects(op, minSize, connectivity, len(image.Shape)); err != nil {
		return err
	}
	r := region{op: op, image: image, structure: binaryStructure(len(image.Shape), connectivity), background: holes}
	return r.sized(dst, minSize, holes)
}

// region is a binary region of an image (its nonzero pixels, plus those of also when
// set; or its zero pixels with background), split into connected components under
// structure.
type region struct {
	op         string
	image      View
	also       View
	structure  [][3]int
	background bool
}

// reached writes 1 where a pixel is in a component that holds a seed (a nonzero image
// pixel, with seeds) or a pixel on a face of the image (with faces), else 0; invert
// writes the complement.
func (r region) reached(dst View, seeds, faces, invert bool) error {
	return r.decide(dst, 1, invert, func(forest, flags Buffer) error {
		z, y, x := dst.dims3()
		return kRegionReach.Launch(dst.Dev(), grid3(dst), flags, forest, r.image.Buf, r.image.Off, b2i(seeds), b2i(faces),
			len(dst.Shape), z, y, x)
	})
}

// sized writes 1 where a pixel is in a component of at least minSize pixels, else 0;
// invert writes the complement.
func (r region) sized(dst View, minSize int, invert bool) error {
	return r.decide(dst, min(minSize, dst.Len()+1), invert, func(forest, counts Buffer) error {
		n := dst.Len()
		return kRegionCount.Launch(dst.Dev(), []int{n}, counts, forest, n)
	})
}

// decide labels the region by union-find (forest: each region pixel's root), lets mark
// set per-root values in a zeroed buffer, and writes 1 where a pixel's root value is at
// least t (0 <= t <= 2^32-1), else 0, or the complement with invert.
func (r region) decide(dst View, t int, invert bool, mark func(forest, vals Buffer) error) error {
	dev := dst.Dev()
	n := dst.Len()
	forest, err := scratch(dev, r.op, n)
	if err != nil {
		return err
	}
	defer forest.Release()
	fv := View{Buf: forest, Shape: dst.Shape}
	b := r.image
	if r.also.Buf != nil {
		b = r.also
	}
	if err := kRegionInit.Launch(dev, []int{n}, forest, r.image.Buf, r.image.Off, b.Buf, b.Off,
		b2i(r.also.Buf != nil), b2i(r.background), n); err != nil {
		return err
	}
	if err := joinComponents(r.op, fv, fv, false, false, r.structure); err != nil {
		return err
	}
	vals, err := scratch(dev, r.op, n)
	if err != nil {
		return err
	}
	defer vals.Release()
	if err := dev.Fill32(vals, 0, 0, int64(n)); err != nil {
		return err
	}
	if err := mark(forest, vals); err != nil {
		return err
	}
	return kRegionStore.Launch(dev, []int{n}, dst.Buf, dst.Off, forest, vals, int(int32(uint32(t))), b2i(invert), n)
}
