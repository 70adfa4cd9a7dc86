package tiff

import (
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"sync"

	"github.com/kernreg/kernreg/internal/atomicfile"
)

// MetadataFormat says which description Write puts in the first page.
type MetadataFormat uint8

const (
	// OME writes OME-XML (Bio-Formats, Fiji, napari, tifffile, QuPath read it).
	OME MetadataFormat = iota
	// ImageJ writes an ImageJ hyperstack description, which ImageJ itself reads
	// without Bio-Formats; planes must be in XYCZT order.
	ImageJ
	// NoMetadata writes no description.
	NoMetadata
)

// Options control Write. The zero value writes uncompressed little-endian classic TIFF
// in strips of about 256 KiB, with OME-XML.
type Options struct {
	// Compression is None, LZW, Deflate or PackBits.
	Compression Compression
	// Predictor applies horizontal differencing (integer samples) or the floating-point
	// predictor (float samples) before LZW or Deflate, which usually compresses
	// microscopy data much better.
	Predictor bool
	// DeflateLevel is the zlib level, 1 (fastest) to 9 (smallest). 0 means 4, not
	// zlib's 6: Go's levels above 4 take 2-10 times as long on noisy microscopy data
	// for files a few percent smaller.
	DeflateLevel int
	// TileWidth and TileHeight, both multiples of 16, write tiles instead of strips.
	TileWidth, TileHeight int
	// RowsPerStrip sets the strip height; 0 picks strips of about 256 KiB.
	RowsPerStrip int
	// BigTIFF writes BigTIFF (64-bit offsets). Classic TIFF cannot pass 4 GiB, so Write
	// switches to BigTIFF by itself when the data could.
	BigTIFF bool
	// BigEndian writes Motorola ("MM") byte order instead of Intel ("II").
	BigEndian bool
	// Metadata is the description format (OME by default).
	Metadata MetadataFormat
}

// classicLimit is the largest file Write plans to fit in classic TIFF, leaving room for
// IFDs and a description.
const classicLimit = 1<<32 - 1<<26

// WriteFile writes img to path through a temporary file in the same directory that is
// renamed into place, so path holds either its old content or the whole new file.
func WriteFile(path string, img *Image, opts *Options) error {
	err := atomicfile.Write(path, false, func(w io.Writer) error { return Write(w, img, opts) })
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// layout is a checked plan for writing one image.
type layout struct {
	img                      *Image
	n, h, w                  int
	size                     int // bytes per sample
	big                      bool
	bigTIFF                  bool
	comp                     Compression
	predictor                int
	level                    int
	tiled                    bool
	chunkW, chunkH           int
	chunksAcross, chunksDown int
	desc                     string
	meta                     Metadata
	imagejRes                bool
}

func plan(img *Image, o Options) (*layout, error) {
	if img == nil {
		return nil, errors.New("tiff: no image")
	}
	dt, _, ok := pixInfo(img.Pix)
	if !ok {
		return nil, fmt.Errorf("tiff: pixels of type %T are not supported", img.Pix)
	}
	if dt != img.DType {
		return nil, fmt.Errorf("tiff: image DType is %v but its pixels are %T", img.DType, img.Pix)
	}
	chk, err := NewImage(img.Shape, img.Pix)
	if err != nil {
		return nil, err
	}
	l := &layout{img: img, size: dt.Size(), big: o.BigEndian, comp: o.Compression, level: o.DeflateLevel}
	l.n, l.h, l.w = chk.planes()
	l.meta = img.Meta
	m := &l.meta
	switch {
	case m.SizeZ == 0 && m.SizeC == 0 && m.SizeT == 0:
		*m = Metadata{Name: m.Name, PhysicalSizeX: m.PhysicalSizeX, PhysicalSizeY: m.PhysicalSizeY, PhysicalSizeZ: m.PhysicalSizeZ}
		m.SizeZ, m.SizeC, m.SizeT, m.DimensionOrder = l.n, 1, 1, "XYZCT"
	case m.Planes() != l.n:
		return nil, fmt.Errorf("tiff: metadata says SizeZ=%d SizeC=%d SizeT=%d (%d planes), the image has %d planes",
			m.SizeZ, m.SizeC, m.SizeT, m.Planes(), l.n)
	}
	if m.DimensionOrder == "" {
		m.DimensionOrder = "XYZCT"
	}
	if !validOrder(m.DimensionOrder) {
		return nil, fmt.Errorf("tiff: DimensionOrder %q is not one of XYZCT, XYZTC, XYCZT, XYCTZ, XYTZC, XYTCZ", m.DimensionOrder)
	}

	switch l.comp {
	case 0:
		l.comp = None
	case None, LZW, Deflate, PackBits:
	default:
		return nil, fmt.Errorf("tiff: cannot write compression %v (want None, LZW, Deflate or PackBits)", l.comp)
	}
	if o.Predictor {
		if l.comp != LZW && l.comp != Deflate {
			return nil, fmt.Errorf("tiff: a predictor needs LZW or Deflate compression, not %v", l.comp)
		}
		l.predictor = predictorHorizontal
		if dt == Float32 || dt == Float64 {
			l.predictor = predictorFloat
		}
	}
	if l.level == 0 {
		l.level = 4
	}
	if l.level < 1 || l.level > 9 {
		return nil, fmt.Errorf("tiff: DeflateLevel %d is outside 1..9", o.DeflateLevel)
	}

	rowBytes := l.w * l.size
	switch {
	case o.TileWidth != 0 || o.TileHeight != 0:
		if o.TileWidth <= 0 || o.TileHeight <= 0 || o.TileWidth%16 != 0 || o.TileHeight%16 != 0 || o.TileWidth > 1<<16 || o.TileHeight > 1<<16 {
			return nil, fmt.Errorf("tiff: tile size %dx%d: TIFF wants positive multiples of 16 (up to 65536)", o.TileWidth, o.TileHeight)
		}
		if o.RowsPerStrip != 0 {
			return nil, errors.New("tiff: RowsPerStrip and a tile size exclude each other")
		}
		l.tiled, l.chunkW, l.chunkH = true, o.TileWidth, o.TileHeight
	case o.RowsPerStrip < 0:
		return nil, fmt.Errorf("tiff: RowsPerStrip %d is negative", o.RowsPerStrip)
	case o.RowsPerStrip > 0:
		l.chunkW, l.chunkH = l.w, min(o.RowsPerStrip, l.h)
	default:
		l.chunkW, l.chunkH = l.w, max(1, min(l.h, (256<<10)/rowBytes))
	}
	l.chunksAcross = (l.w + l.chunkW - 1) / l.chunkW
	l.chunksDown = (l.h + l.chunkH - 1) / l.chunkH

	// Plan BigTIFF from the worst case: LZW can grow data by half.
	raw := int64(l.n) * int64(l.h) * int64(rowBytes)
	if l.tiled {
		raw = int64(l.n) * int64(l.chunksAcross*l.chunksDown) * int64(l.chunkW*l.chunkH*l.size)
	}
	if l.comp == LZW {
		raw += raw / 2
	}
	l.bigTIFF = o.BigTIFF || raw > classicLimit

	switch o.Metadata {
	case OME:
		l.desc = omeXML(&Image{DType: dt, Meta: *m}, l.h, l.w, l.big)
	case ImageJ:
		if l.desc, err = imagejDescription(*m); err != nil {
			return nil, err
		}
		l.imagejRes = true
	case NoMetadata:
	default:
		return nil, fmt.Errorf("tiff: unknown MetadataFormat %d", o.Metadata)
	}
	return l, nil
}

// Write writes img as TIFF: one IFD per plane, each IFD followed by its strips or
// tiles, so that w need not seek and memory holds one compressed plane at a time.
// opts may be nil.
func Write(w io.Writer, img *Image, opts *Options) error {
	var o Options
	if opts != nil {
		o = *opts
	}
	l, err := plan(img, o)
	if err != nil {
		return err
	}
	cw := &countingWriter{w: w}
	var order byteOrder = binary.LittleEndian
	hdr := []byte("II")
	if l.big {
		order, hdr = binary.BigEndian, []byte("MM")
	}
	if l.bigTIFF {
		hdr = order.AppendUint16(hdr, 43)
		hdr = order.AppendUint16(hdr, 8)
		hdr = order.AppendUint16(hdr, 0)
		hdr = order.AppendUint64(hdr, 16)
	} else {
		hdr = order.AppendUint16(hdr, 42)
		hdr = order.AppendUint32(hdr, 8)
	}
	cw.Write(hdr)
	enc := newPageEncoder(l)
	for k := range l.n {
		chunks, err := enc.encode(k)
		if err != nil {
			return err
		}
		if err := writePage(cw, l, order, k, chunks); err != nil {
			return err
		}
	}
	return cw.err
}

// byteOrder reads and appends in one byte order.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

type countingWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	if err != nil {
		c.err = fmt.Errorf("tiff: %w", err)
	}
	return n, c.err
}

// wEntry is an IFD entry to write; data holds its values in the file's byte order.
type wEntry struct {
	tag, typ uint16
	count    uint64
	data     []byte
}

// writePage writes the IFD of plane k, its out-of-line values and its chunks.
func writePage(cw *countingWriter, l *layout, order byteOrder, k int, chunks [][]byte) error {
	offType, fieldSize, entrySize, countSize := uint16(typeLong), 4, 12, 2
	if l.bigTIFF {
		offType, fieldSize, entrySize, countSize = typeLong8, 8, 20, 8
	}
	offsets := make([]uint64, len(chunks))
	entries := pageEntries(l, order, k, offType, offsets, chunks)
	ifdStart := cw.n
	ifdLen := int64(countSize + len(entries)*entrySize + fieldSize)
	extra := int64(0)
	for _, e := range entries {
		if len(e.data) > fieldSize {
			extra += int64(len(e.data)+1) &^ 1
		}
	}
	pos := ifdStart + ifdLen + extra
	for i, c := range chunks {
		offsets[i] = uint64(pos)
		pos += int64(len(c)+1) &^ 1
	}
	next := uint64(0)
	if k < l.n-1 {
		next = uint64(pos)
	}
	if !l.bigTIFF && pos > math.MaxUint32 {
		return errors.New("tiff: the file would pass 4 GiB, which classic TIFF cannot address; set Options.BigTIFF")
	}
	entries = pageEntries(l, order, k, offType, offsets, chunks)

	buf := make([]byte, 0, ifdLen+extra)
	if l.bigTIFF {
		buf = order.AppendUint64(buf, uint64(len(entries)))
	} else {
		buf = order.AppendUint16(buf, uint16(len(entries)))
	}
	valuePos := ifdStart + ifdLen
	var values []byte
	for _, e := range entries {
		buf = order.AppendUint16(buf, e.tag)
		buf = order.AppendUint16(buf, e.typ)
		if l.bigTIFF {
			buf = order.AppendUint64(buf, e.count)
		} else {
			buf = order.AppendUint32(buf, uint32(e.count))
		}
		field := make([]byte, fieldSize)
		if len(e.data) <= fieldSize {
			copy(field, e.data)
		} else {
			if l.bigTIFF {
				order.PutUint64(field, uint64(valuePos))
			} else {
				order.PutUint32(field, uint32(valuePos))
			}
			values = append(values, e.data...)
			if len(e.data)%2 == 1 {
				values = append(values, 0)
			}
			valuePos += int64(len(e.data)+1) &^ 1
		}
		buf = append(buf, field...)
	}
	if l.bigTIFF {
		buf = order.AppendUint64(buf, next)
	} else {
		buf = order.AppendUint32(buf, uint32(next))
	}
	buf = append(buf, values...)
	cw.Write(buf)
	for _, c := range chunks {
		cw.Write(c)
		if len(c)%2 == 1 {
			cw.Write([]byte{0})
		}
	}
	return cw.err
}

// pageEntries lists the IFD entries of plane k, sorted by tag as TIFF requires.
func pageEntries(l *layout, order byteOrder, k int, offType uint16, offsets []uint64, chunks [][]byte) []wEntry {
	short := func(tag uint16, v ...uint16) wEntry {
		e := wEntry{tag: tag, typ: typeShort, count: uint64(len(v))}
		for _, x := range v {
			e.data = order.AppendUint16(e.data, x)
		}
		return e
	}
	long := func(tag uint16, v uint32) wEntry {
		return wEntry{tag: tag, typ: typeLong, count: 1, data: order.AppendUint32(nil, v)}
	}
	ascii := func(tag uint16, s string) wEntry {
		return wEntry{tag: tag, typ: typeASCII, count: uint64(len(s) + 1), data: append([]byte(s), 0)}
	}
	offs := func(tag uint16, v []uint64) wEntry {
		e := wEntry{tag: tag, typ: offType, count: uint64(len(v))}
		for _, x := range v {
			if offType == typeLong8 {
				e.data = order.AppendUint64(e.data, x)
			} else {
				e.data = order.AppendUint32(e.data, uint32(x))
			}
		}
		return e
	}
	counts := make([]uint64, len(chunks))
	for i, c := range chunks {
		counts[i] = uint64(len(c))
	}
	dt := l.img.DType
	es := []wEntry{
		long(tagNewSubfileType, 0),
		long(tagImageWidth, uint32(l.w)),
		long(tagImageLength, uint32(l.h)),
		short(tagBitsPerSample, uint16(8*l.size)),
		short(tagCompression, uint16(l.comp)),
		short(tagPhotometric, 1), // BlackIsZero
	}
	if k == 0 && l.desc != "" {
		es = append(es, ascii(tagImageDescription, l.desc))
	}
	if !l.tiled {
		es = append(es, offs(tagStripOffsets, offsets))
	}
	es = append(es, short(tagSamplesPerPixel, 1))
	if !l.tiled {
		es = append(es, long(tagRowsPerStrip, uint32(l.chunkH)), offs(tagStripByteCounts, counts))
	}
	if xr, yr, unit, ok := resolution(l, order); ok {
		es = append(es, xr, yr)
		es = append(es, short(tagPlanarConfig, 1), short(tagResolutionUnit, unit))
	} else {
		es = append(es, short(tagPlanarConfig, 1))
	}
	if k == 0 {
		es = append(es, ascii(tagSoftware, "kernreg"))
	}
	if l.predictor != 0 {
		es = append(es, short(tagPredictor, uint16(l.predictor)))
	}
	if l.tiled {
		es = append(es, long(tagTileWidth, uint32(l.chunkW)), long(tagTileLength, uint32(l.chunkH)),
			offs(tagTileOffsets, offsets), offs(tagTileByteCounts, counts))
	}
	return append(es, short(tagSampleFormat, uint16(dt.sampleFormat())))
}

// resolution returns XResolution and YResolution entries for a known pixel size: pixels
// per centimetre, or for ImageJ pixels per micrometre with no unit, as ImageJ writes them.
func resolution(l *layout, order byteOrder) (xr, yr wEntry, unit uint16, ok bool) {
	x, okx := l.meta.PhysicalSizeX.Micrometers()
	y, oky := l.meta.PhysicalSizeY.Micrometers()
	if !okx || !oky {
		return wEntry{}, wEntry{}, 0, false
	}
	scale, unit := 1e4, uint16(3)
	if l.imagejRes {
		scale, unit = 1, 1
	}
	rat := func(tag uint16, v float64) wEntry {
		num, den := rational(v)
		return wEntry{tag: tag, typ: typeRational, count: 1, data: order.AppendUint32(order.AppendUint32(nil, num), den)}
	}
	return rat(tagXResolution, scale/x), rat(tagYResolution, scale/y), unit, true
}

// rational returns the best approximation num/den of v > 0 with both in 32 bits, from
// its continued fraction (so 1/0.108 becomes exactly 250/27).
func rational(v float64) (num, den uint32) {
	h0, h1, k0, k1 := 0.0, 1.0, 1.0, 0.0
	x := v
	for range 64 {
		a := math.Floor(x)
		h2, k2 := a*h1+h0, a*k1+k0
		if h2 > math.MaxUint32 || k2 > math.MaxUint32 {
			break
		}
		h0, h1, k0, k1 = h1, h2, k1, k2
		if frac := x - a; frac < 1e-9 || math.Abs(h1/k1-v) <= 1e-15*v {
			break
		} else {
			x = 1 / frac
		}
	}
	if k1 == 0 || h1 == 0 {
		if v < 1 {
			return 1, math.MaxUint32
		}
		return math.MaxUint32, 1
	}
	return uint32(h1), uint32(k1)
}

// pageEncoder turns planes into compressed chunks, several chunks at a time.
type pageEncoder struct {
	l     *layout
	raw   []byte
	slots chan *encScratch
}

type encScratch struct {
	tile []byte
	tmp  []byte
	lzw  *lzwWriter
	zw   *zlib.Writer
	zbuf growBuffer
}

func newPageEncoder(l *layout) *pageEncoder {
	workers := runtime.GOMAXPROCS(0)
	e := &pageEncoder{l: l, slots: make(chan *encScratch, workers)}
	for range workers {
		e.slots <- &encScratch{}
	}
	return e
}

// encode returns the chunks of plane k, encoded.
func (e *pageEncoder) encode(k int) ([][]byte, error) {
	l := e.l
	plane := l.h * l.w
	e.raw = pack(e.raw[:0], l.img.Pix, k*plane, plane, l.big)
	n := l.chunksAcross * l.chunksDown
	chunks := make([][]byte, n)
	if l.comp == None && !l.tiled {
		rowBytes := l.w * l.size
		for i := range chunks {
			y0 := i * l.chunkH
			chunks[i] = e.raw[y0*rowBytes : min(y0+l.chunkH, l.h)*rowBytes]
		}
		return chunks, nil
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range chunks {
		s := <-e.slots
		wg.Add(1)
		go func() {
			defer func() { e.slots <- s; wg.Done() }()
			chunks[i], errs[i] = e.encodeChunk(s, i)
		}()
	}
	wg.Wait()
	return chunks, errors.Join(errs...)
}

// encodeChunk copies chunk i out of the packed plane (zero-padding tiles at the edges),
// applies the predictor and compresses.
func (e *pageEncoder) encodeChunk(s *encScratch, i int) ([]byte, error) {
	l := e.l
	rowBytes := l.w * l.size
	x0, y0 := (i%l.chunksAcross)*l.chunkW, (i/l.chunksAcross)*l.chunkH
	rows := min(l.chunkH, l.h-y0)
	tileRow := l.chunkW * l.size
	if l.tiled {
		s.tile = grow(s.tile, l.chunkH*tileRow)
		clear(s.tile)
		cols := min(l.chunkW, l.w-x0)
		for r := range rows {
			src := e.raw[(y0+r)*rowBytes+x0*l.size:]
			copy(s.tile[r*tileRow:], src[:cols*l.size])
		}
		rows = l.chunkH
	} else {
		s.tile = grow(s.tile, rows*rowBytes)
		copy(s.tile, e.raw[y0*rowBytes:(y0+rows)*rowBytes])
	}
	data := s.tile
	switch l.predictor {
	case predictorHorizontal:
		doHorizontal(data, rows, l.chunkW, 1, l.size, l.big)
	case predictorFloat:
		s.tmp = grow(s.tmp, tileRow)
		doFloat(data, s.tmp, rows, l.chunkW, 1, l.size, l.big)
	}
	switch l.comp {
	case None:
		return append([]byte(nil), data...), nil
	case PackBits:
		var out []byte
		for r := range rows {
			out = packBits(out, data[r*tileRow:(r+1)*tileRow])
		}
		return out, nil
	case LZW:
		if s.lzw == nil {
			s.lzw = new(lzwWriter)
		}
		return lzwEncode(s.lzw, nil, data), nil
	case Deflate:
		s.zbuf.b = s.zbuf.b[:0]
		if s.zw == nil {
			var err error
			if s.zw, err = zlib.NewWriterLevel(&s.zbuf, l.level); err != nil {
				return nil, fmt.Errorf("tiff: %w", err)
			}
		} else {
			s.zw.Reset(&s.zbuf)
		}
		s.zw.Write(data)
		if err := s.zw.Close(); err != nil {
			return nil, fmt.Errorf("tiff: %w", err)
		}
		return append([]byte(nil), s.zbuf.b...), nil
	}
	return nil, fmt.Errorf("tiff: cannot write compression %v", l.comp)
}

type growBuffer struct{ b []byte }

func (g *growBuffer) Write(p []byte) (int, error) {
	g.b = append(g.b, p...)
	return len(p), nil
}
