package gpu

import "math"

// deviceRange returns the minimum and maximum of the non-NaN elements of v, and whether
// v holds a NaN. range_partial reduces v to rangeItems partial ranges on the device;
// the host combines those (a small host step on a small device result).
func deviceRange(op string, v View) (lo, hi float32, nan bool, err error) {
	dev := v.Dev()
	n := v.Len()
	items := min(n, rangeItems)
	part, err := scratch(dev, op, 3*items)
	if err != nil {
		return 0, 0, false, err
	}
	defer part.Release()
	if err := kRangePartial.Launch(dev, []int{items}, v.Buf, v.Off, n, part, items); err != nil {
		return 0, 0, false, err
	}
	parts := make([]float32, 3*items)
	if err := Download(part, 0, parts); err != nil {
		return 0, 0, false, err
	}
	lo, hi = float32(math.Inf(1)), float32(math.Inf(-1))
	for i := 0; i < items; i++ {
		switch parts[3*i+2] {
		case -1:
			continue // no element
		case 1:
			nan = true
			continue
		}
		lo, hi = min(lo, parts[3*i]), max(hi, parts[3*i+1])
	}
	return lo, hi, nan, nil
}
