package registry

import (
	"errors"
	"fmt"
	"strings"
)

// DType is the element type of an Array. Compute data is float32; label images are uint32.
// Other input types (uint8, uint16, float64, ...) are converted at the I/O boundary.
type DType uint8

const (
	Float32 DType = iota + 1
	Uint32
)

func (d DType) String() string {
	switch d {
	case Float32:
		return "float32"
	case Uint32:
		return "uint32"
	}
	return fmt.Sprintf("DType(%d)", uint8(d))
}

// ParseDType is the inverse of DType.String.
func ParseDType(s string) (DType, error) {
	switch s {
	case "float32":
		return Float32, nil
	case "uint32":
		return Uint32, nil
	}
	return 0, fmt.Errorf("unknown dtype %q (want float32 or uint32)", s)
}

// MemoryType says where an Array's elements live.
type MemoryType string

const (
	Host   MemoryType = "host"
	OpenCL MemoryType = "opencl"
	CUDA   MemoryType = "cuda"
)

// Shape is a C-order shape: Y x X for a plane, Z x Y x X for a volume.
type Shape []int

// String formats a shape the way errors print it: "64x512x512".
func (s Shape) String() string {
	if len(s) == 0 {
		return "()"
	}
	parts := make([]string, len(s))
	for i, n := range s {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, "x")
}

// Len is the number of elements of an array of this shape.
func (s Shape) Len() int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

// Equal reports whether two shapes are identical.
func (s Shape) Equal(o Shape) bool {
	if len(s) != len(o) {
		return false
	}
	for i := range s {
		if s[i] != o[i] {
			return false
		}
	}
	return true
}

func (s Shape) check() error {
	if len(s) != 2 && len(s) != 3 {
		return fmt.Errorf("shape %v: arrays are 2D (Y x X) or 3D (Z x Y x X), got %dD", s, len(s))
	}
	n := 1
	for _, d := range s {
		if d <= 0 {
			return fmt.Errorf("shape %v: every dimension must be >= 1", s)
		}
		if d > MaxElements/n {
			return fmt.Errorf("shape %v: more than MaxElements (%d) elements", s, MaxElements)
		}
		n *= d
	}
	return nil
}

// MaxElements bounds the size of one array (2^31 elements, 8 GiB of float32), so that a
// parameter such as zoom=1e6 gets an error instead of exhausting memory. Raise it in
// programs that need larger arrays.
var MaxElements = 1 << 31

// Buffer is the storage behind an Array in one memory type. Host buffers are Go slices;
// device backends provide their own. Device buffers are released explicitly, never by the GC.
type Buffer interface {
	Memory() MemoryType
	// Len is the number of elements the buffer holds.
	Len() int
	Release() error
}

// HostBuffer is host memory: exactly one of F32 and U32 is set.
type HostBuffer struct {
	F32 []float32
	U32 []uint32
}

func (b *HostBuffer) Memory() MemoryType { return Host }
func (b *HostBuffer) Release() error     { b.F32, b.U32 = nil, nil; return nil }
func (b *HostBuffer) Len() int {
	if b.F32 != nil {
		return len(b.F32)
	}
	return len(b.U32)
}

// Array is a 2D or 3D C-order array in some memory type. Arrays made by Slice, AsVolume and
// AsPlane are views that share the parent's buffer.
type Array struct {
	shape Shape
	dtype DType
	buf   Buffer
	off   int  // first element of this array in buf
	view  bool // made by Slice, AsVolume or AsPlane: Release leaves the buffer alone
}

// NewFloat32 wraps data (not copied) as a host float32 array of the given shape.
func NewFloat32(shape []int, data []float32) (*Array, error) {
	return newHost(shape, Float32, &HostBuffer{F32: data}, len(data))
}

// NewUint32 wraps data (not copied) as a host uint32 label array of the given shape.
func NewUint32(shape []int, data []uint32) (*Array, error) {
	return newHost(shape, Uint32, &HostBuffer{U32: data}, len(data))
}

func newHost(shape []int, dt DType, b *HostBuffer, n int) (*Array, error) {
	s := Shape(append([]int(nil), shape...))
	if err := s.check(); err != nil {
		return nil, err
	}
	if s.Len() != n {
		return nil, fmt.Errorf("shape %v needs %d elements, data has %d", s, s.Len(), n)
	}
	return &Array{shape: s, dtype: dt, buf: b}, nil
}

// NewHost allocates a zeroed host array.
func NewHost(dt DType, shape ...int) (*Array, error) {
	s := Shape(shape)
	if err := s.check(); err != nil {
		return nil, err
	}
	switch dt {
	case Float32:
		return NewFloat32(s, make([]float32, s.Len()))
	case Uint32:
		return NewUint32(s, make([]uint32, s.Len()))
	}
	return nil, fmt.Errorf("unknown dtype %v", dt)
}

// NewArray wraps a buffer of any memory type; backends use it for device arrays.
func NewArray(shape []int, dt DType, buf Buffer) (*Array, error) {
	s := Shape(append([]int(nil), shape...))
	if err := s.check(); err != nil {
		return nil, err
	}
	if buf.Len() < s.Len() {
		return nil, fmt.Errorf("shape %v needs %d elements, buffer has %d", s, s.Len(), buf.Len())
	}
	return &Array{shape: s, dtype: dt, buf: buf}, nil
}

func (a *Array) Shape() Shape       { return append(Shape(nil), a.shape...) }
func (a *Array) Ndim() int          { return len(a.shape) }
func (a *Array) Len() int           { return a.shape.Len() }
func (a *Array) DType() DType       { return a.dtype }
func (a *Array) Memory() MemoryType { return a.buf.Memory() }

// Buffer and Offset give backends the storage and the element offset of a (possibly view) array.
func (a *Array) Buffer() Buffer { return a.buf }
func (a *Array) Offset() int    { return a.off }

// String describes the array for messages: "float32 64x512x512 (host)".
func (a *Array) String() string {
	return fmt.Sprintf("%v %v (%s)", a.dtype, a.shape, a.buf.Memory())
}

// ErrNotHost is returned when host elements are asked of an array in device memory.
var ErrNotHost = errors.New("array is not in host memory")

// Float32s returns the elements of a host float32 array, sharing its memory.
func (a *Array) Float32s() ([]float32, error) {
	hb, ok := a.buf.(*HostBuffer)
	if !ok {
		return nil, fmt.Errorf("%v: %w", a, ErrNotHost)
	}
	if a.dtype != Float32 {
		return nil, fmt.Errorf("%v: want float32 elements", a)
	}
	return hb.F32[a.off : a.off+a.Len() : a.off+a.Len()], nil
}

// Uint32s returns the elements of a host uint32 array, sharing its memory.
func (a *Array) Uint32s() ([]uint32, error) {
	hb, ok := a.buf.(*HostBuffer)
	if !ok {
		return nil, fmt.Errorf("%v: %w", a, ErrNotHost)
	}
	if a.dtype != Uint32 {
		return nil, fmt.Errorf("%v: want uint32 elements", a)
	}
	return hb.U32[a.off : a.off+a.Len() : a.off+a.Len()], nil
}

// Slice returns plane z of a volume as a 2D view.
func (a *Array) Slice(z int) (*Array, error) {
	if len(a.shape) != 3 {
		return nil, fmt.Errorf("Slice of a %dD array %v: want 3D", len(a.shape), a.shape)
	}
	if z < 0 || z >= a.shape[0] {
		return nil, fmt.Errorf("Slice %d of %v: out of range", z, a.shape)
	}
	n := a.shape[1] * a.shape[2]
	return &Array{shape: Shape{a.shape[1], a.shape[2]}, dtype: a.dtype, buf: a.buf, off: a.off + z*n, view: true}, nil
}

// AsVolume views a plane as a 1-slice volume; a volume is returned as is.
func (a *Array) AsVolume() *Array {
	if len(a.shape) == 3 {
		return a
	}
	return &Array{shape: Shape{1, a.shape[0], a.shape[1]}, dtype: a.dtype, buf: a.buf, off: a.off, view: true}
}

// AsPlane views a 1-slice volume as a plane; a plane is returned as is.
func (a *Array) AsPlane() (*Array, error) {
	if len(a.shape) == 2 {
		return a, nil
	}
	if a.shape[0] != 1 {
		return nil, fmt.Errorf("AsPlane of %v: volume has %d slices, want 1", a.shape, a.shape[0])
	}
	return &Array{shape: Shape{a.shape[1], a.shape[2]}, dtype: a.dtype, buf: a.buf, off: a.off, view: a.view}, nil
}

// Release frees the array's buffer. Releasing a view does nothing: the array it was made
// from owns the buffer.
func (a *Array) Release() error {
	if a.view {
		return nil
	}
	return a.buf.Release()
}

// Clone returns a host copy of a host array.
func (a *Array) Clone() (*Array, error) {
	switch a.dtype {
	case Float32:
		d, err := a.Float32s()
		if err != nil {
			return nil, err
		}
		return NewFloat32(a.shape, append([]float32(nil), d...))
	case Uint32:
		d, err := a.Uint32s()
		if err != nil {
			return nil, err
		}
		return NewUint32(a.shape, append([]uint32(nil), d...))
	}
	return nil, fmt.Errorf("clone: unknown dtype %v", a.dtype)
}

// ConvertDType returns a host array of dtype dt holding a's values. Float to label
// conversion requires non-negative integral values below 2^32; label to float requires
// values exactly representable in float32 (< 2^24).
func ConvertDType(a *Array, dt DType) (*Array, error) {
	if a.dtype == dt {
		return a, nil
	}
	switch dt {
	case Float32:
		src, err := a.Uint32s()
		if err != nil {
			return nil, err
		}
		out := make([]float32, len(src))
		for i, v := range src {
			if v > 1<<24 {
				return nil, fmt.Errorf("convert uint32 to float32: value %d at index %d is not exact in float32", v, i)
			}
			out[i] = float32(v)
		}
		return NewFloat32(a.shape, out)
	case Uint32:
		src, err := a.Float32s()
		if err != nil {
			return nil, err
		}
		out := make([]uint32, len(src))
		for i, v := range src {
			if !(v >= 0 && v < 1<<32) || v != float32(uint32(v)) {
				return nil, fmt.Errorf("convert float32 to uint32: value %v at index %d is not a non-negative integer", v, i)
			}
			out[i] = uint32(v)
		}
		return NewUint32(a.shape, out)
	}
	return nil, fmt.Errorf("convert: unknown dtype %v", dt)
}
