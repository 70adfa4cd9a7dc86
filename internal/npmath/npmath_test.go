package npmath

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestLog32 checks numpy's float32 log on values where it differs from the correctly
// rounded logarithm (bit patterns from numpy 1.24 on x86-64), and its special cases.
func TestLog32(t *testing.T) {
	for _, c := range [][2]uint32{
		{0x430091f9, 0x409b683f}, {0x4413e619, 0x40cc4016}, {0x42a63be7, 0x408d72af},
		{0x4348c4da, 0x40a9ab41}, {0x444948b4, 0x40d61cc4}, {0x439d9764, 0x40b819d4},
		{0x000116c2, 0xc2b834f2}, // subnormal
		{0x3f3504f3, 0xbeb17218}, // sqrt(1/2), the normalisation switch
		{0x7f7fc99e, 0x42b171ab},
	} {
		x := math.Float32frombits(c[0])
		if got := Log32(x); math.Float32bits(got) != c[1] {
			t.Errorf("Log32(%v) = %v (%#x), want %v (%#x)", x, got, math.Float32bits(got), math.Float32frombits(c[1]), c[1])
		}
	}
	inf := float32(math.Inf(1))
	if got := Log32(0); !math.IsInf(float64(got), -1) {
		t.Errorf("log 0 = %v", got)
	}
	if got := Log32(-1); got == got {
		t.Errorf("log -1 = %v, want NaN", got)
	}
	if got := Log32(inf); got != inf {
		t.Errorf("log inf = %v", got)
	}
}

// TestFMA32 compares the float32 fused multiply-add with an exact big.Float evaluation,
// on random operands and on ones built to land on float32 rounding midpoints.
func TestFMA32(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	exact := func(a, b, c float32) float32 {
		x := new(big.Float).SetPrec(200).SetFloat64(float64(a))
		x.Mul(x, new(big.Float).SetPrec(200).SetFloat64(float64(b)))
		x.Add(x, new(big.Float).SetPrec(200).SetFloat64(float64(c)))
		f, _ := x.Float32()
		return f
	}
	for i := 0; i < 200000; i++ {
		a := float32(r.NormFloat64())
		b := float32(r.NormFloat64())
		c := float32(r.NormFloat64())
		if i%2 == 1 {
			// c cancels most of a*b, and a tiny extra term puts the sum near a midpoint.
			c = -float32(float64(a) * float64(b))
		}
		if got, want := FMA32(a, b, c), exact(a, b, c); math.Float32bits(got) != math.Float32bits(want) {
			t.Fatalf("FMA32(%v, %v, %v) = %v, want %v", a, b, c, got, want)
		}
	}
	// a*a = 1 + 2^-11 + 2^-24 lies exactly halfway between two float32; a tiny c decides
	// the rounding, which a float64 sum rounded again to float32 would lose.
	a := float32(1 + 1.0/(1<<12))
	tiny := float32(math.Ldexp(1, -70))
	for _, c := range []float32{0, tiny, -tiny} {
		if got, want := FMA32(a, a, c), exact(a, a, c); got != want {
			t.Errorf("FMA32(a, a, %v) at a midpoint: %v, want %v", c, got, want)
		}
	}
	if FMA32(a, a, tiny) == FMA32(a, a, -tiny) {
		t.Error("the midpoint cases do not differ: the test does not test the correction")
	}
}

// TestSum32 checks the blocked pairwise float32 sum against numpy 1.24 on arrays where
// a sequential sum, a fully pairwise sum and numpy's all differ.
func TestSum32(t *testing.T) {
	for _, c := range []struct {
		n         int
		sum, mean uint32
	}{{20011, 0x4ba322e8, 0x4485915e}, {30011, 0x4bf4a8ec, 0x44859164}, {50021, 0x4c4be4c8, 0x44859152}} {
		a := make([]float32, c.n)
		for i := range a {
			a[i] = float32((i*7919)%10007)*0.0137 + 1000
		}
		if got := Sum32(a); math.Float32bits(got) != c.sum {
			t.Errorf("n=%d: sum %#x, want %#x", c.n, math.Float32bits(got), c.sum)
		}
		if got := Mean32(a); math.Float32bits(got) != c.mean {
			t.Errorf("n=%d: mean %#x, want %#x", c.n, math.Float32bits(got), c.mean)
		}
	}
	if m := Mean32(nil); m == m {
		t.Errorf("mean of nothing = %v, want NaN", m)
	}
}
