package cpu_test

import (
	"math"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
)

func TestRestorationErrors(t *testing.T) {
	x := cpu.Array{Shape: []int{5, 6}, Data: make([]float32, 30)}
	d := cpu.Array{Shape: []int{5, 6}, Data: make([]float32, 30)}
	rl := cpu.RichardsonLucyParams{PSFSigma: []float64{1}, PSFSize: []int{5}, NumIter: 3, Clip: true}
	for name, mod := range map[string]func(p *cpu.RichardsonLucyParams){
		"even size":       func(p *cpu.RichardsonLucyParams) { p.PSFSize = []int{4} },
		"zero size":       func(p *cpu.RichardsonLucyParams) { p.PSFSize = []int{0} },
		"three sizes":     func(p *cpu.RichardsonLucyParams) { p.PSFSize = []int{3, 3, 3} },
		"negative sigma":  func(p *cpu.RichardsonLucyParams) { p.PSFSigma = []float64{-1} },
		"NaN sigma":       func(p *cpu.RichardsonLucyParams) { p.PSFSigma = []float64{math.NaN()} },
		"negative iter":   func(p *cpu.RichardsonLucyParams) { p.NumIter = -1 },
		"NaN epsilon":     func(p *cpu.RichardsonLucyParams) { p.FilterEpsilon = math.NaN() },
		"huge psf":        func(p *cpu.RichardsonLucyParams) { p.PSFSize = []int{1 << 30} },
		"too many rounds": func(p *cpu.RichardsonLucyParams) { p.NumIter = 1 << 20 },
	} {
		p := rl
		mod(&p)
		if err := cpu.RichardsonLucy(d, x, p); err == nil || !strings.HasPrefix(err.Error(), "richardson_lucy:") {
			t.Errorf("%s: got %v", name, err)
		}
	}
	tv := cpu.DenoiseTVChambolleParams{Weight: 0.1, Eps: 2e-4, MaxNumIter: 10}
	for name, mod := range map[string]func(p *cpu.DenoiseTVChambolleParams){
		"zero weight":   func(p *cpu.DenoiseTVChambolleParams) { p.Weight = 0 },
		"NaN weight":    func(p *cpu.DenoiseTVChambolleParams) { p.Weight = math.NaN() },
		"Inf weight":    func(p *cpu.DenoiseTVChambolleParams) { p.Weight = math.Inf(1) },
		"negative eps":  func(p *cpu.DenoiseTVChambolleParams) { p.Eps = -1 },
		"no iterations": func(p *cpu.DenoiseTVChambolleParams) { p.MaxNumIter = 0 },
	} {
		p := tv
		mod(&p)
		if err := cpu.DenoiseTVChambolle(d, x, p); err == nil || !strings.HasPrefix(err.Error(), "denoise_tv_chambolle:") {
			t.Errorf("%s: got %v", name, err)
		}
	}
	for name, p := range map[string]cpu.FFTConvolveParams{
		"negative sigma": {Sigma: []float64{-1}, Truncate: 4},
		"NaN truncate":   {Sigma: []float64{1}, Truncate: math.NaN()},
		"huge sigma":     {Sigma: []float64{1e12}, Truncate: 4},
		"two of three":   {Sigma: []float64{1, 2, 3}, Truncate: 4},
	} {
		if err := cpu.FFTConvolve(d, x, p); err == nil || !strings.HasPrefix(err.Error(), "fft_convolve:") {
			t.Errorf("%s: got %v", name, err)
		}
	}
}

// TestRestorationFixedPoints: one TV iteration returns the input unchanged (skimage
// returns the first out, the image itself), and zero RL iterations give 0.5.
func TestRestorationFixedPoints(t *testing.T) {
	x := cpu.Array{Shape: []int{3, 4}, Data: []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, float32(math.NaN())}}
	d := cpu.Array{Shape: []int{3, 4}, Data: make([]float32, 12)}
	if err := cpu.DenoiseTVChambolle(d, x, cpu.DenoiseTVChambolleParams{Weight: 0.1, MaxNumIter: 1}); err != nil {
		t.Fatal(err)
	}
	for i, v := range x.Data {
		if !ewSame(d.Data[i], v) {
			t.Errorf("tv, 1 iteration: pixel %d got %v, want %v", i, d.Data[i], v)
		}
	}
	if err := cpu.RichardsonLucy(d, x, cpu.RichardsonLucyParams{PSFSigma: []float64{1}, PSFSize: []int{3}}); err != nil {
		t.Fatal(err)
	}
	for i, v := range d.Data {
		if v != 0.5 {
			t.Errorf("richardson_lucy, 0 iterations: pixel %d got %v, want 0.5", i, v)
		}
	}
}
