package tiff

import "encoding/binary"

// undoHorizontal reverses predictor 2 on rows of n samples of size bytes with spp
// samples per pixel, in the file's byte order: each sample was stored as the difference
// to the same sample of the pixel on its left, modulo 2^bits.
func undoHorizontal(b []byte, rows, rowLen, spp, size int, big bool) {
	rowBytes := rowLen * size
	for r := range rows {
		row := b[r*rowBytes : (r+1)*rowBytes]
		switch {
		case size == 1:
			for i := spp; i < len(row); i++ {
				row[i] += row[i-spp]
			}
		case size == 2 && big:
			for i := spp * 2; i < len(row); i += 2 {
				binary.BigEndian.PutUint16(row[i:], binary.BigEndian.Uint16(row[i:])+binary.BigEndian.Uint16(row[i-2*spp:]))
			}
		case size == 2:
			for i := spp * 2; i < len(row); i += 2 {
				binary.LittleEndian.PutUint16(row[i:], binary.LittleEndian.Uint16(row[i:])+binary.LittleEndian.Uint16(row[i-2*spp:]))
			}
		case size == 4 && big:
			for i := spp * 4; i < len(row); i += 4 {
				binary.BigEndian.PutUint32(row[i:], binary.BigEndian.Uint32(row[i:])+binary.BigEndian.Uint32(row[i-4*spp:]))
			}
		case size == 4:
			for i := spp * 4; i < len(row); i += 4 {
				binary.LittleEndian.PutUint32(row[i:], binary.LittleEndian.Uint32(row[i:])+binary.LittleEndian.Uint32(row[i-4*spp:]))
			}
		case size == 8 && big:
			for i := spp * 8; i < len(row); i += 8 {
				binary.BigEndian.PutUint64(row[i:], binary.BigEndian.Uint64(row[i:])+binary.BigEndian.Uint64(row[i-8*spp:]))
			}
		case size == 8:
			for i := spp * 8; i < len(row); i += 8 {
				binary.LittleEndian.PutUint64(row[i:], binary.LittleEndian.Uint64(row[i:])+binary.LittleEndian.Uint64(row[i-8*spp:]))
			}
		}
	}
}

// doHorizontal applies predictor 2 (the inverse of undoHorizontal).
func doHorizontal(b []byte, rows, rowLen, spp, size int, big bool) {
	rowBytes := rowLen * size
	for r := range rows {
		row := b[r*rowBytes : (r+1)*rowBytes]
		switch {
		case size == 1:
			for i := len(row) - 1; i >= spp; i-- {
				row[i] -= row[i-spp]
			}
		case size == 2 && big:
			for i := len(row) - 2; i >= 2*spp; i -= 2 {
				binary.BigEndian.PutUint16(row[i:], binary.BigEndian.Uint16(row[i:])-binary.BigEndian.Uint16(row[i-2*spp:]))
			}
		case size == 2:
			for i := len(row) - 2; i >= 2*spp; i -= 2 {
				binary.LittleEndian.PutUint16(row[i:], binary.LittleEndian.Uint16(row[i:])-binary.LittleEndian.Uint16(row[i-2*spp:]))
			}
		case size == 4 && big:
			for i := len(row) - 4; i >= 4*spp; i -= 4 {
				binary.BigEndian.PutUint32(row[i:], binary.BigEndian.Uint32(row[i:])-binary.BigEndian.Uint32(row[i-4*spp:]))
			}
		case size == 4:
			for i := len(row) - 4; i >= 4*spp; i -= 4 {
				binary.LittleEndian.PutUint32(row[i:], binary.LittleEndian.Uint32(row[i:])-binary.LittleEndian.Uint32(row[i-4*spp:]))
			}
		case size == 8 && big:
			for i := len(row) - 8; i >= 8*spp; i -= 8 {
				binary.BigEndian.PutUint64(row[i:], binary.BigEndian.Uint64(row[i:])-binary.BigEndian.Uint64(row[i-8*spp:]))
			}
		case size == 8:
			for i := len(row) - 8; i >= 8*spp; i -= 8 {
				binary.LittleEndian.PutUint64(row[i:], binary.LittleEndian.Uint64(row[i:])-binary.LittleEndian.Uint64(row[i-8*spp:]))
			}
		}
	}
}

// undoFloat reverses predictor 3 (Adobe's floating-point predictor) on rows of rowLen
// samples: the encoder split each row into byte planes, most significant bytes first,
// and differenced the bytes horizontally. The planes are big-endian whatever the file's
// byte order (libtiff's reader agrees); the result is written back in the file's order.
// tmp holds one row.
func undoFloat(b, tmp []byte, rows, rowLen, spp, size int, big bool) {
	rowBytes := rowLen * size
	tmp = tmp[:rowBytes]
	for r := range rows {
		row := b[r*rowBytes : (r+1)*rowBytes]
		// Undo the differencing into tmp, then interleave the byte planes back into row.
		copy(tmp[:spp], row[:spp])
		for i := spp; i < len(row); i++ {
			tmp[i] = row[i] + tmp[i-spp]
		}
		switch {
		case size == 4:
			p0, p1, p2, p3 := tmp[:rowLen], tmp[rowLen:2*rowLen], tmp[2*rowLen:3*rowLen], tmp[3*rowLen:]
			for k := range p0 {
				v := uint32(p0[k])<<24 | uint32(p1[k])<<16 | uint32(p2[k])<<8 | uint32(p3[k])
				if big {
					binary.BigEndian.PutUint32(row[4*k:], v)
				} else {
					binary.LittleEndian.PutUint32(row[4*k:], v)
				}
			}
		default:
			for j := range size { // byte j of each value, counted from the most significant
				plane := tmp[j*rowLen : (j+1)*rowLen]
				pos := size - 1 - j
				if big {
					pos = j
				}
				for k, v := range plane {
					row[k*size+pos] = v
				}
			}
		}
	}
}

// doFloat applies predictor 3 (the inverse of undoFloat).
func doFloat(b, tmp []byte, rows, rowLen, spp, size int, big bool) {
	rowBytes := rowLen * size
	tmp = tmp[:rowBytes]
	for r := range rows {
		row := b[r*rowBytes : (r+1)*rowBytes]
		for j := range size {
			plane := tmp[j*rowLen : (j+1)*rowLen]
			pos := size - 1 - j
			if big {
				pos = j
			}
			for k := range plane {
				plane[k] = row[k*size+pos]
			}
		}
		copy(row[:spp], tmp[:spp])
		for i := spp; i < len(row); i++ {
			row[i] = tmp[i] - tmp[i-spp]
		}
	}
}
