package cpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// fxWindow gathers the window of pixel (z, y, x) of a box of size sz x sy x sx in C
// order, the image extended by mode (cval rounded as the caller wishes).
func fxWindow(src []float32, nz, ny, nx, z, y, x, sz, sy, sx int, m Mode, cval float32) []float32 {
	var w []float32
	for a := range sz {
		iz := m.index(z+a-sz/2, nz)
		for b := range sy {
			iy := m.index(y+b-sy/2, ny)
			for c := range sx {
				ix := m.index(x+c-sx/2, nx)
				if iz < 0 || iy < 0 || ix < 0 {
					w = append(w, cval)
				} else {
					w = append(w, src[(iz*ny+iy)*nx+ix])
				}
			}
		}
	}
	return w
}

// TestRankFilterBrute checks RankFilter and PercentileFilter against sorting every
// window, on NaN-free data with ties, for every mode, sizes up to past the image and
// every rank class (minimum, maximum, median, others).
func TestRankFilterBrute(t *testing.T) {
	r := rand.New(rand.NewPCG(51, 50))
	shapes := [][]int{{1, 1}, {6, 1}, {1, 7}, {9, 11}, {3, 7, 8}, {1, 5, 6}}
	sizes := [][]int{{1}, {2}, {3}, {4}, {5}, {2, 3}, {1, 6}, {3, 1}, {2, 3, 4}, {3, 3, 3}, {9}}
	for _, shape := range shapes {
		for _, size := range sizes {
			if len(size) > 1 && len(size) != len(shape) {
				continue
			}
			sz3 := make([]int, 3)
			full, _ := perAxisInts("size", size, len(shape))
			copy(sz3[3-len(full):], full)
			if len(full) == 2 {
				sz3[0] = 1
			}
			n := sz3[0] * sz3[1] * sz3[2]
			src := randomImage(r, shape, 4)
			nz, ny, nx := dims3(shape)
			for m := Reflect; m <= Wrap; m++ {
				for _, rank := range []int{0, n - 1, n / 2, n / 3, -1, -n} {
					dst := Array{Shape: shape, Data: make([]float32, len(src))}
					p := RankParams{Rank: rank, Size: size, Mode: m.String(), Cval: 1.5}
					if err := RankFilter(dst, Array{Shape: shape, Data: src}, p); err != nil {
						t.Fatalf("%v %+v: %v", shape, p, err)
					}
					k := (rank + n) % n
					for i := range dst.Data {
						z, y, x := i/(ny*nx), i/nx%ny, i%nx
						w := fxWindow(src, nz, ny, nx, z, y, x, sz3[0], sz3[1], sz3[2], m, 1.5)
						slices.Sort(w)
						if dst.Data[i] != w[k] {
							t.Fatalf("%v %+v: pixel %d got %v, want %v (window %v)", shape, p, i, dst.Data[i], w[k], w)
						}
					}
				}
			}
		}
	}
}

// TestPercentileRank pins scipy's percentile-to-rank rule: int(n·p/100), n-1 for 100,
// p+100 for negative p.
func TestPercentileRank(t *testing.T) {
	src := make([]float32, 25)
	for i := range src {
		src[i] = float32(24 - i) // 0..24: the rank is the value
	}
	img := Array{Shape: []int{5, 5}, Data: src}
	for _, c := range []struct {
		pc   float64
		rank int
	}{{0, 0}, {100, 24}, {-100, 0}, {50, 12}, {-20, 20}, {99.9, 24}, {3.99, 0}, {4, 1}, {33.3, 8}} {
		dst := Array{Shape: []int{5, 5}, Data: make([]float32, 25)}
		if err := PercentileFilter(dst, img, PercentileParams{Percentile: c.pc, Size: []int{5}, Mode: "constant", Cval: 99}); err != nil {
			t.Fatal(err)
		}
		// The centre window is the whole image: value v has rank v.
		if got := int(dst.Data[12]); got != c.rank {
			t.Errorf("percentile %v: rank %d, want %d", c.pc, got, c.rank)
		}
	}
}

// fxWantErr runs fn and checks that it fails with an error that names op and contains
// want.
func fxWantErr(t *testing.T, op, want string, fn func() error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s (%s): panic %v", op, want, r)
		}
	}()
	err := fn()
	if err == nil || !strings.HasPrefix(err.Error(), op+": ") || !strings.Contains(err.Error(), want) {
		t.Errorf("%s: got %v, want an error containing %q", op, err, want)
	}
}

func TestFiltersExtraErrors(t *testing.T) {
	img := Array{Shape: []int{4, 5}, Data: make([]float32, 20)}
	dst := Array{Shape: []int{4, 5}, Data: make([]float32, 20)}
	bad := Array{Shape: []int{4, 6}, Data: make([]float32, 24)}
	vol := Array{Shape: []int{1, 4, 5}, Data: make([]float32, 20)}
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		op, want string
		fn       func() error
	}{
		{"rank_filter", "outside a window of 9", func() error { return RankFilter(dst, img, RankParams{Rank: 9, Size: []int{3}}) }},
		{"rank_filter", "outside a window of 9", func() error { return RankFilter(dst, img, RankParams{Rank: -10, Size: []int{3}}) }},
		{"rank_filter", "size must be >= 1", func() error { return RankFilter(dst, img, RankParams{Size: []int{0}}) }},
		{"rank_filter", "more than", func() error { return RankFilter(dst, img, RankParams{Size: []int{1 << 30, 1 << 30}}) }},
		{"rank_filter", "does not match", func() error { return RankFilter(bad, img, RankParams{Size: []int{3}}) }},
		{"rank_filter", "bogus", func() error { return RankFilter(dst, img, RankParams{Size: []int{3}, Mode: "bogus"}) }},
		{"percentile_filter", "[-100, 100], got 120", func() error {
			return PercentileFilter(dst, img, PercentileParams{Percentile: 120, Size: []int{3}})
		}},
		{"percentile_filter", "got NaN", func() error {
			return PercentileFilter(dst, img, PercentileParams{Percentile: nan, Size: []int{3}})
		}},
		{"percentile_filter", "size", func() error { return PercentileFilter(dst, img, PercentileParams{Size: []int{3, 3, 3}}) }},
		{"correlate", "needs 9 weights, got 3", func() error {
			return Correlate(dst, img, CorrelateParams{Weights: []float64{1, 2, 3}, WeightsShape: []int{3, 3}})
		}},
		{"correlate", "1 to 3 axes", func() error {
			return Correlate(dst, img, CorrelateParams{Weights: []float64{1}, WeightsShape: []int{1, 1, 1, 1}})
		}},
		{"correlate", "1 to 3 axes", func() error { return Correlate(dst, img, CorrelateParams{}) }},
		{"convolve", "shorter than 1", func() error {
			return Convolve(dst, img, CorrelateParams{Weights: []float64{1}, WeightsShape: []int{1, 0}})
		}},
		{"convolve", "must be finite", func() error {
			return Convolve(dst, img, CorrelateParams{Weights: []float64{1, nan}, WeightsShape: []int{2}})
		}},
		{"convolve", "more than", func() error {
			return Convolve(dst, img, CorrelateParams{Weights: []float64{1}, WeightsShape: []int{1 << 20, 1 << 20, 1 << 20}})
		}},
		{"correlate1d", "no weights", func() error { return Correlate1D(dst, img, Correlate1DParams{Axis: -1}) }},
		{"correlate1d", "axis must be in [-2, 1]", func() error {
			return Correlate1D(dst, img, Correlate1DParams{Weights: []float64{1}, Axis: 2})
		}},
		{"convolve1d", "must be finite", func() error {
			return Convolve1D(dst, img, Correlate1DParams{Weights: []float64{inf}, Axis: -1})
		}},
		{"uniform_filter1d", "size must be >= 1", func() error { return UniformFilter1D(dst, img, Filter1DParams{Size: 0, Axis: -1}) }},
		{"minimum_filter1d", "size must be at most", func() error {
			return MinimumFilter1D(dst, img, Filter1DParams{Size: 1 << 30, Axis: -1})
		}},
		{"maximum_filter1d", "axis", func() error { return MaximumFilter1D(vol, vol, Filter1DParams{Size: 3, Axis: -4}) }},
		{"gaussian_filter1d", "sigma must be finite and > 0", func() error {
			return GaussianFilter1D(dst, img, GaussianFilter1DParams{Sigma: 0, Axis: -1, Truncate: 4})
		}},
		{"gaussian_filter1d", "kernel radius", func() error {
			return GaussianFilter1D(dst, img, GaussianFilter1DParams{Sigma: 1e30, Axis: -1, Truncate: 4})
		}},
		{"gaussian_filter1d", "order must be in [0, 16]", func() error {
			return GaussianFilter1D(dst, img, GaussianFilter1DParams{Sigma: 1, Axis: -1, Order: 17, Truncate: 4})
		}},
		{"gaussian_filter1d", "truncate", func() error {
			return GaussianFilter1D(dst, img, GaussianFilter1DParams{Sigma: 1, Axis: -1, Truncate: nan})
		}},
		{"gaussian_derivative", "order must be in [0, 16]", func() error {
			return GaussianDerivative(dst, img, GaussianDerivativeParams{Sigma: []float64{1}, Order: []int{0, -1}, Truncate: 4})
		}},
		{"gaussian_derivative", "order", func() error {
			return GaussianDerivative(dst, img, GaussianDerivativeParams{Sigma: []float64{1}, Order: []int{0, 1, 2}, Truncate: 4})
		}},
		{"gaussian_derivative", "sigma must be finite", func() error {
			return GaussianDerivative(dst, img, GaussianDerivativeParams{Sigma: []float64{-1}, Order: []int{0}, Truncate: 4})
		}},
		{"difference_of_gaussians", "high_sigma must be >= low_sigma", func() error {
			return DifferenceOfGaussians(dst, img, DoGParams{LowSigma: []float64{2}, HighSigma: []float64{1}, Truncate: 4})
		}},
		{"difference_of_gaussians", "low_sigma must be finite", func() error {
			return DifferenceOfGaussians(dst, img, DoGParams{LowSigma: []float64{nan}, HighSigma: []float64{0}, Truncate: 4})
		}},
		{"difference_of_gaussians", "high_sigma", func() error {
			return DifferenceOfGaussians(dst, img, DoGParams{LowSigma: []float64{1}, HighSigma: []float64{1, 2, 3}, Truncate: 4})
		}},
		{"unsharp_mask", "amount must be finite", func() error {
			return UnsharpMask(dst, img, UnsharpMaskParams{Radius: []float64{1}, Amount: nan})
		}},
		{"unsharp_mask", "radius", func() error { return UnsharpMask(dst, img, UnsharpMaskParams{Radius: []float64{inf}, Amount: 1}) }},
		{"variance_filter", "size must be in", func() error { return VarianceFilter(dst, img, BoxParams{Size: []int{0}}) }},
		{"standard_deviation_filter", "size must be in", func() error {
			return StandardDeviationFilter(dst, img, BoxParams{Size: []int{1 << 30}})
		}},
		{"variance_filter", "MB of buffers", func() error {
			v := Array{Shape: []int{2, 4, 5}, Data: make([]float32, 40)}
			return VarianceFilter(v, v, BoxParams{Size: []int{1 << 21, 3, 3}})
		}},
		{"hessian_largest_eigenvalue", "at least 2 pixels", func() error {
			return HessianLargestEigenvalue(vol, vol, HessianParams{Sigma: []float64{1}, Mode: "constant"})
		}},
		{"hessian_smallest_eigenvalue", "sigma", func() error {
			return HessianSmallestEigenvalue(dst, img, HessianParams{Sigma: []float64{-2}, Mode: "constant"})
		}},
		{"sato", "sigmas must not be empty", func() error { return Sato(dst, img, SatoParams{Mode: "reflect"}) }},
		{"sato", "at least 2 pixels", func() error {
			one := Array{Shape: []int{1, 5}, Data: make([]float32, 5)}
			return Sato(one, one, SatoParams{Sigmas: []float64{1}, Mode: "reflect"})
		}},
		{"frangi", "beta must be finite", func() error {
			return Frangi(dst, img, FrangiParams{Sigmas: []float64{1}, Beta: nan, Mode: "reflect"})
		}},
		{"frangi", "sigmas must be finite and >= 0", func() error {
			return Frangi(dst, img, FrangiParams{Sigmas: []float64{1, -1}, Mode: "reflect"})
		}},
		{"meijering", "alpha must be finite", func() error {
			return Meijering(dst, img, MeijeringParams{Sigmas: []float64{1}, Alpha: inf, Mode: "reflect"})
		}},
		{"meijering", "mode", func() error { return Meijering(dst, img, MeijeringParams{Sigmas: []float64{1}, Mode: "bogus"}) }},
	} {
		fxWantErr(t, c.op, c.want, c.fn)
	}
}

// TestVarianceFilterBrute checks the box variance and standard deviation against the
// definition over the mode-extended window, in float64, for every mode, 2D and 3D,
// odd, even and oversized boxes.
func TestVarianceFilterBrute(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	for _, shape := range [][]int{{1, 1}, {7, 1}, {1, 9}, {12, 13}, {4, 6, 7}, {1, 3, 5}} {
		src := make([]float32, shapeLen(shape))
		for i := range src {
			src[i] = r.Float32()*100 - 20
		}
		nz, ny, nx := dims3(shape)
		for _, size := range [][]int{{1}, {2}, {3}, {4}, {5, 2}, {3, 1, 4}, {2, 2, 2}, {11}} {
			if len(size) > 1 && len(size) != len(shape) {
				continue
			}
			full, _ := perAxisInts("size", size, len(shape))
			sz3 := []int{1, full[len(full)-2], full[len(full)-1]}
			if len(full) == 3 {
				sz3[0] = full[0]
			}
			for m := Reflect; m <= Wrap; m++ {
				for _, std := range []bool{false, true} {
					dst := Array{Shape: shape, Data: make([]float32, len(src))}
					p := BoxParams{Size: size, Mode: m.String(), Cval: 3.25}
					var err error
					if std {
						err = StandardDeviationFilter(dst, Array{Shape: shape, Data: src}, p)
					} else {
						err = VarianceFilter(dst, Array{Shape: shape, Data: src}, p)
					}
					if err != nil {
						t.Fatal(err)
					}
					for i := range dst.Data {
						w := fxWindow(src, nz, ny, nx, i/(ny*nx), i/nx%ny, i%nx, sz3[0], sz3[1], sz3[2], m, 3.25)
						s1, s2 := 0.0, 0.0
						for _, v := range w {
							s1 += float64(v)
							s2 += float64(v) * float64(v)
						}
						mean := s1 / float64(len(w))
						want := max(s2/float64(len(w))-mean*mean, 0)
						if std {
							want = math.Sqrt(want)
						}
						if d := math.Abs(float64(dst.Data[i]) - want); d > 1e-9*s2+1e-6*want {
							t.Fatalf("%v size %v %v std=%v: pixel %d got %v, want %v", shape, size, m, std, i, dst.Data[i], want)
						}
					}
				}
			}
		}
	}
}

func shapeLen(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// TestCorrelateBrute checks Correlate and Convolve against the definition (a direct sum
// over the mode-extended image) for weights of every rank, even and odd lengths,
// weights larger than the image, and the rank rules (fewer axes: leading 1s; 3D weights
// on a 2D image: a 1-slice volume).
func TestCorrelateBrute(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for _, shape := range [][]int{{1, 1}, {5, 1}, {1, 6}, {7, 9}, {3, 5, 6}} {
		src := make([]float32, shapeLen(shape))
		for i := range src {
			src[i] = r.Float32()
		}
		for _, ws := range [][]int{{3}, {4}, {2, 3}, {3, 3}, {5, 2}, {2, 2, 3}, {3, 1, 3}, {1, 8}} {
			w := make([]float64, shapeLen(ws))
			for i := range w {
				w[i] = r.Float64()*2 - 1
			}
			w3 := []int{1, 1, 1}
			copy(w3[3-len(ws):], ws)
			nz, ny, nx := dims3(shape)
			for m := Reflect; m <= Wrap; m++ {
				for _, conv := range []bool{false, true} {
					dst := Array{Shape: shape, Data: make([]float32, len(src))}
					p := CorrelateParams{Weights: w, WeightsShape: ws, Mode: m.String(), Cval: 0.75}
					fn, name := Correlate, "correlate"
					if conv {
						fn, name = Convolve, "convolve"
					}
					if err := fn(dst, Array{Shape: shape, Data: src}, p); err != nil {
						t.Fatal(err)
					}
					for i := range dst.Data {
						z, y, x := i/(ny*nx), i/nx%ny, i%nx
						acc := 0.0
						for a := range w3[0] {
							for b := range w3[1] {
								for c := range w3[2] {
									wv := w[(a*w3[1]+b)*w3[2]+c]
									// correlate: w[j] at offset j - L/2; convolve: at L/2 - j.
									oz, oy, ox := a-w3[0]/2, b-w3[1]/2, c-w3[2]/2
									if conv {
										oz, oy, ox = -oz, -oy, -ox
									}
									iz, iy, ix := m.index(z+oz, nz), m.index(y+oy, ny), m.index(x+ox, nx)
									v := 0.75
									if iz >= 0 && iy >= 0 && ix >= 0 {
										v = float64(src[(iz*ny+iy)*nx+ix])
									}
									acc += wv * v
								}
							}
						}
						if d := math.Abs(float64(dst.Data[i]) - acc); d > 1e-5 {
							t.Fatalf("%s %v weights %v %v: pixel %d got %v, want %v", name, shape, ws, m, i, dst.Data[i], acc)
						}
					}
				}
			}
		}
	}
}

// TestGaussianKernelOrder checks the derivative kernels against the derivatives of the
// sampled Gaussian: order 0 sums to 1, and the order-k weights (reversed) equal the
// k-th derivative of the normalised Gaussian at the samples.
func TestGaussianKernelOrder(t *testing.T) {
	for _, sigma := range []float64{0.7, 1.5, 3} {
		r := int(4*sigma + 0.5)
		g := gaussianKernelOrder(sigma, 0, r)
		sum := 0.0
		for _, v := range g {
			sum += v
		}
		if math.Abs(sum-1) > 1e-14 {
			t.Errorf("sigma %v: order 0 sums to %v", sigma, sum)
		}
		s2 := sigma * sigma
		// The derivatives of exp(-x²/2s²): (Hermite polynomials) times the Gaussian.
		poly := []func(x float64) float64{
			func(x float64) float64 { return -x / s2 },
			func(x float64) float64 { return (x*x - s2) / (s2 * s2) },
			func(x float64) float64 { return -(x*x*x - 3*s2*x) / (s2 * s2 * s2) },
			func(x float64) float64 { return (x*x*x*x - 6*s2*x*x + 3*s2*s2) / (s2 * s2 * s2 * s2) },
		}
		for k, q := range poly {
			w := gaussianKernelOrder(sigma, k+1, r)
			for i := range w {
				x := float64(i - r)
				want := q(x) * g[i]
				if got := w[len(w)-1-i]; math.Abs(got-want) > 1e-12 {
					t.Errorf("sigma %v order %d x %v: got %v, want %v", sigma, k+1, x, got, want)
				}
			}
		}
	}
}

// TestSymEig3 checks the 3x3 eigenvalues against Jacobi rotations on random matrices and
// on matrices with (nearly) repeated eigenvalues, where the trigonometric solution is
// replaced.
func TestSymEig3(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	check := func(name string, m [6]float64, want [3]float64, tol float64) {
		t.Helper()
		a, b, c := symEig3(m[0], m[1], m[2], m[3], m[4], m[5])
		got := [3]float64{a, b, c}
		for i := range got {
			if math.Abs(got[i]-want[i]) > tol {
				t.Errorf("%s %v: got %v, want %v", name, m, got, want)
				return
			}
		}
	}
	for range 2000 {
		var m [6]float64
		for i := range m {
			m[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(7)-3))
		}
		a, b, c := jacobiEig3(m[0], m[1], m[2], m[3], m[4], m[5])
		norm := 0.0
		for _, v := range m {
			norm = max(norm, math.Abs(v))
		}
		check("random", m, [3]float64{a, b, c}, 1e-12*norm)
	}
	// Rotated diag(l1, l2, l3) with repeated values: Q·D·Qᵀ for a random rotation Q.
	for _, d := range [][3]float64{{2, 2, -1}, {1, 1, 1}, {3, -1, -1}, {5, 5 + 1e-9, 0}, {0, 0, 0}, {1e-20, 1e-20, 2e-20}} {
		for range 50 {
			q := randomRotation(r)
			var s [3][3]float64
			for i := range 3 {
				for j := range 3 {
					for k := range 3 {
						s[i][j] += q[i][k] * d[k] * q[j][k]
					}
				}
			}
			want := d
			slices.SortFunc(want[:], func(x, y float64) int { return -cmpFloat(x, y) })
			scale := max(math.Abs(d[0]), math.Abs(d[1]), math.Abs(d[2]))
			check(fmt.Sprint("rotated ", d), [6]float64{s[0][0], s[1][1], s[2][2], s[0][1], s[0][2], s[1][2]}, want, 1e-12*scale+1e-300)
		}
	}
	if a, _, _ := symEig3(math.NaN(), 1, 1, 1, 0, 0); !math.IsNaN(a) {
		t.Errorf("NaN matrix: got %v, want NaN", a)
	}
}

func cmpFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// randomRotation returns a random orthogonal matrix (Gram-Schmidt of a Gaussian matrix).
func randomRotation(r *rand.Rand) [3][3]float64 {
	var q [3][3]float64
	for i := range 3 {
		for j := range 3 {
			q[i][j] = r.NormFloat64()
		}
		for k := range i {
			dot := 0.0
			for j := range 3 {
				dot += q[i][j] * q[k][j]
			}
			for j := range 3 {
				q[i][j] -= dot * q[k][j]
			}
		}
		n := math.Sqrt(q[i][0]*q[i][0] + q[i][1]*q[i][1] + q[i][2]*q[i][2])
		for j := range 3 {
			q[i][j] /= n
		}
	}
	return q
}

// TestRidgeSorting pins skimage's eigenvalue orders: a stable sort by absolute value of
// the decreasing eigenvalues (a tie keeps the positive one first) and np.sort's NaN-last
// value order.
func TestRidgeSorting(t *testing.T) {
	nan := float32(math.NaN())
	if a, b := sortAbs2(2, -2); a != 2 || b != -2 {
		t.Errorf("sortAbs2(2, -2) = %v, %v: ties keep their order", a, b)
	}
	if a, b := sortAbs2(3, -1); a != -1 || b != 3 {
		t.Errorf("sortAbs2(3, -1) = %v, %v", a, b)
	}
	if a, b, c := sortAbs3(4, -4, -4); a != 4 || b != -4 || c != -4 {
		t.Errorf("sortAbs3(4, -4, -4) = %v, %v, %v", a, b, c)
	}
	if a, b, c := sortAbs3(nan, 1, -3); a != 1 || b != -3 || c == c {
		t.Errorf("sortAbs3(NaN, 1, -3) = %v, %v, %v: NaN sorts last", a, b, c)
	}
	if a, b, c := sortAsc3(nan, 2, -1); a != -1 || b != 2 || c == c {
		t.Errorf("sortAsc3(NaN, 2, -1) = %v, %v, %v", a, b, c)
	}
	if a, b := sortAsc2(float32(math.Inf(1)), nan); a != float32(math.Inf(1)) || b == b {
		t.Errorf("sortAsc2(Inf, NaN) = %v, %v", a, b)
	}
}

// TestUnsharpMaskClip pins preserve_range=false: clipping to [0, 1], or [-1, 1] when
// the image has a negative value.
func TestUnsharpMaskClip(t *testing.T) {
	for _, c := range []struct {
		in     []float32
		lo, hi float32
	}{{[]float32{0, 0.1, 0.9, 1, 0.5, 0}, 0, 1}, {[]float32{-0.5, 0.1, 0.9, 1, 0.5, 0}, -1, 1}} {
		img := Array{Shape: []int{2, 3}, Data: c.in}
		dst := Array{Shape: []int{2, 3}, Data: make([]float32, 6)}
		if err := UnsharpMask(dst, img, UnsharpMaskParams{Radius: []float64{1}, Amount: 50}); err != nil {
			t.Fatal(err)
		}
		free := Array{Shape: []int{2, 3}, Data: make([]float32, 6)}
		if err := UnsharpMask(free, img, UnsharpMaskParams{Radius: []float64{1}, Amount: 50, PreserveRange: true}); err != nil {
			t.Fatal(err)
		}
		clipped := false
		for i, v := range free.Data {
			want := min(max(v, c.lo), c.hi)
			clipped = clipped || want != v
			if dst.Data[i] != want {
				t.Errorf("%v: got %v, want %v clipped to [%v, %v]", c.in, dst.Data, free.Data, c.lo, c.hi)
				break
			}
		}
		if !clipped {
			t.Errorf("%v: amount 50 should leave the range", c.in)
		}
	}
}

// TestFoldedCorrelate checks that the four-at-a-time folded correlation gives
// correlateFolded's bits, NaN and infinities included, for every line length.
func TestFoldedCorrelate(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, w := range [][]float64{{2}, {0.25, 0.5, 0.25}, {-1, 0, 1}, {0.1, -0.3, 0.7, -0.3, 0.1}, gaussianKernelOrder(3, 0, 12), gaussianKernelOrder(2, 1, 8)} {
		rad := len(w) / 2
		for n := 1; n <= 11; n++ {
			padded := make([]float64, n+2*rad)
			for i := range padded {
				padded[i] = r.NormFloat64()
			}
			if n > 3 {
				padded[r.IntN(len(padded))] = math.NaN()
				padded[r.IntN(len(padded))] = math.Inf(-1)
			}
			want, got := make([]float64, n), make([]float64, n)
			correlateFolded(w)(padded, want)
			foldedCorrelate(w)(padded, got)
			for i := range want {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
					t.Fatalf("weights %v, n %d: out[%d] = %v, want %v", w, n, i, got[i], want[i])
				}
			}
		}
	}
}
