package cpu_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// bruteRollingBall is skimage's apply_kernel, written out: for every pixel, the minimum
// over the ball of image + (h(0) - h(k)) in float32, skipping NaN sums.
func bruteRollingBall(img []float32, shape []int, radius float64) []float32 {
	nz, ny, nx := 1, shape[0], shape[1]
	if len(shape) == 3 {
		nz, ny, nx = shape[0], shape[1], shape[2]
	}
	big := int(math.Ceil(radius))
	bz := 0
	if len(shape) == 3 {
		bz = big
	}
	r2 := radius * radius
	h0 := float32(math.Sqrt(max(r2, 0)))
	out := make([]float32, len(img))
	for z := range nz {
		for y := range ny {
			for x := range nx {
				m := float32(math.Inf(1))
				for kz := -bz; kz <= bz; kz++ {
					for ky := -big; ky <= big; ky++ {
						for kx := -big; kx <= big; kx++ {
							ss := float64(kz*kz + ky*ky + kx*kx)
							if math.Sqrt(ss) > radius {
								continue
							}
							zz, yy, xx := z+kz, y+ky, x+kx
							if zz < 0 || zz >= nz || yy < 0 || yy >= ny || xx < 0 || xx >= nx {
								continue
							}
							d := h0 - float32(math.Sqrt(max(r2-ss, 0)))
							if t := img[(zz*ny+yy)*nx+xx] + d; m > t {
								m = t
							}
						}
					}
				}
				out[(z*ny+y)*nx+x] = m
			}
		}
	}
	return out
}

// TestRollingBallBruteForce checks the pruned, row-sharing kernel against the plain loop
// on images whose intensity range is below, near and far above the ball's height (so the
// bounds cut much, some or nothing), with NaN and ±Inf, on odd shapes.
func TestRollingBallBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	shapes := [][]int{{23, 41}, {1, 37}, {29, 1}, {4, 9, 11}, {1, 13, 17}, {40, 150}}
	for _, shape := range shapes {
		n := 1
		for _, s := range shape {
			n *= s
		}
		for _, scale := range []float32{0.5, 10, 1000} {
			for _, radius := range []float64{0, 1, 2.5, 4, 7.3, 30} {
				if radius > 10 && (len(shape) == 3 || (testing.Short() && n > 2000)) {
					continue // the brute-force loop is slow
				}
				img := make([]float32, n)
				for i := range img {
					img[i] = rng.Float32() * scale
					switch rng.IntN(60) {
					case 0:
						img[i] = float32(math.NaN())
					case 1:
						img[i] = float32(math.Inf(1))
					case 2:
						img[i] = float32(math.Inf(-1))
					}
				}
				want := bruteRollingBall(img, shape, radius)
				dst := cpu.Array{Shape: shape, Data: make([]float32, n)}
				if err := cpu.RollingBall(dst, cpu.Array{Shape: shape, Data: img}, cpu.RollingBallParams{Radius: radius}); err != nil {
					t.Fatal(err)
				}
				for i := range want {
					if dst.Data[i] != want[i] {
						t.Fatalf("shape %v, scale %v, radius %v: pixel %d got %v, want %v", shape, scale, radius, i, dst.Data[i], want[i])
					}
				}
				sub := cpu.Array{Shape: shape, Data: make([]float32, n)}
				if err := cpu.SubtractRollingBallBackground(sub, cpu.Array{Shape: shape, Data: img}, cpu.RollingBallParams{Radius: radius}); err != nil {
					t.Fatal(err)
				}
				for i := range want {
					if w := img[i] - want[i]; !ewSame(sub.Data[i], w) {
						t.Fatalf("subtract, shape %v, radius %v: pixel %d got %v, want %v", shape, radius, i, sub.Data[i], w)
					}
				}
			}
		}
	}
}

func TestBackgroundErrors(t *testing.T) {
	x := cpu.Array{Shape: []int{3, 4}, Data: make([]float32, 12)}
	d := cpu.Array{Shape: []int{3, 4}, Data: make([]float32, 12)}
	for _, r := range []float64{-1, math.NaN(), math.Inf(1), 1e6} {
		if err := cpu.RollingBall(d, x, cpu.RollingBallParams{Radius: r}); err == nil || !strings.HasPrefix(err.Error(), "rolling_ball: radius") {
			t.Errorf("radius %v: got %v", r, err)
		}
	}
	bad := cpu.Array{Shape: []int{4, 3}, Data: make([]float32, 12)}
	if err := cpu.RollingBall(bad, x, cpu.RollingBallParams{Radius: 2}); err == nil {
		t.Error("rolling_ball with a mismatched dst: no error")
	}
	for _, p := range []cpu.SubtractGaussianBackgroundParams{
		{Sigma: []float64{-1}, Truncate: 4},
		{Sigma: []float64{1, 2, 3}, Truncate: 4},
		{Sigma: []float64{1}, Truncate: 4, Mode: "bogus"},
		{Sigma: []float64{math.NaN()}, Truncate: 4},
	} {
		if err := cpu.SubtractGaussianBackground(d, x, p); err == nil || !strings.HasPrefix(err.Error(), "subtract_gaussian_background:") {
			t.Errorf("%+v: got %v", p, err)
		}
	}
}
