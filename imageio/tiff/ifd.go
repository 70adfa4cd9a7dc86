package tiff

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// file is an open TIFF: its byte order, flavour and size, which bound every offset and
// count read from it.
type file struct {
	r       io.ReaderAt
	size    int64
	order   binary.ByteOrder
	bigTIFF bool
}

// entry is one IFD entry. Its values are read only when a tag is used, so that a corrupt
// entry this package does not need cannot fail the read.
type entry struct {
	tag, typ uint16
	count    uint64
	inline   []byte // the values, when they fit in the entry
	offset   int64  // otherwise where they start
}

// ifd is one image file directory.
type ifd struct {
	index   int
	offset  int64
	entries map[uint16]entry
}

// readAt fills p from off, naming what was being read when the file is too short.
func (f *file) readAt(p []byte, off int64, what string) error {
	if off < 0 || off > f.size || int64(len(p)) > f.size-off {
		return fmt.Errorf("tiff: %s: %d bytes at offset %d run past end of file (size %d)", what, len(p), off, f.size)
	}
	n, err := f.r.ReadAt(p, off)
	if n == len(p) {
		return nil
	}
	if err == nil || errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("tiff: %s at offset %d: %w", what, off, err)
}

// openFile reads the header and returns the file and the offset of the first IFD.
func openFile(r io.ReaderAt, size int64) (*file, int64, error) {
	if size < 8 {
		return nil, 0, fmt.Errorf("tiff: not a TIFF file: %d bytes is shorter than a header", size)
	}
	f := &file{r: r, size: size}
	var h [16]byte
	hn := 8
	if size >= 16 {
		hn = 16
	}
	if err := f.readAt(h[:hn], 0, "header"); err != nil {
		return nil, 0, err
	}
	switch string(h[:2]) {
	case "II":
		f.order = binary.LittleEndian
	case "MM":
		f.order = binary.BigEndian
	default:
		return nil, 0, fmt.Errorf("tiff: not a TIFF file: starts with %q, want \"II\" or \"MM\"", h[:2])
	}
	switch magic := f.order.Uint16(h[2:]); magic {
	case 42:
		return f, int64(f.order.Uint32(h[4:])), nil
	case 43:
		if hn < 16 {
			return nil, 0, fmt.Errorf("tiff: BigTIFF header truncated: file has %d bytes", size)
		}
		if bs, zero := f.order.Uint16(h[4:]), f.order.Uint16(h[6:]); bs != 8 || zero != 0 {
			return nil, 0, fmt.Errorf("tiff: BigTIFF header has offset size %d and reserved field %d, want 8 and 0", bs, zero)
		}
		f.bigTIFF = true
		off := f.order.Uint64(h[8:])
		if off > math.MaxInt64 {
			return nil, 0, fmt.Errorf("tiff: first IFD offset %d past end of file (size %d)", off, size)
		}
		return f, int64(off), nil
	default:
		return nil, 0, fmt.Errorf("tiff: not a TIFF file: version %d, want 42 (TIFF) or 43 (BigTIFF)", magic)
	}
}

// readIFDs walks the IFD chain from first. It stops with an error on an offset outside
// the file, on a chain that comes back to an IFD already read, and on IFDs that overlap
// (whose total size exceeds the file's): without these checks a few corrupt bytes could
// make it loop forever or parse the same bytes a million times.
func (f *file) readIFDs(first int64) ([]*ifd, error) {
	var (
		ifds    []*ifd
		seen    = map[int64]int{}
		total   int64
		off     = first
		hdrSize = int64(8)
	)
	if f.bigTIFF {
		hdrSize = 16
	}
	for off != 0 {
		i := len(ifds)
		if prev, ok := seen[off]; ok {
			return nil, fmt.Errorf("tiff: IFD %d points back to IFD %d at offset %d: the IFD chain is a cycle (corrupt file)", i-1, prev, off)
		}
		if off < hdrSize || off >= f.size {
			if i == 0 {
				return nil, fmt.Errorf("tiff: first IFD offset %d is outside the file (size %d)", off, f.size)
			}
			return nil, fmt.Errorf("tiff: IFD %d: offset %d (from IFD %d) is outside the file (size %d); the file may be truncated", i, off, i-1, f.size)
		}
		seen[off] = i
		d, next, n, err := f.readIFD(i, off)
		if err != nil {
			return nil, err
		}
		if total += n; total > f.size {
			return nil, fmt.Errorf("tiff: IFD %d at offset %d overlaps earlier IFDs (corrupt file)", i, off)
		}
		ifds = append(ifds, d)
		off = next
	}
	if len(ifds) == 0 {
		return nil, errors.New("tiff: the file has no IFD (no image)")
	}
	return ifds, nil
}

// readIFD reads the IFD at off; it returns the offset of the next one and the IFD's size.
func (f *file) readIFD(index int, off int64) (*ifd, int64, int64, error) {
	countSize, entrySize, valueSize := int64(2), int64(12), int64(4)
	if f.bigTIFF {
		countSize, entrySize, valueSize = 8, 20, 8
	}
	where := fmt.Sprintf("IFD %d at offset %d", index, off)
	var cb [8]byte
	if err := f.readAt(cb[:countSize], off, where+": entry count"); err != nil {
		return nil, 0, 0, err
	}
	var n uint64
	if f.bigTIFF {
		n = f.order.Uint64(cb[:])
	} else {
		n = uint64(f.order.Uint16(cb[:]))
	}
	if n == 0 {
		return nil, 0, 0, fmt.Errorf("tiff: %s has no entries (corrupt file)", where)
	}
	room := f.size - off - countSize - valueSize
	if room < 0 || n > uint64(room/entrySize) {
		return nil, 0, 0, fmt.Errorf("tiff: %s: %d entries run past end of file (size %d)", where, n, f.size)
	}
	blockLen := countSize + int64(n)*entrySize + valueSize
	buf := make([]byte, blockLen-countSize)
	if err := f.readAt(buf, off+countSize, where); err != nil {
		return nil, 0, 0, err
	}
	d := &ifd{index: index, offset: off, entries: make(map[uint16]entry, n)}
	for k := 0; k < int(n); k++ {
		b := buf[int64(k)*entrySize:]
		e := entry{tag: f.order.Uint16(b), typ: f.order.Uint16(b[2:])}
		var field []byte
		if f.bigTIFF {
			e.count = f.order.Uint64(b[4:])
			field = b[12 : 12+valueSize]
		} else {
			e.count = uint64(f.order.Uint32(b[4:]))
			field = b[8 : 8+valueSize]
		}
		ts := uint64(typeSize(e.typ))
		if ts == 0 {
			continue // unknown field type: skip, as TIFF 6.0 asks
		}
		if e.count <= uint64(valueSize)/ts {
			e.inline = field[:e.count*ts]
		} else if f.bigTIFF {
			e.offset = int64(min(f.order.Uint64(field), math.MaxInt64))
		} else {
			e.offset = int64(f.order.Uint32(field))
		}
		d.entries[e.tag] = e
	}
	tail := buf[len(buf)-int(valueSize):]
	var next int64
	if f.bigTIFF {
		next = int64(min(f.order.Uint64(tail), math.MaxInt64))
	} else {
		next = int64(f.order.Uint32(tail))
	}
	return d, next, blockLen, nil
}

// valueBytes returns the raw bytes of an entry's values after checking that they lie in
// the file.
func (f *file) valueBytes(e entry, what string) ([]byte, error) {
	if e.inline != nil {
		return e.inline, nil
	}
	ts := uint64(typeSize(e.typ))
	if e.count > uint64(f.size)/ts {
		return nil, fmt.Errorf("tiff: %s: %d values do not fit in the file (size %d)", what, e.count, f.size)
	}
	n := int64(e.count * ts)
	if e.offset > f.size || n > f.size-e.offset {
		return nil, fmt.Errorf("tiff: %s: %d bytes at offset %d run past end of file (size %d)", what, n, e.offset, f.size)
	}
	b := make([]byte, n)
	if err := f.readAt(b, e.offset, what); err != nil {
		return nil, err
	}
	return b, nil
}

// uints returns an entry's values, which must be of an unsigned integer type.
func (f *file) uints(e entry, what string) ([]uint64, error) {
	switch e.typ {
	case typeByte, typeShort, typeLong, typeLong8, typeIFD, typeIFD8, typeUndefined:
	default:
		return nil, fmt.Errorf("tiff: %s: field type %d, want an unsigned integer type", what, e.typ)
	}
	b, err := f.valueBytes(e, what)
	if err != nil {
		return nil, err
	}
	out := make([]uint64, e.count)
	for i := range out {
		switch e.typ {
		case typeByte, typeUndefined:
			out[i] = uint64(b[i])
		case typeShort:
			out[i] = uint64(f.order.Uint16(b[2*i:]))
		case typeLong, typeIFD:
			out[i] = uint64(f.order.Uint32(b[4*i:]))
		default:
			out[i] = f.order.Uint64(b[8*i:])
		}
	}
	return out, nil
}

// uint returns the first value of an unsigned integer entry.
func (f *file) uint(e entry, what string) (uint64, error) {
	if e.count == 0 {
		return 0, fmt.Errorf("tiff: %s has no value", what)
	}
	one := e
	one.count = 1
	if e.inline == nil {
		one.inline = nil
	} else {
		one.inline = e.inline[:typeSize(e.typ)]
	}
	v, err := f.uints(one, what)
	if err != nil {
		return 0, err
	}
	return v[0], nil
}

// ascii returns an ASCII entry up to its first NUL.
func (f *file) ascii(e entry, what string) (string, error) {
	if e.typ != typeASCII && e.typ != typeByte && e.typ != typeUndefined {
		return "", fmt.Errorf("tiff: %s: field type %d, want ASCII", what, e.typ)
	}
	b, err := f.valueBytes(e, what)
	if err != nil {
		return "", err
	}
	for i, c := range b {
		if c == 0 {
			b = b[:i]
			break
		}
	}
	return string(b), nil
}

// ratio is a RATIONAL value.
type ratio struct{ num, den uint32 }

// inverse returns scale / (num/den), computed so that a ratio written from a decimal
// pixel size gives that decimal back; 0 when either part is 0.
func (r ratio) inverse(scale float64) float64 {
	if r.num == 0 || r.den == 0 {
		return 0
	}
	return scale * float64(r.den) / float64(r.num)
}

// rational returns the first value of a RATIONAL entry.
func (f *file) rational(e entry, what string) (ratio, error) {
	if e.typ != typeRational || e.count == 0 {
		return ratio{}, fmt.Errorf("tiff: %s: want a RATIONAL value", what)
	}
	one := e
	one.count = 1
	b, err := f.valueBytes(one, what)
	if err != nil {
		return ratio{}, err
	}
	return ratio{f.order.Uint32(b), f.order.Uint32(b[4:])}, nil
}
