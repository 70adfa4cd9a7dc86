package opencl_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/kernreg/kernreg/registry"
)

// TestSplineLongLines: the GPU prefilter runs lines in segments whose recursions start
// 64 samples early (see spline_causal); on lines long enough for that (up to 517
// samples, along either axis and in 3D), and on images holding a NaN or infinities
// (whose lines are filtered whole; in 2D and 3D a NaN reaches every line of the second
// axis), spline_filter and zoom agree with the CPU for every order and mode, within
// their reference tolerance.
func TestSplineLongLines(t *testing.T) {
	needDevice(t)
	rng := rand.New(rand.NewPCG(3, 4))
	for i, shape := range []registry.Shape{{300, 517}, {517, 130}, {3, 200, 150}, {1, 517}, {300, 517}, {2, 300}} {
		data := make([]float32, shape.Len())
		for i := range data {
			data[i] = rng.Float32()*100 - 50
		}
		if i >= 3 { // non-finite values
			n := shape[len(shape)-1]
			data[400%n] = float32(math.NaN())
			data[len(data)-n+3] = float32(math.Inf(1))
			data[len(data)-1] = float32(math.Inf(-1))
		}
		img, _ := registry.NewFloat32(shape, data)
		var runs []struct {
			op string
			v  registry.Values
		}
		for order := 2; order <= 5; order++ {
			for _, mode := range []string{"mirror", "reflect", "nearest", "grid-wrap", "constant"} {
				runs = append(runs, struct {
					op string
					v  registry.Values
				}{"spline_filter", registry.Values{"order": order, "mode": mode}})
			}
			runs = append(runs, struct {
				op string
				v  registry.Values
			}{"zoom", registry.Values{"zoom": []float64{1.3}, "order": order, "mode": "reflect"}})
		}
		for _, r := range runs {
			compareWithCPU(t, fmt.Sprintf("%s %v %v", r.op, shape, r.v), r.op, img, r.v)
		}
	}
}
