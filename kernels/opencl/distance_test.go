package opencl_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/kernreg/kernreg/registry"
)

// binaryImage is random 0/1 pixels, foreground with probability p.
func binaryImage(shape []int, p float64, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 11))
	d := make([]float32, registry.Shape(shape).Len())
	for i := range d {
		if rng.Float64() < p {
			d[i] = 1
		}
	}
	return d
}

// seedLabels is a label image of isolated random seeds (probability p, labels 1..k).
func seedLabels(shape []int, p float64, k int, seed uint64) []uint32 {
	rng := rand.New(rand.NewPCG(seed, 12))
	d := make([]uint32, registry.Shape(shape).Len())
	for i := range d {
		if rng.Float64() < p {
			d[i] = uint32(1 + rng.IntN(k))
		}
	}
	return d
}

// latticeLabels puts a distinct label on every pixel whose coordinates are all
// multiples of step: every background pixel on a line or plane halfway between seeds is
// equidistant from two or more of them, so the result depends on the feature
// transform's tie-breaking there.
func latticeLabels(shape []int, step int) []uint32 {
	n := registry.Shape(shape).Len()
	d := make([]uint32, n)
	next := uint32(1)
	for i := range d {
		c, r, onLattice := i, 0, true
		for a := len(shape) - 1; a >= 0; a-- {
			r, c = c%shape[a], c/shape[a]
			if r%step != 0 {
				onLattice = false
			}
		}
		if onLattice {
			d[i] = next
			next++
		}
	}
	return d
}

// TestDistanceLarge runs the distance transforms and expand_labels on larger random
// images (sparse and dense foreground, 2D and 3D, the tie-heavy lattice for
// expand_labels) through the registry (poisoned outputs) and compares with kernels/cpu:
// exactly for the integer results, within the reference tolerance for the EDT.
func TestDistanceLarge(t *testing.T) {
	needDevice(t)
	shapes := [][]int{{257, 311}, {17, 64, 65}}
	type run struct {
		op     string
		in     *registry.Array
		params registry.Values
	}
	var runs []run
	for si, shape := range shapes {
		for pi, p := range []float64{0.02, 0.5, 0.97, 0.9995, 1} {
			img, err := registry.NewFloat32(shape, binaryImage(shape, p, uint64(10*si+pi)))
			if err != nil {
				t.Fatal(err)
			}
			samplings := [][]float64{{1}, {2, 0.5}, {0, 1.5}}
			if len(shape) == 3 {
				samplings = [][]float64{{1}, {2, 1, 0.7}, {1, 0, 3}, {0, 0, 1}}
			}
			for _, s := range samplings {
				runs = append(runs, run{"distance_transform_edt", img, registry.Values{"sampling": s}})
			}
			for _, m := range []string{"chessboard", "taxicab"} {
				runs = append(runs, run{"distance_transform_cdt", img, registry.Values{"metric": m}})
			}
		}
		labelImages := [][]uint32{
			seedLabels(shape, 0.001, 5, uint64(si)),
			seedLabels(shape, 0.05, 40, uint64(si+7)),
			latticeLabels(shape, 4),
			latticeLabels(shape, 6),
		}
		for _, l := range labelImages {
			img, err := registry.NewUint32(shape, l)
			if err != nil {
				t.Fatal(err)
			}
			for _, dist := range []float64{0, 1.5, 3, 1000} {
				runs = append(runs, run{"expand_labels", img, registry.Values{"distance": dist}})
			}
		}
	}
	for i, r := range runs {
		compareWithCPU(t, fmt.Sprintf("%s/%d %v %v", r.op, i, r.in.Shape(), r.params), r.op, r.in, r.params)
	}
}

// TestDistanceSmallRandom compares the three ops with kernels/cpu on many small random
// images of random density: every arrangement of ties between a line's candidates, for
// the chessboard envelope and the feature transform, shows up in a few hundred of them.
func TestDistanceSmallRandom(t *testing.T) {
	needDevice(t)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 150 {
		shape := []int{1 + rng.IntN(12), 1 + rng.IntN(12)}
		if i%2 == 1 {
			shape = append([]int{1 + rng.IntN(6)}, shape...)
		}
		p := rng.Float64()
		img, err := registry.NewFloat32(shape, binaryImage(shape, p, uint64(i)))
		if err != nil {
			t.Fatal(err)
		}
		labels, err := registry.NewUint32(shape, seedLabels(shape, 1-p, 4, uint64(i)))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []string{"chessboard", "taxicab"} {
			compareWithCPU(t, fmt.Sprintf("cdt/%d %v", i, m), "distance_transform_cdt", img, registry.Values{"metric": m})
		}
		compareWithCPU(t, fmt.Sprintf("edt/%d", i), "distance_transform_edt", img, registry.Values{"sampling": []float64{1}})
		compareWithCPU(t, fmt.Sprintf("expand/%d", i), "expand_labels", labels, registry.Values{"distance": 100.0})
	}
}
