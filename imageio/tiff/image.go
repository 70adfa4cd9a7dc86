package tiff

import (
	"fmt"
	"math"

	"github.com/kernreg/kernreg/registry"
)

// Image is the pixels of a TIFF file and what the file says about them.
type Image struct {
	// Shape is C-order: Y x X for a single plane, N x Y x X for N planes, in the order
	// the file stores them (Meta.Plane maps Z, C and T onto the first axis).
	Shape []int
	// DType is the sample type; Pix is a slice of the matching Go type ([]uint8, []int8,
	// []uint16, []int16, []uint32, []int32, []float32 or []float64) of Shape's length.
	DType DType
	Pix   any
	Meta  Metadata
}

// NewImage wraps pix (not copied) as an image of the given shape: a single plane (Y x X)
// or a Z stack (Z x Y x X).
func NewImage(shape []int, pix any) (*Image, error) {
	dt, n, ok := pixInfo(pix)
	if !ok {
		return nil, fmt.Errorf("tiff: pixels of type %T are not supported", pix)
	}
	if len(shape) != 2 && len(shape) != 3 {
		return nil, fmt.Errorf("tiff: shape %v: want Y x X or N x Y x X", shape)
	}
	want := 1
	for _, d := range shape {
		if d <= 0 || d > maxSide || want > math.MaxInt/d {
			return nil, fmt.Errorf("tiff: shape %v: every dimension must be 1..%d", shape, maxSide)
		}
		want *= d
	}
	if want != n {
		return nil, fmt.Errorf("tiff: shape %v needs %d pixels, got %d", shape, want, n)
	}
	img := &Image{Shape: append([]int(nil), shape...), DType: dt, Pix: pix, Meta: plainMetadata(1)}
	if len(shape) == 3 {
		img.Meta.SizeZ = shape[0]
	}
	return img, nil
}

// planes returns the number of planes and the plane size.
func (img *Image) planes() (n, h, w int) {
	if len(img.Shape) == 2 {
		return 1, img.Shape[0], img.Shape[1]
	}
	return img.Shape[0], img.Shape[1], img.Shape[2]
}

// FromArray wraps a host registry array (float32, or uint32 labels) as an image without
// copying.
func FromArray(a *registry.Array) (*Image, error) {
	switch a.DType() {
	case registry.Float32:
		d, err := a.Float32s()
		if err != nil {
			return nil, fmt.Errorf("tiff: %w", err)
		}
		return NewImage(a.Shape(), d)
	case registry.Uint32:
		d, err := a.Uint32s()
		if err != nil {
			return nil, fmt.Errorf("tiff: %w", err)
		}
		return NewImage(a.Shape(), d)
	}
	return nil, fmt.Errorf("tiff: %v: unsupported dtype", a)
}

// Array converts the image to kernreg's data model, keeping every value: uint32 becomes
// a uint32 label array, every other type float32 (float32 pixels are shared, not copied).
// int32 values beyond ±2^24 and float64 values outside float32's range are errors that
// name the value and its index. The shape is kept, so a multi-channel or time-lapse
// image is a stack of all its planes; use Stack to pick one Z stack.
func (img *Image) Array() (*registry.Array, error) {
	if img.DType == Uint32 {
		return img.ArrayOf(registry.Uint32)
	}
	return img.ArrayOf(registry.Float32)
}

// ArrayOf converts the image to an array of dtype dt, keeping every value: to uint32 the
// samples must be non-negative integers, to float32 integers must be exact in float32.
func (img *Image) ArrayOf(dt registry.DType) (*registry.Array, error) {
	switch dt {
	case registry.Float32:
		if d, ok := img.Pix.([]float32); ok {
			return registry.NewFloat32(img.Shape, d)
		}
		out, err := toFloat32(img.Pix)
		if err != nil {
			return nil, err
		}
		return registry.NewFloat32(img.Shape, out)
	case registry.Uint32:
		if d, ok := img.Pix.([]uint32); ok {
			return registry.NewUint32(img.Shape, d)
		}
		out, err := toUint32(img.Pix)
		if err != nil {
			return nil, err
		}
		return registry.NewUint32(img.Shape, out)
	}
	return nil, fmt.Errorf("tiff: unknown dtype %v", dt)
}

// exactF32 is the largest magnitude from which every integer is exact in float32.
const exactF32 = 1 << 24

func toFloat32(pix any) ([]float32, error) {
	switch p := pix.(type) {
	case []uint8:
		return convertAll(p, func(v uint8) float32 { return float32(v) }), nil
	case []int8:
		return convertAll(p, func(v int8) float32 { return float32(v) }), nil
	case []uint16:
		return convertAll(p, func(v uint16) float32 { return float32(v) }), nil
	case []int16:
		return convertAll(p, func(v int16) float32 { return float32(v) }), nil
	case []uint32:
		for i, v := range p {
			if v > exactF32 {
				return nil, fmt.Errorf("tiff: uint32 value %d at index %d is not exact in float32", v, i)
			}
		}
		return convertAll(p, func(v uint32) float32 { return float32(v) }), nil
	case []int32:
		for i, v := range p {
			if v > exactF32 || v < -exactF32 {
				return nil, fmt.Errorf("tiff: int32 value %d at index %d is not exact in float32", v, i)
			}
		}
		return convertAll(p, func(v int32) float32 { return float32(v) }), nil
	case []float64:
		for i, v := range p {
			if math.Abs(v) > math.MaxFloat32 && !math.IsInf(v, 0) {
				return nil, fmt.Errorf("tiff: float64 value %v at index %d is outside float32's range", v, i)
			}
		}
		return convertAll(p, func(v float64) float32 { return float32(v) }), nil
	case []float32:
		return append([]float32(nil), p...), nil
	}
	return nil, fmt.Errorf("tiff: pixels of type %T are not supported", pix)
}

func toUint32(pix any) ([]uint32, error) {
	bad := func(v any, i int) error {
		return fmt.Errorf("tiff: value %v at index %d is not a label (a non-negative integer below 2^32)", v, i)
	}
	switch p := pix.(type) {
	case []uint8:
		return convertAll(p, func(v uint8) uint32 { return uint32(v) }), nil
	case []uint16:
		return convertAll(p, func(v uint16) uint32 { return uint32(v) }), nil
	case []int8:
		for i, v := range p {
			if v < 0 {
				return nil, bad(v, i)
			}
		}
		return convertAll(p, func(v int8) uint32 { return uint32(v) }), nil
	case []int16:
		for i, v := range p {
			if v < 0 {
				return nil, bad(v, i)
			}
		}
		return convertAll(p, func(v int16) uint32 { return uint32(v) }), nil
	case []int32:
		for i, v := range p {
			if v < 0 {
				return nil, bad(v, i)
			}
		}
		return convertAll(p, func(v int32) uint32 { return uint32(v) }), nil
	case []float32:
		for i, v := range p {
			if !(v >= 0 && v < 1<<32) || v != float32(uint32(v)) {
				return nil, bad(v, i)
			}
		}
		return convertAll(p, func(v float32) uint32 { return uint32(v) }), nil
	case []float64:
		for i, v := range p {
			if !(v >= 0 && v < 1<<32) || v != float64(uint32(v)) {
				return nil, bad(v, i)
			}
		}
		return convertAll(p, func(v float64) uint32 { return uint32(v) }), nil
	}
	return nil, fmt.Errorf("tiff: pixels of type %T are not supported", pix)
}

func convertAll[S, D any](src []S, f func(S) D) []D {
	out := make([]D, len(src))
	for i, v := range src {
		out[i] = f(v)
	}
	return out
}

// Stack returns the Z stack of channel c at time point t as a new image (Z x Y x X, or
// Y x X when SizeZ is 1) whose metadata describes one channel and one time point.
func (img *Image) Stack(c, t int) (*Image, error) {
	m := img.Meta
	n, h, w := img.planes()
	if m.Planes() != n {
		return nil, fmt.Errorf("tiff: metadata describes %d planes (SizeZ=%d SizeC=%d SizeT=%d), the image has %d", m.Planes(), m.SizeZ, m.SizeC, m.SizeT, n)
	}
	out := makePix(img.DType, m.SizeZ*h*w)
	for z := range m.SizeZ {
		src, err := m.Plane(z, c, t)
		if err != nil {
			return nil, err
		}
		copyPlane(out, z*h*w, img.Pix, src*h*w, h*w)
	}
	shape := []int{m.SizeZ, h, w}
	if m.SizeZ == 1 {
		shape = shape[1:]
	}
	s, err := NewImage(shape, out)
	if err != nil {
		return nil, err
	}
	s.Meta = m
	s.Meta.SizeC, s.Meta.SizeT, s.Meta.DimensionOrder = 1, 1, "XYZCT"
	if c < len(m.ChannelNames) {
		s.Meta.ChannelNames = []string{m.ChannelNames[c]}
	} else {
		s.Meta.ChannelNames = nil
	}
	return s, nil
}

func copyPlane(dst any, at int, src any, from, n int) {
	switch d := dst.(type) {
	case []uint8:
		copy(d[at:at+n], src.([]uint8)[from:])
	case []int8:
		copy(d[at:at+n], src.([]int8)[from:])
	case []uint16:
		copy(d[at:at+n], src.([]uint16)[from:])
	case []int16:
		copy(d[at:at+n], src.([]int16)[from:])
	case []uint32:
		copy(d[at:at+n], src.([]uint32)[from:])
	case []int32:
		copy(d[at:at+n], src.([]int32)[from:])
	case []float32:
		copy(d[at:at+n], src.([]float32)[from:])
	case []float64:
		copy(d[at:at+n], src.([]float64)[from:])
	}
}
