package gpu

import (
	"math"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// The rolling-ball background of kernels/cpu/background.go: one work item per pixel
// takes the minimum over the ball's offsets directly, with the ball's heights from a
// table the host computes once. The CPU's row-minimum sharing and
// bound-based skipping only reorder and prune a minimum of correctly rounded float32
// sums, so the direct minimum is the same value.

var (
	srcBackground = source("background.cl")

	kRollingBall = kernel(srcBackground, "rolling_ball", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Buf, Int, Real, Float, Int)
)

// rbTableMax bounds the ball's height table (64 MiB of float32): balls that reach
// further into the image than its square root compute their outer heights on the
// device.
const rbTableMax = 1 << 24

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
	z, y, x := dst.dims3()
	rz := 0
	if len(image.Shape) == 3 {
		rz = big
	}
	r2 := p.Radius * p.Radius
	h0 := float32(math.Sqrt(r2)) // numpy's sqrt(radius**2)
	// The heights d by squared offset length |k|², as kernels/cpu computes them, for the
	// lengths the image can hold: the kernel then needs no square root per term.
	reach := float64(0)
	for i, n := range []int{z, y, x} {
		if i > 0 || rz > 0 {
			e := float64(min(big, n-1))
			reach += e * e
		}
	}
	size := int(min(math.Floor(r2)+2, reach+1, rbTableMax))
	tab := make([]float32, size)
	for ss := range tab {
		if math.Sqrt(float64(ss)) > p.Radius {
			tab[ss] = float32(math.Inf(1))
			continue
		}
		tab[ss] = h0 - float32(math.Sqrt(max(r2-float64(ss), 0)))
	}
	dev := dst.Dev()
	tb, err := scratch(dev, op, size)
	if err != nil {
		return err
	}
	defer tb.Release()
	if err := Upload(tb, 0, tab); err != nil {
		return err
	}
	return kRollingBall.Launch(dev, grid3(dst), dst.Buf, dst.Off, image.Buf, image.Off, z, y, x,
		rz, big, tb, size, p.Radius, h0, b2i(subtract))
}
