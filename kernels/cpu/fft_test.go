package cpu

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestNextFastLen(t *testing.T) {
	smooth := func(n int) bool {
		for _, p := range []int{2, 3, 5} {
			for n%p == 0 {
				n /= p
			}
		}
		return n == 1
	}
	want := 1
	for m := 1; m <= 5000; m++ {
		for want < m || !smooth(want) {
			want++
		}
		if got := nextFastLen(m); got != want {
			t.Fatalf("nextFastLen(%d) = %d, want %d", m, got, want)
		}
	}
}

// TestConvolveAxis checks the FFT and direct 'same' convolutions against the definition
// along every axis, including kernels longer than the line (where the padded length is
// below the kernel's and the wrapped kernel overlaps itself), symmetric and asymmetric
// kernels.
func TestConvolveAxis(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, shape := range [][]int{{1, 1}, {7, 1}, {1, 9}, {13, 17}, {3, 5, 11}, {6, 64, 3}} {
		for axis := range shape {
			for _, k := range []int{1, 3, 9, 31, 101} {
				n := 1
				for _, s := range shape {
					n *= s
				}
				src := make([]float64, n)
				for i := range src {
					src[i] = rng.Float64()*2 - 1
				}
				w := make([]float64, k)
				for i := range w {
					w[i] = rng.Float64()
				}
				if rng.IntN(2) == 0 { // symmetric, as PSFs are: the folded loops
					for i := range k / 2 {
						w[k-1-i] = w[i]
					}
				}
				want := make([]float64, n)
				stride := 1
				for _, d := range shape[axis+1:] {
					stride *= d
				}
				m, r := shape[axis], k/2
				for i := range n {
					pos := i / stride % m
					acc := 0.0
					for j := range k {
						q := pos + r - j
						if q >= 0 && q < m {
							acc += w[j] * src[i+(q-pos)*stride]
						}
					}
					want[i] = acc
				}
				for _, viaFFT := range []bool{false, true} {
					got := append([]float64(nil), src...)
					if viaFFT {
						fftConvolveAxis(got, shape, axis, w)
					} else if k <= directConvolveMax {
						convolveAxis(got, make([]float64, len(got)), shape, axis, w)
					} else {
						continue
					}
					for i := range want {
						if math.Abs(got[i]-want[i]) > 1e-12*float64(k) {
							t.Fatalf("shape %v axis %d k %d fft %v: element %d got %v, want %v", shape, axis, k, viaFFT, i, got[i], want[i])
						}
					}
				}
			}
		}
	}
}
