package imageio

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/kernreg/kernreg/registry"
)

var npyMagic = []byte("\x93NUMPY")

// maxHeader bounds the header a reader accepts, so a corrupt length cannot exhaust memory.
const maxHeader = 1 << 20

// ReadNPY reads one .npy array of 2 or 3 dimensions (see the package doc for dtypes).
func ReadNPY(r io.Reader) (*registry.Array, error) {
	br := bufio.NewReader(r)
	hdr, err := readNPYHeader(br)
	if err != nil {
		return nil, err
	}
	if len(hdr.shape) != 2 && len(hdr.shape) != 3 {
		return nil, fmt.Errorf("npy: shape %v: kernreg reads 2D (Y x X) and 3D (Z x Y x X) arrays", hdr.shape)
	}
	n := 1
	for _, d := range hdr.shape {
		if d <= 0 {
			return nil, fmt.Errorf("npy: shape %v has an empty dimension", hdr.shape)
		}
		if n > math.MaxInt32/d {
			return nil, fmt.Errorf("npy: shape %v is too large", hdr.shape)
		}
		n *= d
	}
	// Grow with the data that actually arrives, so a corrupt header claiming a huge shape
	// over a short file cannot make us allocate the claimed size.
	need := n * hdr.size
	raw, err := io.ReadAll(io.LimitReader(br, int64(need)))
	if err != nil {
		return nil, fmt.Errorf("npy: reading data: %w", err)
	}
	if len(raw) < need {
		return nil, fmt.Errorf("npy: data for shape %v is truncated: %d of %d bytes", hdr.shape, len(raw), need)
	}
	if hdr.fortran {
		raw = fortranToC(raw, hdr.shape, hdr.size)
	}
	return decode(raw, hdr)
}

type npyHeader struct {
	kind    byte // 'f', 'u', 'i', 'b'
	size    int  // bytes per element
	order   binary.ByteOrder
	fortran bool
	shape   []int
}

var (
	descrRe   = regexp.MustCompile(`'descr'\s*:\s*'([<>|=])([a-zA-Z])(\d+)'`)
	fortranRe = regexp.MustCompile(`'fortran_order'\s*:\s*(True|False)`)
	shapeRe   = regexp.MustCompile(`'shape'\s*:\s*\(([^)]*)\)`)
)

func readNPYHeader(br *bufio.Reader) (*npyHeader, error) {
	pre := make([]byte, 8)
	if _, err := io.ReadFull(br, pre); err != nil {
		return nil, fmt.Errorf("npy: not a .npy file (too short): %w", err)
	}
	if !bytes.Equal(pre[:6], npyMagic) {
		return nil, errors.New("npy: not a .npy file (bad magic)")
	}
	var hlen int
	switch pre[6] {
	case 1:
		b := make([]byte, 2)
		if _, err := io.ReadFull(br, b); err != nil {
			return nil, fmt.Errorf("npy: truncated header: %w", err)
		}
		hlen = int(binary.LittleEndian.Uint16(b))
	case 2, 3:
		b := make([]byte, 4)
		if _, err := io.ReadFull(br, b); err != nil {
			return nil, fmt.Errorf("npy: truncated header: %w", err)
		}
		hlen = int(binary.LittleEndian.Uint32(b))
	default:
		return nil, fmt.Errorf("npy: unsupported format version %d.%d", pre[6], pre[7])
	}
	if hlen > maxHeader {
		return nil, fmt.Errorf("npy: header length %d is implausible", hlen)
	}
	hb := make([]byte, hlen)
	if _, err := io.ReadFull(br, hb); err != nil {
		return nil, fmt.Errorf("npy: truncated header: %w", err)
	}
	h := string(hb)
	d := descrRe.FindStringSubmatch(h)
	if d == nil {
		return nil, fmt.Errorf("npy: unsupported or missing dtype in header %q (want a numeric or bool dtype)", strings.TrimSpace(h))
	}
	size, _ := strconv.Atoi(d[3])
	hdr := &npyHeader{kind: d[2][0], size: size, order: binary.LittleEndian}
	if d[1] == ">" {
		hdr.order = binary.BigEndian
	}
	if !supported(hdr.kind, size) {
		return nil, fmt.Errorf("npy: dtype %s%s is not supported (float16/32/64, int8/16/32/64, uint8/16/32/64, bool)", d[2], d[3])
	}
	f := fortranRe.FindStringSubmatch(h)
	if f == nil {
		return nil, errors.New("npy: header has no fortran_order")
	}
	hdr.fortran = f[1] == "True"
	s := shapeRe.FindStringSubmatch(h)
	if s == nil {
		return nil, errors.New("npy: header has no shape")
	}
	for _, part := range strings.Split(s[1], ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		v, err := strconv.Atoi(part)
		if err != nil || v < 0 {
			return nil, fmt.Errorf("npy: bad shape %q", s[1])
		}
		hdr.shape = append(hdr.shape, v)
	}
	return hdr, nil
}

func supported(kind byte, size int) bool {
	switch kind {
	case 'f':
		return size == 2 || size == 4 || size == 8
	case 'u', 'i':
		return size == 1 || size == 2 || size == 4 || size == 8
	case 'b':
		return size == 1
	}
	return false
}

func decode(raw []byte, h *npyHeader) (*registry.Array, error) {
	n := len(raw) / h.size
	if h.kind == 'u' && h.size == 4 {
		out := make([]uint32, n)
		for i := range out {
			out[i] = h.order.Uint32(raw[i*4:])
		}
		return registry.NewUint32(h.shape, out)
	}
	out := make([]float32, n)
	for i := range out {
		b := raw[i*h.size:]
		switch {
		case h.kind == 'f' && h.size == 4:
			out[i] = math.Float32frombits(h.order.Uint32(b))
		case h.kind == 'f' && h.size == 2:
			out[i] = float16(h.order.Uint16(b))
		case h.kind == 'f' && h.size == 8:
			v := math.Float64frombits(h.order.Uint64(b))
			if math.Abs(v) > math.MaxFloat32 && !math.IsInf(v, 0) {
				return nil, fmt.Errorf("npy: float64 value %v at index %d is outside float32's range", v, i)
			}
			out[i] = float32(v)
		case h.kind == 'u' && h.size == 1, h.kind == 'b':
			out[i] = float32(b[0])
		case h.kind == 'u' && h.size == 2:
			out[i] = float32(h.order.Uint16(b))
		case h.kind == 'i' && h.size == 1:
			out[i] = float32(int8(b[0]))
		case h.kind == 'i' && h.size == 2:
			out[i] = float32(int16(h.order.Uint16(b)))
		case h.kind == 'i' && h.size == 4:
			v := int32(h.order.Uint32(b))
			if v > 1<<24 || v < -(1<<24) {
				return nil, fmt.Errorf("npy: int32 value %d at index %d is not exact in float32", v, i)
			}
			out[i] = float32(v)
		case h.kind == 'i' && h.size == 8:
			v := int64(h.order.Uint64(b))
			if v > 1<<24 || v < -(1<<24) {
				return nil, fmt.Errorf("npy: int64 value %d at index %d is not exact in float32", v, i)
			}
			out[i] = float32(v)
		case h.kind == 'u' && h.size == 8:
			v := h.order.Uint64(b)
			if v > 1<<24 {
				return nil, fmt.Errorf("npy: uint64 value %d at index %d is not exact in float32", v, i)
			}
			out[i] = float32(v)
		}
	}
	return registry.NewFloat32(h.shape, out)
}

// float16 converts an IEEE 754 half-precision value to float32 (exactly).
func float16(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // Inf or NaN
		return math.Float32frombits(sign | 0xff<<23 | frac<<13)
	case exp == 0 && frac == 0:
		return math.Float32frombits(sign)
	case exp == 0: // subnormal: normalise
		e := uint32(127 - 15 + 1)
		for frac&0x400 == 0 {
			frac <<= 1
			e--
		}
		return math.Float32frombits(sign | e<<23 | (frac&0x3ff)<<13)
	}
	return math.Float32frombits(sign | (exp+127-15)<<23 | frac<<13)
}

// fortranToC reorders column-major element bytes into row-major order.
func fortranToC(raw []byte, shape []int, size int) []byte {
	out := make([]byte, len(raw))
	z, y, x := 1, shape[0], shape[1]
	if len(shape) == 3 {
		z, y, x = shape[0], shape[1], shape[2]
	}
	for k := 0; k < z; k++ {
		for j := 0; j < y; j++ {
			for i := 0; i < x; i++ {
				var f int
				if len(shape) == 3 {
					f = k + z*(j+y*i)
				} else {
					f = j + y*i
				}
				c := (k*y+j)*x + i
				copy(out[c*size:(c+1)*size], raw[f*size:(f+1)*size])
			}
		}
	}
	return out
}

// WriteNPY writes a host array as .npy version 1.0: '<f4' for float32, '<u4' for uint32.
func WriteNPY(w io.Writer, a *registry.Array) error {
	descr := "<f4"
	if a.DType() == registry.Uint32 {
		descr = "<u4"
	}
	shape := a.Shape()
	dims := make([]string, len(shape))
	for i, d := range shape {
		dims[i] = strconv.Itoa(d)
	}
	h := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", descr, strings.Join(dims, ", "))
	// Pad so that magic + version + length + header + newline is a multiple of 64.
	pad := 64 - (10+len(h)+1)%64
	h += strings.Repeat(" ", pad%64) + "\n"
	bw := bufio.NewWriter(w)
	bw.Write(npyMagic)
	bw.Write([]byte{1, 0})
	binary.Write(bw, binary.LittleEndian, uint16(len(h)))
	bw.WriteString(h)
	buf := make([]byte, 4)
	switch a.DType() {
	case registry.Float32:
		d, err := a.Float32s()
		if err != nil {
			return fmt.Errorf("npy: %w", err)
		}
		for _, v := range d {
			binary.LittleEndian.PutUint32(buf, math.Float32bits(v))
			bw.Write(buf)
		}
	case registry.Uint32:
		d, err := a.Uint32s()
		if err != nil {
			return fmt.Errorf("npy: %w", err)
		}
		for _, v := range d {
			binary.LittleEndian.PutUint32(buf, v)
			bw.Write(buf)
		}
	}
	return bw.Flush()
}
