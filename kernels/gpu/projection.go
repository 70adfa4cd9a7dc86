package gpu

import "fmt"

var (
	srcProjection = source("projection.cl")

	kZProjection = kernel(srcProjection, "z_projection", Buf, Int, Buf, Int, Int, Int, Int)
)

const (
	projMax = iota
	projMin
	projSum
	projMean
	projStd
	projArgMax
	projArgMin
)

// project reduces a volume along Z into a plane, one work item per pixel.
func project(op string, dst Plane, image Volume, kind int) error {
	if err := checkProjection(op, dst, image); err != nil {
		return err
	}
	n := dst.Len()
	return kZProjection.Launch(dst.Dev(), []int{n}, dst.Buf, dst.Off, image.Buf, image.Off, image.Shape[0], n, kind)
}

// checkProjection checks a VOLUMETRIC_TO_SLICE pair: a volume and a plane of its (Y, X).
func checkProjection(op string, dst Plane, image Volume) error {
	if err := image.check(op, "image"); err != nil {
		return err
	}
	if err := dst.check(op, "dst"); err != nil {
		return err
	}
	if len(image.Shape) != 3 {
		return fmt.Errorf("%s: image must be 3D (Z x Y x X), got shape %v", op, image.Shape)
	}
	if len(dst.Shape) != 2 {
		return fmt.Errorf("%s: dst must be 2D (Y x X), got shape %v", op, dst.Shape)
	}
	return sameShape(op, View{Shape: image.Shape[1:]}, dst.View)
}

// MaximumZProjection sets each pixel to the maximum over Z; a NaN anywhere along Z
// gives NaN, as numpy.max does.
//
//kernreg:op name=maximum_z_projection tags=projection ref="numpy.max(axis=0)"
func MaximumZProjection(dst Plane, image Volume) error {
	return project("maximum_z_projection", dst, image, projMax)
}

// MinimumZProjection sets each pixel to the minimum over Z; a NaN anywhere along Z
// gives NaN, as numpy.min does.
//
//kernreg:op name=minimum_z_projection tags=projection ref="numpy.min(axis=0)"
func MinimumZProjection(dst Plane, image Volume) error {
	return project("minimum_z_projection", dst, image, projMin)
}

// SumZProjection sets each pixel to the sum over Z, accumulated in real and rounded once
// to float32 (numpy.sum(axis=0, dtype=float64)); NaN propagates.
//
//kernreg:op name=sum_z_projection tags=projection ref="numpy.sum(axis=0,dtype=float64)"
func SumZProjection(dst Plane, image Volume) error {
	return project("sum_z_projection", dst, image, projSum)
}

// MeanZProjection sets each pixel to the mean over Z: the sum in real divided by Z,
// rounded once to float32 (numpy.mean(axis=0, dtype=float64)); NaN propagates.
//
//kernreg:op name=mean_z_projection tags=projection ref="numpy.mean(axis=0,dtype=float64)"
func MeanZProjection(dst Plane, image Volume) error {
	return project("mean_z_projection", dst, image, projMean)
}

// StdZProjection sets each pixel to the population standard deviation over Z (ddof=0):
// sqrt(Σ(x - m)² / Z) with m the mean, both passes in real and the result rounded once
// to float32 (numpy.std(axis=0, dtype=float64)). A single slice gives 0; NaN propagates.
//
//kernreg:op name=std_z_projection tags=projection ref="numpy.std(axis=0,dtype=float64)"
func StdZProjection(dst Plane, image Volume) error {
	return project("std_z_projection", dst, image, projStd)
}

// ZPositionOfMaximumZProjection sets each pixel to the z index of its maximum along Z, as
// float32: the smallest z of equal maxima, or of the first NaN (numpy.argmax).
//
//kernreg:op name=z_position_of_maximum_z_projection tags=projection ref="numpy.argmax(axis=0)"
func ZPositionOfMaximumZProjection(dst Plane, image Volume) error {
	return project("z_position_of_maximum_z_projection", dst, image, projArgMax)
}

// ZPositionOfMinimumZProjection sets each pixel to the z index of its minimum along Z, as
// float32: the smallest z of equal minima, or of the first NaN (numpy.argmin).
//
//kernreg:op name=z_position_of_minimum_z_projection tags=projection ref="numpy.argmin(axis=0)"
func ZPositionOfMinimumZProjection(dst Plane, image Volume) error {
	return project("z_position_of_minimum_z_projection", dst, image, projArgMin)
}
