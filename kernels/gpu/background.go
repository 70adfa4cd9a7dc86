package gpu

import (
	"math"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// The rolling-ball background of kernels/cpu/background.go: one work item per pixel
// takes the minimum over the ball's offsets directly. The CPU's row-minimum sharing and
// bound-based skipping only reorder and prune a minimum of correctly rounded float32
// sums, so the direct minimum is the same value.

var (
	srcBackground = source("background.cl")

	kRollingBall = kernel(srcBackground, "rolling_ball", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Real, Float, Int)
)

// RollingBall estimates the background of an image by rolling a ball under its surface,
// as skimage.restoration.rolling_ball(image, radius=radius) does (nansafe=False), and
// returns the background: for every pixel x, the minimum over the ball's offsets k
// (sqrt(|k|²) <= radius, a disk in 2D and a sphere in 3D) with x+k inside the image of
// float32(image[x+k] + d(k)), d(k) = h(0) - h(k) and h(k) = float32(sqrt(max(radius² -
// |k|², 0))). NaN pixels never win the minimum; a pixel whose whole ball is NaN gets +Inf.
//
//kernreg:op name=rolling_ball tags=background,morphology ref=skimage.restoration.rolling_ball slices=coupled
func RollingBall(dst, image Array, p cpu.RollingBallParams) error {
	return rollingBall("rolling_ball", dst.View, image.View, p, false)
}

// SubtractRollingBallBackground subtracts the rolling-ball background from the image:
// image - rolling_ball(image, radius) in float32 (see RollingBall); a NaN pixel stays NaN.
//
//kernreg:op name=subtract_rolling_ball_background tags=background ref="image-skimage.restoration.rolling_ball(image,radius=radius)" slices=coupled
func SubtractRollingBallBackground(dst, image Array, p cpu.RollingBallParams) error {
	return rollingBall("subtract_rolling_ball_background", dst.View, image.View, p, true)
}

func rollingBall(op string, dst, image View, p cpu.RollingBallParams, subtract bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if err := cpu.RollingBallRadiusOf(op, p.Radius); err != nil {
		return err
	}
	big := int(math.Ceil(p.Radius))
	rz := 0
	if len(image.Shape) == 3 {
		rz = big
	}
	h0 := float32(math.Sqrt(p.Radius * p.Radius)) // numpy's sqrt(radius**2)
	z, y, x := dst.dims3()
	return kRollingBall.Launch(dst.Dev(), grid3(dst), dst.Buf, dst.Off, image.Buf, image.Off, z, y, x,
		rz, big, p.Radius, h0, b2i(subtract))
}
