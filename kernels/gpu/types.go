package gpu

import (
	"fmt"
	"unsafe"

	"github.com/kernreg/kernreg/registry"
)

// View is an array in device memory: the buffer, the element offset of its first
// element (a slice of a stack is an offset view of the stack's buffer) and its C-order
// shape. The view types below wrap it; their contract meaning is kernels/cpu's.
type View struct {
	Buf   Buffer
	Off   int
	Shape []int
}

// Plane is a 2D float32 image in device memory.
type Plane struct{ View }

// Volume is a 3D float32 image in device memory.
type Volume struct{ View }

// Array is a 2D or 3D float32 image in device memory.
type Array struct{ View }

// LabelPlane is a 2D uint32 label image in device memory.
type LabelPlane struct{ View }

// LabelVolume is a 3D uint32 label image in device memory.
type LabelVolume struct{ View }

// LabelArray is a 2D or 3D uint32 label image in device memory.
type LabelArray struct{ View }

// ViewOf returns the device view of an array whose buffer is a gpu Buffer (opencl or
// cuda memory). Generated binders call it on the arrays the registry hands them.
func ViewOf(a *registry.Array) (View, error) {
	b, ok := a.Buffer().(Buffer)
	if !ok {
		return View{}, fmt.Errorf("array %v is not in GPU memory", a)
	}
	return View{Buf: b, Off: a.Offset(), Shape: a.Shape()}, nil
}

// Dev is the device that holds the view.
func (v View) Dev() Device { return v.Buf.Device() }

// Len is the number of elements.
func (v View) Len() int {
	n := 1
	for _, d := range v.Shape {
		n *= d
	}
	return n
}

// dims3 is the shape as (Z, Y, X), Z = 1 for a plane.
func (v View) dims3() (z, y, x int) {
	if len(v.Shape) == 2 {
		return 1, v.Shape[0], v.Shape[1]
	}
	return v.Shape[0], v.Shape[1], v.Shape[2]
}

// check verifies that the view fits its buffer and that its size fits the int indices
// the kernels use.
func (v View) check(op, what string) error {
	if v.Buf == nil {
		return fmt.Errorf("%s: %s has no buffer", op, what)
	}
	if len(v.Shape) != 2 && len(v.Shape) != 3 {
		return fmt.Errorf("%s: %s has shape %v, want 2D or 3D", op, what, v.Shape)
	}
	n := int64(1)
	for _, d := range v.Shape {
		if d <= 0 {
			return fmt.Errorf("%s: %s has shape %v with an empty axis", op, what, v.Shape)
		}
		n *= int64(d)
	}
	end := int64(v.Off) + n
	if v.Off < 0 || end*4 > v.Buf.Bytes() {
		return fmt.Errorf("%s: %s (shape %v at element %d) does not fit its buffer of %d bytes", op, what, v.Shape, v.Off, v.Buf.Bytes())
	}
	if end >= 1<<31 {
		return fmt.Errorf("%s: %s has %d elements past its buffer's start; GPU kernels index with 32-bit ints (at most 2^31-1)", op, what, end)
	}
	return nil
}

// sameShape reports an error unless a and b have identical shapes.
func sameShape(op string, a, b View) error {
	if len(a.Shape) != len(b.Shape) {
		return fmt.Errorf("%s: shape %v does not match %v", op, b.Shape, a.Shape)
	}
	for i := range a.Shape {
		if a.Shape[i] != b.Shape[i] {
			return fmt.Errorf("%s: shape %v does not match %v", op, b.Shape, a.Shape)
		}
	}
	return nil
}

// checkPair checks a dst/src pair of a same-shape kernel on one device.
func checkPair(op string, dst, src View) error {
	if err := src.check(op, "image"); err != nil {
		return err
	}
	if err := dst.check(op, "dst"); err != nil {
		return err
	}
	if dst.Dev() != src.Dev() {
		return fmt.Errorf("%s: dst is on %v, image on %v", op, dst.Dev(), src.Dev())
	}
	return sameShape(op, src, dst)
}

// bytesOf views a slice of 4-byte elements as bytes, sharing memory.
func bytesOf[T float32 | uint32 | int32](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*4)
}

// Upload copies host elements into a buffer at element offset off.
func Upload[T float32 | uint32 | int32](b Buffer, off int, data []T) error {
	return b.Device().Write(b, int64(off)*4, bytesOf(data))
}

// Download copies elements of a buffer from element offset off into data.
func Download[T float32 | uint32 | int32](b Buffer, off int, data []T) error {
	return b.Device().Read(b, int64(off)*4, bytesOf(data))
}

// scratch allocates a temporary buffer of n 4-byte elements; the caller releases it
// once the work using it is queued (the backend keeps it alive until that work ends).
func scratch(dev Device, op string, n int) (Buffer, error) {
	b, err := dev.Alloc(int64(max(n, 1)) * 4)
	if err != nil {
		return nil, fmt.Errorf("%s: scratch buffer: %w", op, err)
	}
	return b, nil
}
