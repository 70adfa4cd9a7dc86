package tiff

import (
	"encoding/binary"
	"math"
)

// unpack stores n samples from raw (in the file's byte order) into pix[at:at+n]: sample
// k is read from element first+k*stride of raw, so that stride and first pick one sample
// of interleaved pixels.
func unpack(pix any, at int, raw []byte, n, stride, first int, big bool) {
	le, be := binary.LittleEndian, binary.BigEndian
	switch d := pix.(type) {
	case []uint8:
		d = d[at : at+n]
		if stride == 1 {
			copy(d, raw[first:first+n])
			return
		}
		for k := range d {
			d[k] = raw[first+k*stride]
		}
	case []int8:
		d = d[at : at+n]
		for k := range d {
			d[k] = int8(raw[first+k*stride])
		}
	case []uint16:
		d = d[at : at+n]
		if big {
			for k := range d {
				d[k] = be.Uint16(raw[(first+k*stride)*2:])
			}
		} else {
			for k := range d {
				d[k] = le.Uint16(raw[(first+k*stride)*2:])
			}
		}
	case []int16:
		d = d[at : at+n]
		if big {
			for k := range d {
				d[k] = int16(be.Uint16(raw[(first+k*stride)*2:]))
			}
		} else {
			for k := range d {
				d[k] = int16(le.Uint16(raw[(first+k*stride)*2:]))
			}
		}
	case []uint32:
		d = d[at : at+n]
		if big {
			for k := range d {
				d[k] = be.Uint32(raw[(first+k*stride)*4:])
			}
		} else {
			for k := range d {
				d[k] = le.Uint32(raw[(first+k*stride)*4:])
			}
		}
	case []int32:
		d = d[at : at+n]
		if big {
			for k := range d {
				d[k] = int32(be.Uint32(raw[(first+k*stride)*4:]))
			}
		} else {
			for k := range d {
				d[k] = int32(le.Uint32(raw[(first+k*stride)*4:]))
			}
		}
	case []float32:
		d = d[at : at+n]
		if big {
			for k := range d {
				d[k] = math.Float32frombits(be.Uint32(raw[(first+k*stride)*4:]))
			}
		} else {
			for k := range d {
				d[k] = math.Float32frombits(le.Uint32(raw[(first+k*stride)*4:]))
			}
		}
	case []float64:
		d = d[at : at+n]
		if big {
			for k := range d {
				d[k] = math.Float64frombits(be.Uint64(raw[(first+k*stride)*8:]))
			}
		} else {
			for k := range d {
				d[k] = math.Float64frombits(le.Uint64(raw[(first+k*stride)*8:]))
			}
		}
	}
}

// pack appends samples pix[at:at+n] to dst in the given byte order.
func pack(dst []byte, pix any, at, n int, big bool) []byte {
	var o binary.AppendByteOrder = binary.LittleEndian
	if big {
		o = binary.BigEndian
	}
	switch d := pix.(type) {
	case []uint8:
		return append(dst, d[at:at+n]...)
	case []int8:
		for _, v := range d[at : at+n] {
			dst = append(dst, byte(v))
		}
	case []uint16:
		if !big {
			for _, v := range d[at : at+n] {
				dst = binary.LittleEndian.AppendUint16(dst, v)
			}
			return dst
		}
		for _, v := range d[at : at+n] {
			dst = o.AppendUint16(dst, v)
		}
	case []int16:
		for _, v := range d[at : at+n] {
			dst = o.AppendUint16(dst, uint16(v))
		}
	case []uint32:
		if !big {
			for _, v := range d[at : at+n] {
				dst = binary.LittleEndian.AppendUint32(dst, v)
			}
			return dst
		}
		for _, v := range d[at : at+n] {
			dst = o.AppendUint32(dst, v)
		}
	case []int32:
		for _, v := range d[at : at+n] {
			dst = o.AppendUint32(dst, uint32(v))
		}
	case []float32:
		if !big {
			for _, v := range d[at : at+n] {
				dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(v))
			}
			return dst
		}
		for _, v := range d[at : at+n] {
			dst = o.AppendUint32(dst, math.Float32bits(v))
		}
	case []float64:
		for _, v := range d[at : at+n] {
			dst = o.AppendUint64(dst, math.Float64bits(v))
		}
	}
	return dst
}
