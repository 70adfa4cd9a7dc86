package tiff

import "fmt"

// Tag numbers this package reads or writes (TIFF 6.0, the Adobe tech notes and the
// BigTIFF design).
const (
	tagNewSubfileType   = 254
	tagImageWidth       = 256
	tagImageLength      = 257
	tagBitsPerSample    = 258
	tagCompression      = 259
	tagPhotometric      = 262
	tagImageDescription = 270
	tagStripOffsets     = 273
	tagSamplesPerPixel  = 277
	tagRowsPerStrip     = 278
	tagStripByteCounts  = 279
	tagXResolution      = 282
	tagYResolution      = 283
	tagPlanarConfig     = 284
	tagResolutionUnit   = 296
	tagSoftware         = 305
	tagPredictor        = 317
	tagTileWidth        = 322
	tagTileLength       = 323
	tagTileOffsets      = 324
	tagTileByteCounts   = 325
	tagSampleFormat     = 339
)

// Field types of IFD entries.
const (
	typeByte      = 1
	typeASCII     = 2
	typeShort     = 3
	typeLong      = 4
	typeRational  = 5
	typeSByte     = 6
	typeUndefined = 7
	typeSShort    = 8
	typeSLong     = 9
	typeSRational = 10
	typeFloat     = 11
	typeDouble    = 12
	typeIFD       = 13
	typeLong8     = 16
	typeSLong8    = 17
	typeIFD8      = 18
)

// typeSize is the byte size of one value of a field type; 0 for types this package does
// not know, whose entries are skipped as the specification asks.
func typeSize(t uint16) int {
	switch t {
	case typeByte, typeASCII, typeSByte, typeUndefined:
		return 1
	case typeShort, typeSShort:
		return 2
	case typeLong, typeSLong, typeFloat, typeIFD:
		return 4
	case typeRational, typeSRational, typeDouble, typeLong8, typeSLong8, typeIFD8:
		return 8
	}
	return 0
}

// Compression is the TIFF Compression tag value of a page.
type Compression uint16

const (
	None     Compression = 1
	LZW      Compression = 5
	Deflate  Compression = 8 // Adobe Deflate (zlib); 32946, the older code, is read too
	PackBits Compression = 32773

	deflateOld Compression = 32946
)

// compressionNames covers the codes seen in the wild, so that an unsupported one is
// named in the error.
var compressionNames = map[Compression]string{
	None: "none", 2: "CCITT RLE", 3: "CCITT Group 3", 4: "CCITT Group 4", LZW: "LZW",
	6: "old JPEG", 7: "JPEG", Deflate: "Deflate", deflateOld: "Deflate", PackBits: "PackBits",
	34661: "JBIG", 34676: "SGILOG", 34677: "SGILOG24", 34712: "JPEG 2000", 34887: "LERC",
	34925: "LZMA", 50000: "Zstandard", 50001: "WebP", 50002: "JPEG XL", 34933: "PNG",
	33003: "Aperio JPEG 2000", 33005: "Aperio JPEG 2000", 34892: "lossy JPEG (DNG)",
}

func (c Compression) String() string {
	if n, ok := compressionNames[c]; ok {
		return n
	}
	return fmt.Sprintf("Compression(%d)", uint16(c))
}

// ParseCompression is the inverse of String for the codes Write supports; "zip" and
// "deflate" both mean Deflate, as in libtiff's tools.
func ParseCompression(s string) (Compression, error) {
	switch s {
	case "none", "":
		return None, nil
	case "lzw", "LZW":
		return LZW, nil
	case "deflate", "Deflate", "zip", "zlib":
		return Deflate, nil
	case "packbits", "PackBits":
		return PackBits, nil
	}
	return 0, fmt.Errorf("tiff: unknown compression %q (want none, lzw, deflate or packbits)", s)
}

// Predictor values.
const (
	predictorNone       = 1
	predictorHorizontal = 2
	predictorFloat      = 3
)

// SampleFormat values.
const (
	formatUint  = 1
	formatInt   = 2
	formatFloat = 3
	formatVoid  = 4
)
