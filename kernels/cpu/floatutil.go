package cpu

import (
	"math"
	"runtime"
	"sync"
)

// radixSort32 sorts float32 values that contain no NaN in ascending order (-0 before
// +0), in place: an LSD radix sort on their order-preserving bit patterns, three passes
// of 11 bits, each counted and scattered in parallel over contiguous chunks (stable).
func radixSort32(a []float32) {
	n := len(a)
	if n < 1024 {
		sortFloat32s(a)
		return
	}
	keys := make([]uint32, n)
	tmp := make([]uint32, n)
	parallel(n, 1<<16, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			b := math.Float32bits(a[i])
			if b&0x80000000 != 0 {
				b = ^b
			} else {
				b |= 0x80000000
			}
			keys[i] = b
		}
	})
	const bits, buckets = 11, 1 << 11
	c := max(1, min(runtime.GOMAXPROCS(0), n>>16))
	chunk := (n + c - 1) / c
	counts := make([][buckets]int, c)
	for shift := uint(0); shift < 32; shift += bits {
		parallel(c, 1, func(lo, hi int) {
			for k := lo; k < hi; k++ {
				cnt := &counts[k]
				*cnt = [buckets]int{}
				for _, key := range keys[k*chunk : min((k+1)*chunk, n)] {
					cnt[(key>>shift)&(buckets-1)]++
				}
			}
		})
		// Offsets: by digit, then by chunk, so the scatter is stable.
		sum, single := 0, false
		for d := 0; d < buckets; d++ {
			total := 0
			for k := range counts {
				v := counts[k][d]
				counts[k][d] = sum + total
				total += v
			}
			if total == n {
				single = true
			}
			sum += total
		}
		if single {
			continue // every key has the same digit
		}
		parallel(c, 1, func(lo, hi int) {
			for k := lo; k < hi; k++ {
				off := &counts[k]
				for _, key := range keys[k*chunk : min((k+1)*chunk, n)] {
					d := (key >> shift) & (buckets - 1)
					tmp[off[d]] = key
					off[d]++
				}
			}
		})
		keys, tmp = tmp, keys
	}
	parallel(n, 1<<16, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			b := keys[i]
			if b&0x80000000 != 0 {
				b &^= 0x80000000
			} else {
				b = ^b
			}
			a[i] = math.Float32frombits(b)
		}
	})
}

// minMax32 returns the minimum and maximum of data, which must hold no NaN.
func minMax32(data []float32) (lo, hi float32) {
	var mu sync.Mutex
	lo, hi = data[0], data[0]
	parallel(len(data), 1<<16, func(a, b int) {
		l, h := data[a], data[a]
		for _, v := range data[a:b] {
			if v < l {
				l = v
			}
			if v > h {
				h = v
			}
		}
		mu.Lock()
		lo, hi = min(lo, l), max(hi, h)
		mu.Unlock()
	})
	return lo, hi
}
