package gpu

import (
	"fmt"
	"math"
)

var (
	srcSort      = source("sort.cl")
	kBitonicStep = kernel(srcSort, "bitonic_step", Buf, Int, Int, Int, Int)
)

// sortedCopy returns a new scratch buffer with the n 32-bit values of src from element off
// in increasing order, followed by pad up to m, the power of two >= n: a bitonic sort, one
// launch per step. asFloat compares them as float32 (which must not be NaN), else as
// uint32; pad must sort last (math.MaxUint32, or +Inf's bits). The caller releases it.
func sortedCopy(op string, src Buffer, off, n int, pad uint32, asFloat bool) (Buffer, int, error) {
	dev := src.Device()
	m := 1
	for m < n {
		m <<= 1
	}
	if m > 1<<30 {
		return nil, 0, fmt.Errorf("%s: %d values are too many for the GPU sort (at most 2^30)", op, n)
	}
	s, err := scratch(dev, op, m)
	if err != nil {
		return nil, 0, err
	}
	fail := func(err error) (Buffer, int, error) {
		s.Release()
		return nil, 0, err
	}
	if err := dev.Copy(s, 0, src, int64(off)*4, int64(n)*4); err != nil {
		return fail(err)
	}
	if m > n {
		if err := dev.Fill32(s, int64(n)*4, pad, int64(m-n)); err != nil {
			return fail(err)
		}
	}
	for k := 2; k <= m; k <<= 1 {
		for j := k >> 1; j > 0; j >>= 1 {
			if err := kBitonicStep.Launch(dev, []int{m}, s, m, k, j, b2i(asFloat)); err != nil {
				return fail(err)
			}
		}
	}
	return s, m, nil
}

// infBits is +Inf as float32 bits, the padding of a float sort.
var infBits = math.Float32bits(float32(math.Inf(1)))
