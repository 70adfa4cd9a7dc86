package main

import (
	"math"

	"github.com/kernreg/kernreg/registry"
)

// nucleus is one synthetic cell nucleus: an ellipsoid with a soft edge.
type nucleus struct {
	z, y, x    float64 // centre
	r, rz      float64 // radius in Y/X and in Z
	brightness float64 // peak signal above the background
}

// sampleCells is the demo's input: a Z x Y x X float32 stack of n round nuclei of
// varying size and brightness on an uneven background, with shot noise and camera read
// noise, like a widefield image of stained nuclei. It is the same on every run (a fixed
// seed and a generator defined here), so the demo's output is reproducible.
func sampleCells(zn, yn, xn, n int) (*registry.Array, []nucleus) {
	rng := splitmix(0x6b65726e726567) // "kernreg"
	var cells []nucleus
	for tries := 0; len(cells) < n && tries < 100*n; tries++ {
		c := nucleus{r: 5 + 5*rng.float(), brightness: 250 + 700*rng.float()}
		c.rz = 0.45 * c.r // anisotropic sampling: Z steps are coarser than pixels
		c.z = float64(zn)/2 + (rng.float()-0.5)*float64(zn)*0.35
		c.y = c.r + 3 + rng.float()*(float64(yn)-2*c.r-6)
		c.x = c.r + 3 + rng.float()*(float64(xn)-2*c.r-6)
		if overlaps(c, cells) {
			continue
		}
		cells = append(cells, c)
	}

	signal := make([]float64, zn*yn*xn)
	for zi := range zn {
		for yi := range yn {
			for xi := range xn {
				// Uneven illumination: brighter to one side, a broad hump, dimmer deep in Z.
				fx, fy := float64(xi)/float64(xn), float64(yi)/float64(yn)
				bg := 90 + 50*fx + 30*math.Sin(math.Pi*fy) - 1.5*math.Abs(float64(zi)-float64(zn)/2)
				signal[(zi*yn+yi)*xn+xi] = bg
			}
		}
	}
	for _, c := range cells {
		addNucleus(signal, zn, yn, xn, c)
	}

	data := make([]float32, len(signal))
	for i, s := range signal {
		// Shot noise (Poisson, approximated as normal with variance = mean) plus read noise.
		v := s + math.Sqrt(max(s, 0))*rng.normal() + 4*rng.normal()
		data[i] = float32(math.Round(max(v, 0)))
	}
	a, err := registry.NewFloat32([]int{zn, yn, xn}, data)
	if err != nil {
		panic("sampleCells: " + err.Error()) // the shape is ours; this cannot fail
	}
	return a, cells
}

// overlaps reports whether c comes within a few pixels of a nucleus already placed, so
// that nuclei stay separate objects after smoothing and thresholding.
func overlaps(c nucleus, cells []nucleus) bool {
	for _, o := range cells {
		dy, dx := c.y-o.y, c.x-o.x
		if math.Hypot(dy, dx) < c.r+o.r+4 {
			return true
		}
	}
	return false
}

// addNucleus adds a nucleus with a soft (logistic) edge and a slightly brighter rim of
// chromatin, within its bounding box only.
func addNucleus(signal []float64, zn, yn, xn int, c nucleus) {
	const edge = 1.2 // pixels over which the edge falls off
	pad := 3 * edge
	z0, z1 := clampInt(c.z-c.rz-pad, zn), clampInt(c.z+c.rz+pad+1, zn)
	y0, y1 := clampInt(c.y-c.r-pad, yn), clampInt(c.y+c.r+pad+1, yn)
	x0, x1 := clampInt(c.x-c.r-pad, xn), clampInt(c.x+c.r+pad+1, xn)
	for zi := z0; zi < z1; zi++ {
		for yi := y0; yi < y1; yi++ {
			for xi := x0; xi < x1; xi++ {
				dz := (float64(zi) - c.z) / c.rz
				dy := (float64(yi) - c.y) / c.r
				dx := (float64(xi) - c.x) / c.r
				d := math.Sqrt(dz*dz+dy*dy+dx*dx) * c.r // distance from centre, in pixels
				inside := 1 / (1 + math.Exp((d-c.r)/edge))
				texture := 0.85 + 0.15*d/c.r
				signal[(zi*yn+yi)*xn+xi] += c.brightness * inside * texture
			}
		}
	}
}

func clampInt(v float64, n int) int { return min(max(int(math.Floor(v)), 0), n) }

// splitmix is SplitMix64: a tiny generator whose output is fixed by its definition, unlike
// math/rand's, which may change between Go releases.
type splitmix uint64

func (s *splitmix) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// float returns a uniform value in [0, 1).
func (s *splitmix) float() float64 { return float64(s.next()>>11) / (1 << 53) }

// normal returns a standard normal value (Box-Muller).
func (s *splitmix) normal() float64 {
	u1 := 1 - s.float() // (0, 1]: log is finite
	u2 := s.float()
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
}
