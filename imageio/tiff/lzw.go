package tiff

// lzwWriter encodes TIFF's LZW variant (TIFF 6.0 section 13): MSB-first codes of 9 to 12
// bits, Clear (256) first, EOI (257) last, and a code width that grows one code earlier
// than in GIF's LZW ("early change"). compress/lzw writes GIF's variant, and
// golang.org/x/image/tiff/lzw only decodes, hence this encoder.
type lzwWriter struct {
	out   []byte
	bits  uint32 // pending bits, MSB-aligned
	nbits uint
	count int // codes written since the last Clear
	next  int // the code the next table entry gets
	// table is an open-addressing hash from (prefix code, byte) to code: each slot holds
	// key<<12 | code, 0 when empty.
	table [lzwTableSize]uint32
}

const (
	lzwClear     = 256
	lzwEOI       = 257
	lzwFirst     = 258
	lzwLast      = 4094 // entries up to here; then a Clear, before the decoder's table is full
	lzwTableSize = 1 << 14
)

// lzwWidth is the width of the n-th code after a Clear (counting from 1), exactly as a
// TIFF LZW decoder reads it.
func lzwWidth(n int) uint {
	switch {
	case n < 255:
		return 9
	case n < 767:
		return 10
	case n < 1791:
		return 11
	}
	return 12
}

func (w *lzwWriter) emit(code int) {
	w.count++
	width := lzwWidth(w.count)
	w.bits |= uint32(code) << (32 - width - w.nbits)
	w.nbits += width
	for w.nbits >= 8 {
		w.out = append(w.out, byte(w.bits>>24))
		w.bits <<= 8
		w.nbits -= 8
	}
}

func (w *lzwWriter) reset() {
	w.table = [lzwTableSize]uint32{}
	w.count = 0
	w.next = lzwFirst
}

// lzwEncode appends the TIFF LZW encoding of src to dst.
func lzwEncode(w *lzwWriter, dst, src []byte) []byte {
	w.out, w.bits, w.nbits = dst, 0, 0
	w.reset()
	w.emit(lzwClear)
	w.count = 0
	if len(src) == 0 {
		w.emit(lzwEOI)
		return w.flush()
	}
	prefix := int(src[0])
	for _, c := range src[1:] {
		key := uint32(prefix)<<8 | uint32(c)
		h := (key * 0x9E3779B1) >> (32 - 14)
		found := false
		for {
			slot := w.table[h]
			if slot == 0 {
				break
			}
			if slot>>12 == key {
				prefix = int(slot & 0xfff)
				found = true
				break
			}
			h = (h + 1) & (lzwTableSize - 1)
		}
		if found {
			continue
		}
		w.emit(prefix)
		w.table[h] = key<<12 | uint32(w.next)
		w.next++
		if w.next > lzwLast {
			w.emit(lzwClear)
			w.reset()
		}
		prefix = int(c)
	}
	w.emit(prefix)
	w.emit(lzwEOI)
	return w.flush()
}

func (w *lzwWriter) flush() []byte {
	if w.nbits > 0 {
		w.out = append(w.out, byte(w.bits>>24))
	}
	out := w.out
	w.out = nil
	return out
}
