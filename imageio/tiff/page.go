package tiff

import "fmt"

// page is one image of the file: its geometry, sample type and the layout of its strips
// or tiles ("chunks"), checked for consistency but with the chunk offsets not yet read.
type page struct {
	index         int // IFD number, counted from 0
	width, height int
	dtype         DType
	spp           int // samples per pixel
	planar        int // 1: samples interleaved, 2: one plane per sample
	compression   Compression
	predictor     int
	reduced       bool // NewSubfileType says: a reduced-resolution copy (thumbnail, pyramid level)

	tiled                     bool
	chunkW, chunkH            int // a tile, or a strip (chunkW = width)
	chunksAcross, chunksDown  int
	nchunks                   int
	offsetsEntry, countsEntry entry

	// offsets and counts are read by checkChunks.
	offsets, counts []uint64

	description, software string
	xres, yres            ratio
	resUnit               int
}

// maxSide bounds image and tile sides so that products of sizes cannot overflow.
const maxSide = 1 << 24

func (p *page) kind() string {
	if p.tiled {
		return "tile"
	}
	return "strip"
}

// sppChunk is the number of samples per pixel inside one chunk.
func (p *page) sppChunk() int {
	if p.planar == 2 {
		return 1
	}
	return p.spp
}

// parsePage reads the tags of one IFD that say how to decode it.
func (f *file) parsePage(d *ifd) (*page, error) {
	p := &page{index: d.index}
	where := fmt.Sprintf("page %d", d.index)
	get := func(tag uint16, name string, def uint64) (uint64, error) {
		e, ok := d.entries[tag]
		if !ok {
			return def, nil
		}
		return f.uint(e, where+": "+name)
	}
	need := func(tag uint16, name string) (uint64, error) {
		if _, ok := d.entries[tag]; !ok {
			return 0, fmt.Errorf("tiff: %s has no %s tag (corrupt or not an image)", where, name)
		}
		return get(tag, name, 0)
	}

	w, err := need(tagImageWidth, "ImageWidth")
	if err != nil {
		return nil, err
	}
	h, err := need(tagImageLength, "ImageLength")
	if err != nil {
		return nil, err
	}
	if w == 0 || h == 0 || w > maxSide || h > maxSide {
		return nil, fmt.Errorf("tiff: %s: size %dx%d is not supported (each side must be 1..%d)", where, w, h, maxSide)
	}
	p.width, p.height = int(w), int(h)

	spp, err := get(tagSamplesPerPixel, "SamplesPerPixel", 1)
	if err != nil {
		return nil, err
	}
	if spp == 0 || spp > 64 {
		return nil, fmt.Errorf("tiff: %s: SamplesPerPixel %d is not supported (1..64)", where, spp)
	}
	p.spp = int(spp)
	bits, err := f.perSample(d, tagBitsPerSample, "BitsPerSample", 1, p.spp)
	if err != nil {
		return nil, err
	}
	format, err := f.perSample(d, tagSampleFormat, "SampleFormat", formatUint, p.spp)
	if err != nil {
		return nil, err
	}
	if format == formatVoid {
		format = formatUint
	}
	dt, ok := dtypeOf(format, bits)
	if !ok {
		return nil, fmt.Errorf("tiff: %s: %d-bit samples of SampleFormat %d (%s) are not supported (want 8-, 16- or 32-bit integers or 32- or 64-bit floats)",
			where, bits, format, formatName(format))
	}
	p.dtype = dt

	comp, err := get(tagCompression, "Compression", uint64(None))
	if err != nil {
		return nil, err
	}
	p.compression = Compression(comp)
	switch p.compression {
	case None, LZW, Deflate, deflateOld, PackBits:
	default:
		return nil, fmt.Errorf("tiff: %s: compression %d (%v) is not supported (supported: none, LZW, Deflate, PackBits)", where, comp, p.compression)
	}
	if photo, err := get(tagPhotometric, "PhotometricInterpretation", 1); err != nil {
		return nil, err
	} else if photo == 6 {
		return nil, fmt.Errorf("tiff: %s: YCbCr colour (PhotometricInterpretation 6) is not supported", where)
	}
	pred, err := get(tagPredictor, "Predictor", predictorNone)
	if err != nil {
		return nil, err
	}
	p.predictor = int(pred)
	switch {
	case p.predictor == predictorNone, p.predictor == predictorHorizontal:
	case p.predictor == predictorFloat && (dt == Float32 || dt == Float64):
	case p.predictor == predictorFloat:
		return nil, fmt.Errorf("tiff: %s: floating-point predictor on %v samples (corrupt file)", where, dt)
	default:
		return nil, fmt.Errorf("tiff: %s: predictor %d is not supported (1, 2 or 3)", where, pred)
	}
	planar, err := get(tagPlanarConfig, "PlanarConfiguration", 1)
	if err != nil {
		return nil, err
	}
	if planar != 1 && planar != 2 {
		return nil, fmt.Errorf("tiff: %s: PlanarConfiguration %d, want 1 or 2", where, planar)
	}
	p.planar = int(planar)
	sub, err := get(tagNewSubfileType, "NewSubfileType", 0)
	if err != nil {
		return nil, err
	}
	p.reduced = sub&1 != 0

	if err := f.parseLayout(d, p, where, get); err != nil {
		return nil, err
	}
	f.parseInfo(d, p)
	return p, nil
}

// isReduced reports whether an IFD says it holds a reduced-resolution copy.
func (f *file) isReduced(d *ifd) bool {
	e, ok := d.entries[tagNewSubfileType]
	if !ok {
		return false
	}
	v, err := f.uint(e, "NewSubfileType")
	return err == nil && v&1 != 0
}

// perSample reads a tag with one value per sample, which must all be equal.
func (f *file) perSample(d *ifd, tag uint16, name string, def uint64, spp int) (int, error) {
	e, ok := d.entries[tag]
	if !ok {
		return int(def), nil
	}
	where := fmt.Sprintf("page %d: %s", d.index, name)
	if e.count > uint64(spp) {
		e.count = uint64(spp) // extra values are harmless; do not read more than needed
		if e.inline != nil {
			e.inline = e.inline[:spp*typeSize(e.typ)]
		}
	}
	v, err := f.uints(e, where)
	if err != nil {
		return 0, err
	}
	if len(v) == 0 {
		return 0, fmt.Errorf("tiff: %s has no value", where)
	}
	for _, x := range v[1:] {
		if x != v[0] {
			return 0, fmt.Errorf("tiff: %s %v: samples of different types are not supported", where, v)
		}
	}
	if v[0] > 1<<16 {
		return 0, fmt.Errorf("tiff: %s %d is implausible", where, v[0])
	}
	return int(v[0]), nil
}

func formatName(f int) string {
	switch f {
	case formatUint:
		return "unsigned integer"
	case formatInt:
		return "signed integer"
	case formatFloat:
		return "float"
	case 5:
		return "complex integer"
	case 6:
		return "complex float"
	}
	return "unknown"
}

// parseLayout reads the strip or tile geometry and checks that the offset and byte count
// tags list one value per chunk.
func (f *file) parseLayout(d *ifd, p *page, where string, get func(uint16, string, uint64) (uint64, error)) error {
	offTag, cntTag := uint16(tagStripOffsets), uint16(tagStripByteCounts)
	offName, cntName := "StripOffsets", "StripByteCounts"
	if _, ok := d.entries[tagTileWidth]; ok {
		p.tiled = true
		offTag, cntTag, offName, cntName = tagTileOffsets, tagTileByteCounts, "TileOffsets", "TileByteCounts"
		tw, err := get(tagTileWidth, "TileWidth", 0)
		if err != nil {
			return err
		}
		th, err := get(tagTileLength, "TileLength", 0)
		if err != nil {
			return err
		}
		if tw == 0 || th == 0 || tw > maxSide || th > maxSide {
			return fmt.Errorf("tiff: %s: tile size %dx%d is not supported (each side must be 1..%d)", where, tw, th, maxSide)
		}
		p.chunkW, p.chunkH = int(tw), int(th)
	} else {
		rps, err := get(tagRowsPerStrip, "RowsPerStrip", 1<<32-1)
		if err != nil {
			return err
		}
		if rps == 0 {
			return fmt.Errorf("tiff: %s: RowsPerStrip is 0 (corrupt file)", where)
		}
		p.chunkW, p.chunkH = p.width, int(min(rps, uint64(p.height)))
	}
	p.chunksAcross = (p.width + p.chunkW - 1) / p.chunkW
	p.chunksDown = (p.height + p.chunkH - 1) / p.chunkH
	planes := 1
	if p.planar == 2 {
		planes = p.spp
	}
	n := uint64(p.chunksAcross) * uint64(p.chunksDown) * uint64(planes)
	oe, ok := d.entries[offTag]
	if !ok {
		return fmt.Errorf("tiff: %s has no %s tag", where, offName)
	}
	ce, ok := d.entries[cntTag]
	if !ok {
		return fmt.Errorf("tiff: %s has no %s tag", where, cntName)
	}
	if oe.count < n || ce.count < n {
		return fmt.Errorf("tiff: %s: %dx%d pixels in %dx%d %ss need %d of them, but %s lists %d and %s %d",
			where, p.width, p.height, p.chunkW, p.chunkH, p.kind(), n, offName, oe.count, cntName, ce.count)
	}
	// Read no more values than there are chunks; the extra ones are unused.
	p.offsetsEntry, p.countsEntry = trim(oe, n), trim(ce, n)
	p.nchunks = int(n)
	return nil
}

func trim(e entry, n uint64) entry {
	if e.count > n {
		if e.inline != nil {
			e.inline = e.inline[:n*uint64(typeSize(e.typ))]
		}
		e.count = n
	}
	return e
}

// parseInfo reads the tags that only carry metadata; a malformed one is ignored. The
// descriptions that matter (OME-XML, ImageJ) are in the first IFD only.
func (f *file) parseInfo(d *ifd, p *page) {
	if e, ok := d.entries[tagImageDescription]; ok && d.index == 0 {
		p.description, _ = f.ascii(e, "ImageDescription")
	}
	if e, ok := d.entries[tagSoftware]; ok && d.index == 0 {
		p.software, _ = f.ascii(e, "Software")
	}
	if e, ok := d.entries[tagXResolution]; ok {
		p.xres, _ = f.rational(e, "XResolution")
	}
	if e, ok := d.entries[tagYResolution]; ok {
		p.yres, _ = f.rational(e, "YResolution")
	}
	if e, ok := d.entries[tagResolutionUnit]; ok {
		u, _ := f.uint(e, "ResolutionUnit")
		p.resUnit = int(min(u, 100))
	} else {
		p.resUnit = 2 // the TIFF default: inch
	}
}

// chunkBytes is the decoded size of chunk i: tiles are always whole, the last strip of
// a plane holds only the rows left.
func (p *page) chunkBytes(i int) int {
	rows := p.chunkH
	if !p.tiled {
		y0 := (i % p.chunksDown) * p.chunkH
		rows = min(p.chunkH, p.height-y0)
	}
	return rows * p.chunkW * p.sppChunk() * p.dtype.Size()
}

// maxExpansion bounds how many bytes one compressed byte can decode to: Deflate's
// format limit is 1032, TIFF LZW's about 2560 (a 12-bit code for a string of at most
// 3838 bytes), PackBits' 64 (two bytes for a run of 128).
func maxExpansion(c Compression) int64 {
	switch c {
	case None:
		return 1
	case PackBits:
		return 64
	case Deflate, deflateOld:
		return 1032
	case LZW:
		return 2560
	}
	return 1
}

// checkChunks reads the chunk offsets and byte counts and checks each chunk against the
// file size, and the page's decoded size against what its compressed bytes could hold,
// so that a corrupt file is rejected before any image memory is allocated.
func (f *file) checkChunks(p *page) error {
	where := fmt.Sprintf("page %d", p.index)
	var err error
	if p.offsets == nil {
		if p.offsets, err = f.uints(p.offsetsEntry, where+": "+p.kind()+" offsets"); err != nil {
			return err
		}
		if p.counts, err = f.uints(p.countsEntry, where+": "+p.kind()+" byte counts"); err != nil {
			return err
		}
	}
	var total, expand, compressed int64
	for i := 0; i < p.nchunks; i++ {
		off, n := p.offsets[i], p.counts[i]
		need := int64(p.chunkBytes(i))
		switch {
		case n == 0:
			return fmt.Errorf("tiff: %s %d of %s: byte count 0 (an empty or missing %s is not supported)", p.kind(), i, where, p.kind())
		case off >= uint64(f.size):
			return fmt.Errorf("tiff: %s %d of %s: offset %d past end of file (size %d)", p.kind(), i, where, off, f.size)
		case n > uint64(f.size)-off:
			return fmt.Errorf("tiff: %s %d of %s: %d bytes at offset %d run past end of file (size %d)", p.kind(), i, where, n, off, f.size)
		case p.compression == None && int64(n) < need:
			return fmt.Errorf("tiff: %s %d of %s: %d bytes, but an uncompressed %s of this page needs %d", p.kind(), i, where, n, p.kind(), need)
		}
		total += need
		compressed += int64(n)
		expand += int64(n)*maxExpansion(p.compression) + 1024
	}
	if p.compression != None && total > expand {
		return fmt.Errorf("tiff: %s: %dx%d %v pixels (%d bytes) cannot come from %d bytes of %v data (corrupt file)",
			where, p.width, p.height, p.dtype, total, compressed, p.compression)
	}
	return nil
}

// sameLayout reports whether q's pixels have p's shape and type.
func (p *page) sameLayout(q *page) bool {
	return p.width == q.width && p.height == q.height && p.dtype == q.dtype && p.spp == q.spp
}

func (p *page) describe() string {
	s := fmt.Sprintf("%dx%d %v", p.width, p.height, p.dtype)
	if p.spp > 1 {
		s += fmt.Sprintf(" x %d samples", p.spp)
	}
	return s
}
