// Package npmath reproduces numpy's floating-point arithmetic where kernreg's results
// must match numpy's to the bit: numpy's float32 sums and means (pairwise summation
// in blocks of the ufunc buffer size) and its SIMD float32 logarithm. It is numpy 1.20
// to 1.26 on x86-64 (the reference environment: numpy 1.24).
package npmath

import (
	"math"
	"runtime"
	"sync"
)

// SumBlock is the number of elements numpy's reduction machinery hands its float32
// add loop at a time (the ufunc buffer size); each block is summed pairwise and the
// block sums are added in order.
const SumBlock = 8192

// Sum32 is np.sum of a contiguous float32 array: float32 accumulation, blocks of 8192
// elements summed with numpy's pairwise algorithm and added in order to a running
// float32 total that starts at 0. Large arrays are summed on several goroutines; the
// result does not depend on how many.
func Sum32(a []float32) float32 {
	nb := (len(a) + SumBlock - 1) / SumBlock
	if nb <= 1 {
		return 0 + PairwiseSum32(a)
	}
	sums := make([]float32, nb)
	block := func(b int) float32 { return PairwiseSum32(a[b*SumBlock : min((b+1)*SumBlock, len(a))]) }
	workers := min(runtime.GOMAXPROCS(0), nb/8)
	if workers <= 1 {
		for b := range sums {
			sums[b] = block(b)
		}
	} else {
		var wg sync.WaitGroup
		per := (nb + workers - 1) / workers
		for lo := 0; lo < nb; lo += per {
			wg.Add(1)
			go func(lo, hi int) {
				defer wg.Done()
				for b := lo; b < hi; b++ {
					sums[b] = block(b)
				}
			}(lo, min(lo+per, nb))
		}
		wg.Wait()
	}
	var s float32
	for _, v := range sums {
		s += v
	}
	return s
}

// SumSegments is Sum32 of the concatenation of segs, without concatenating: blocks that
// lie inside one segment are summed in place, the few that straddle segments are
// gathered first.
func SumSegments(segs [][]float32) float32 {
	total := 0
	for _, s := range segs {
		total += len(s)
	}
	nb := (total + SumBlock - 1) / SumBlock
	if nb <= 1 {
		buf := make([]float32, 0, total)
		for _, s := range segs {
			buf = append(buf, s...)
		}
		return 0 + PairwiseSum32(buf)
	}
	// Each block's pieces: (segment, start, end) triples, in order.
	type piece struct{ seg, lo, hi int }
	blocks := make([][]piece, nb)
	pos := 0
	for k, s := range segs {
		for lo := 0; lo < len(s); {
			b := (pos + lo) / SumBlock
			hi := min(len(s), (b+1)*SumBlock-pos)
			blocks[b] = append(blocks[b], piece{k, lo, hi})
			lo = hi
		}
		pos += len(s)
	}
	sums := make([]float32, nb)
	var wg sync.WaitGroup
	workers := max(1, min(runtime.GOMAXPROCS(0), nb/8))
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []float32
			for b := w; b < nb; b += workers {
				if ps := blocks[b]; len(ps) == 1 {
					sums[b] = PairwiseSum32(segs[ps[0].seg][ps[0].lo:ps[0].hi])
				} else {
					buf = buf[:0]
					for _, p := range ps {
						buf = append(buf, segs[p.seg][p.lo:p.hi]...)
					}
					sums[b] = PairwiseSum32(buf)
				}
			}
		}()
	}
	wg.Wait()
	var s float32
	for _, v := range sums {
		s += v
	}
	return s
}

// MeanSegments is Mean32 of the concatenation of segs.
func MeanSegments(segs [][]float32) float32 {
	n := 0
	for _, s := range segs {
		n += len(s)
	}
	return float32(float64(SumSegments(segs)) / float64(n))
}

// Mean32 is np.mean of a contiguous float32 array: Sum32 divided by the count, the
// quotient rounded to float32 (NaN for an empty array, as numpy).
func Mean32(a []float32) float32 {
	return float32(float64(Sum32(a)) / float64(len(a)))
}

// PairwiseSum32 is numpy's FLOAT_pairwise_sum: below 8 elements a plain loop; up to 128
// eight interleaved partial sums combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) plus
// the remainder; above that the halves (the first a multiple of 8) recursively.
func PairwiseSum32(a []float32) float32 {
	n := len(a)
	switch {
	case n < 8:
		var res float32
		for _, v := range a {
			res += v
		}
		return res
	case n <= 128:
		var r [8]float32
		copy(r[:], a[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range r {
				r[j] += a[i+j]
			}
		}
		res := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			res += a[i]
		}
		return res
	}
	n2 := n / 2
	n2 -= n2 % 8
	return PairwiseSum32(a[:n2]) + PairwiseSum32(a[n2:])
}

// PairwiseSum64 is numpy's DOUBLE_pairwise_sum (see PairwiseSum32): np.sum of a float64
// array of at most SumBlock elements.
func PairwiseSum64(a []float64) float64 {
	n := len(a)
	switch {
	case n < 8:
		res := 0.0
		for _, v := range a {
			res += v
		}
		return res
	case n <= 128:
		var r [8]float64
		copy(r[:], a[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range r {
				r[j] += a[i+j]
			}
		}
		res := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			res += a[i]
		}
		return res
	}
	n2 := n / 2
	n2 -= n2 % 8
	return PairwiseSum64(a[:n2]) + PairwiseSum64(a[n2:])
}

// FMA32 is C's fmaf: a*b+c rounded once to float32. The product of two float32 is exact
// in float64; the float64 sum is corrected with its exact rounding error where that sum
// lies on a float32 rounding midpoint (the only place a second rounding can go wrong).
func FMA32(a, b, c float32) float32 {
	p := float64(a) * float64(b)
	cc := float64(c)
	s := p + cc
	r := float32(s)
	if math.IsInf(s, 0) || math.IsNaN(s) || float64(r) == s {
		return r
	}
	// TwoSum: s + e == p + cc exactly.
	bb := s - p
	e := (p - (s - bb)) + (cc - bb)
	if e == 0 {
		return r
	}
	other := math.Nextafter32(r, float32(math.Inf(1)))
	if float64(r) > s {
		other = math.Nextafter32(r, float32(math.Inf(-1)))
	}
	if (float64(r)+float64(other))/2 != s {
		return r // not a midpoint: s and p+cc round alike
	}
	lo, hi := min(r, other), max(r, other)
	if e > 0 {
		return hi
	}
	return lo
}

// numpy's float32 log coefficients (npy_simd_data.h) and constants (npy_math.h).
var (
	logP = [6]float32{
		math.Float32frombits(0x00000000), math.Float32frombits(0x3F800000), math.Float32frombits(0x4007361C),
		math.Float32frombits(0x3FBD70A9), math.Float32frombits(0x3EC30333), math.Float32frombits(0x3CD42BCD),
	}
	logQ = [6]float32{
		math.Float32frombits(0x3F800000), math.Float32frombits(0x4027361C), math.Float32frombits(0x401CFE0D),
		math.Float32frombits(0x3F7C8AE4), math.Float32frombits(0x3E1E5BF3), math.Float32frombits(0x3BC083DF),
	}
	sqrt1_2 = math.Float32frombits(0x3F3504F3)
	logE2   = math.Float32frombits(0x3F317218)
)

// Log32 is np.log of a float32 on x86-64 with AVX2/FMA3 or AVX-512F (numpy 1.20 to 1.26,
// loops_exponent_log.dispatch.c.src simd_log_FLOAT), for scalars and arrays alike:
// x = m·2^k with m in [0.5, 1), m doubled (and k lowered) when m <= sqrt(1/2), then a
// P5/Q5 rational approximation of log(1+y) at y = m-1 with fused multiply-adds, and k·ln2
// added with one more. It is up to 3.8 ulp from the exact logarithm (about 4% of
// results differ from the correctly rounded one), so math.Log would not match.
func Log32(x float32) float32 {
	switch {
	case x != x:
		return x
	case x < 0:
		return float32(math.NaN())
	case x == 0:
		return float32(math.Inf(-1))
	case math.IsInf(float64(x), 1):
		return x
	}
	m, k := math.Frexp(float64(x)) // exact: m in [0.5, 1), also for subnormals
	mant, exp := float32(m), float32(k)
	if mant <= sqrt1_2 {
		mant += mant
		exp--
	}
	y := mant - 1
	num := FMA32(logP[5], y, logP[4])
	num = FMA32(num, y, logP[3])
	num = FMA32(num, y, logP[2])
	num = FMA32(num, y, logP[1])
	num = FMA32(num, y, logP[0])
	den := FMA32(logQ[5], y, logQ[4])
	den = FMA32(den, y, logQ[3])
	den = FMA32(den, y, logQ[2])
	den = FMA32(den, y, logQ[1])
	den = FMA32(den, y, logQ[0])
	return FMA32(exp, logE2, num/den)
}
