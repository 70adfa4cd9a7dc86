// Package imageio reads and writes the image files kernreg works with: NumPy .npy (and
// .npz archives of them) and PNG previews. TIFF (stacks, BigTIFF, OME-XML and ImageJ
// metadata) is in package imageio/tiff.
//
// Reading converts to kernreg's data model: uint32 data becomes a uint32 label array, and
// every other supported type (float16/32/64, int8/16/32/64, uint8/16/64, bool) becomes
// float32 with its values preserved, never rescaled. An integer that float32 cannot hold
// exactly (beyond ±2^24, e.g. a large int64 label) or a float64 outside float32's range
// is an error that names the value and its index.
package imageio
