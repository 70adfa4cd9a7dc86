package cpu

import "fmt"

// Plane is a 2D float32 image: Shape is [Y, X], Data is C order.
type Plane struct {
	Shape []int
	Data  []float32
}

// Volume is a 3D float32 image: Shape is [Z, Y, X], Data is C order.
type Volume struct {
	Shape []int
	Data  []float32
}

// Array is a 2D or 3D float32 image, for kernels that work on either rank.
type Array struct {
	Shape []int
	Data  []float32
}

// LabelPlane is a 2D uint32 label image (0 is background).
type LabelPlane struct {
	Shape []int
	Data  []uint32
}

// LabelVolume is a 3D uint32 label image.
type LabelVolume struct {
	Shape []int
	Data  []uint32
}

// LabelArray is a 2D or 3D uint32 label image.
type LabelArray struct {
	Shape []int
	Data  []uint32
}

// Slice returns plane z of a volume, sharing memory.
func (v Volume) Slice(z int) Plane {
	n := v.Shape[1] * v.Shape[2]
	return Plane{Shape: v.Shape[1:], Data: v.Data[z*n : (z+1)*n]}
}

// dims3 returns the shape of a 2D or 3D array as (Z, Y, X) with Z = 1 for a plane.
func dims3(shape []int) (z, y, x int) {
	if len(shape) == 2 {
		return 1, shape[0], shape[1]
	}
	return shape[0], shape[1], shape[2]
}

// checkDims checks that a source and a destination of any view types each hold data for
// their shape, and that the shapes agree.
func checkDims(op string, src []int, nsrc int, dst []int, ndst int) error {
	if err := checkData(op, src, nsrc); err != nil {
		return err
	}
	if err := checkData(op, dst, ndst); err != nil {
		return err
	}
	return sameShape(op, src, dst)
}

// sameShape checks that dst and every src have shape want; kernels call it first so a
// direct Go caller gets an error, not a panic or a silent partial write.
func sameShape(op string, want []int, shapes ...[]int) error {
	for _, s := range shapes {
		if len(s) != len(want) {
			return fmt.Errorf("%s: shape %v does not match %v", op, s, want)
		}
		for i := range s {
			if s[i] != want[i] {
				return fmt.Errorf("%s: shape %v does not match %v", op, s, want)
			}
		}
	}
	return nil
}

// checkData verifies that a view's data length matches its shape.
func checkData(op string, shape []int, n int) error {
	want := 1
	for _, d := range shape {
		if d <= 0 {
			return fmt.Errorf("%s: shape %v has an empty axis", op, shape)
		}
		want *= d
	}
	if want != n || (len(shape) != 2 && len(shape) != 3) {
		return fmt.Errorf("%s: shape %v and %d elements do not agree", op, shape, n)
	}
	return nil
}
