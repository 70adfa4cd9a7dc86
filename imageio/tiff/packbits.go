package tiff

import "fmt"

// unpackBits decodes PackBits data from src until dst is full.
func unpackBits(dst, src []byte) error {
	o, i := 0, 0
	for o < len(dst) {
		if i >= len(src) {
			return fmt.Errorf("PackBits data ends after %d of %d bytes", o, len(dst))
		}
		n := int(int8(src[i]))
		i++
		switch {
		case n >= 0: // n+1 literal bytes
			n++
			if i+n > len(src) {
				return fmt.Errorf("PackBits literal run of %d bytes is truncated", n)
			}
			if o+n > len(dst) {
				n = len(dst) - o
			}
			copy(dst[o:], src[i:i+n])
			o += n
			i += n
		case n != -128: // the next byte 1-n times
			if i >= len(src) {
				return fmt.Errorf("PackBits repeat run is truncated")
			}
			c := src[i]
			i++
			n = min(1-n, len(dst)-o)
			for k := range n {
				dst[o+k] = c
			}
			o += n
		}
		// -128 is a no-op.
	}
	return nil
}

// packBits appends the PackBits encoding of row to dst. TIFF packs each row on its own.
func packBits(dst, row []byte) []byte {
	for i := 0; i < len(row); {
		// A run of 3 or more equal bytes is worth a repeat packet.
		run := 1
		for i+run < len(row) && run < 128 && row[i+run] == row[i] {
			run++
		}
		if run >= 3 {
			dst = append(dst, byte(int8(1-run)), row[i])
			i += run
			continue
		}
		// Otherwise take literals up to the next run of 3 (or 128 bytes).
		start := i
		for i < len(row) && i-start < 128 {
			if i+2 < len(row) && row[i] == row[i+1] && row[i] == row[i+2] {
				break
			}
			i++
		}
		dst = append(dst, byte(i-start-1))
		dst = append(dst, row[start:i]...)
	}
	return dst
}
