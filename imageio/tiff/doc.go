// Package tiff reads and writes TIFF and BigTIFF files of microscopy data: Z stacks
// (one page per plane) and single images, with OME-XML or ImageJ metadata.
//
// It is written here because no Go module reads the files microscopes and Fiji write:
// golang.org/x/image/tiff decodes one page into an image.Image and knows neither
// 32-bit or float samples, BigTIFF, nor stacks. Its LZW decoder is used.
//
// # What is read
//
//   - Classic TIFF and BigTIFF, little- and big-endian.
//   - Samples of 8, 16 and 32 bits, unsigned or signed, and 32- or 64-bit floats
//     (DType); one sample per pixel, or several (RGB), each of which becomes a plane.
//   - Strips and tiles; PlanarConfiguration 1 and 2.
//   - Compression none, LZW, Deflate (codes 8 and 32946) and PackBits, with predictor
//     2 (horizontal differencing) or 3 (floating point).
//   - Every full-resolution page, stacked: reduced-resolution pages (thumbnails,
//     pyramid levels, NewSubfileType bit 0) are skipped; pages must share size and
//     type.
//   - Metadata (Metadata) from OME-XML (SizeZ/C/T, DimensionOrder, PhysicalSize*,
//     channel names; the first image of a multi-image file) or an ImageJ description
//     (images, channels, slices, frames, spacing, unit, with the pixel size from
//     XResolution), including ImageJ's layout for stacks over 4 GiB (one IFD, planes
//     back to back). Malformed metadata is reported in Metadata.Warnings, not as an
//     error: the pixels are still read.
//
// Not read: JPEG, JPEG 2000, Zstandard, LZMA, WebP and the other codecs; 1-, 4-, 12-
// and 24-bit samples, float16, complex; YCbCr; SubIFDs; missing (sparse) strips or
// tiles. Each is an error that names it.
//
// # What is written
//
// Write writes one IFD per plane, each followed by its data, so a file streams out with
// one compressed plane in memory: classic TIFF or BigTIFF (chosen by itself when the
// data could pass 4 GiB), either byte order, strips or tiles, any of the four codecs,
// the predictors, and OME-XML (default) or an ImageJ description, with XResolution and
// YResolution from the pixel size. WriteFile writes through a temporary file renamed
// into place. Files are checked against libtiff's tiffinfo/tiffcp and tifffile.
//
// # Corrupt files
//
// Every offset, count and size taken from a file is checked against the file's size
// before it is used or allocated: an IFD chain that loops or overlaps itself, a strip
// outside the file, a page too large for registry.MaxElements, or decoded data larger
// than its compressed bytes could hold (at most 1032x for Deflate, 2560x for LZW, 64x
// for PackBits) is an error that says where, such as
//
//	tiff: strip 3 of page 2: offset 123456 past end of file (size 5000)
//
// Pages, IFDs, strips and tiles are counted from 0, as the file stores them. FuzzRead
// holds the reader to this.
//
// # kernreg's data model
//
// Image.Array converts to a registry.Array without loss: uint32 becomes a uint32 label
// array, the other types float32 (float32 pixels are shared, not copied); values float32
// cannot hold exactly are errors. FromArray goes the other way.
package tiff
