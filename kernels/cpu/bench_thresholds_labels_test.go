package cpu_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
)

// Benchmark data for the thresholds, label ops and watershed at 2048x2048 and
// 64x512x512: "blobs" is a 7-box-smoothed hash noise (so blobs of about 10 pixels with
// long boundaries) scaled to [0, 1], the threshold input is 100·blobs + 20·noise
// (bimodal), labels are the connected components of blobs > 0.5 with sparse values
// (7k+3), and watershed markers are a grid of seeds every 32 pixels (every 8 planes).
// The noise is an integer hash, so the Python timing script can make the same input.
type lxBench struct {
	img, blobs cpu.Array
	labels     cpu.LabelArray
	markers    cpu.LabelArray
}

var lxBenchData = struct {
	sync.Mutex
	m map[string]*lxBench
}{m: map[string]*lxBench{}}

// hashNoise is (i·2654435761 mod 2^32) / 2^32.
func hashNoise(i int) float32 { return float32(uint32(i)*2654435761) / (1 << 32) }

func lxData(b *testing.B, shape []int) *lxBench {
	b.Helper()
	key := fmt.Sprint(shape)
	lxBenchData.Lock()
	defer lxBenchData.Unlock()
	if d, ok := lxBenchData.m[key]; ok {
		return d
	}
	n := 1
	for _, s := range shape {
		n *= s
	}
	noise := cpu.Array{Shape: shape, Data: make([]float32, n)}
	for i := range noise.Data {
		noise.Data[i] = hashNoise(i)
	}
	d := &lxBench{
		img:     cpu.Array{Shape: shape, Data: make([]float32, n)},
		blobs:   cpu.Array{Shape: shape, Data: make([]float32, n)},
		labels:  cpu.LabelArray{Shape: shape, Data: make([]uint32, n)},
		markers: cpu.LabelArray{Shape: shape, Data: make([]uint32, n)},
	}
	if err := cpu.UniformFilter(d.blobs, noise, cpu.BoxParams{Size: []int{7}, Mode: "reflect"}); err != nil {
		b.Fatal(err)
	}
	mask := cpu.Array{Shape: shape, Data: make([]float32, n)}
	for i, v := range d.blobs.Data {
		d.img.Data[i] = 100*v + 20*noise.Data[i]
		if v > 0.5 {
			mask.Data[i] = 1
		}
	}
	if err := cpu.Label(d.labels, mask, cpu.LabelParams{Connectivity: 1}); err != nil {
		b.Fatal(err)
	}
	for i, l := range d.labels.Data {
		if l != 0 {
			d.labels.Data[i] = 7*l + 3
		}
	}
	nx, ny := shape[len(shape)-1], shape[len(shape)-2]
	var next uint32
	for i := range d.markers.Data {
		x, y, z := i%nx, (i/nx)%ny, i/(nx*ny)
		if x%32 == 16 && y%32 == 16 && (len(shape) == 2 || z%8 == 4) {
			next++
			d.markers.Data[i] = next
		}
	}
	lxBenchData.m[key] = d
	return d
}

var lxShapes = []struct {
	name  string
	shape []int
}{
	{"2048x2048", []int{2048, 2048}},
	{"64x512x512", []int{64, 512, 512}},
}

func benchThreshold(b *testing.B, fn func(dst, src cpu.Array) error) {
	for _, s := range lxShapes {
		b.Run(s.name, func(b *testing.B) {
			d := lxData(b, s.shape)
			dst := cpu.Array{Shape: s.shape, Data: make([]float32, len(d.img.Data))}
			b.SetBytes(int64(4 * len(dst.Data)))
			b.ResetTimer()
			for b.Loop() {
				if err := fn(dst, d.img); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkThresholdLi(b *testing.B) {
	benchThreshold(b, func(dst, src cpu.Array) error { return cpu.ThresholdLi(dst, src, cpu.LiParams{}) })
}

func BenchmarkThresholdYen(b *testing.B) {
	benchThreshold(b, func(dst, src cpu.Array) error {
		return cpu.ThresholdYen(dst, src, cpu.HistogramThresholdParams{Nbins: 256})
	})
}

func BenchmarkThresholdSauvola(b *testing.B) {
	benchThreshold(b, func(dst, src cpu.Array) error {
		return cpu.ThresholdSauvola(dst, src, cpu.SauvolaParams{WindowSize: []int{15}, K: 0.2, R: 1})
	})
}

func benchLabels(b *testing.B, fn func(dst cpu.LabelArray, d *lxBench) error) {
	for _, s := range lxShapes {
		b.Run(s.name, func(b *testing.B) {
			d := lxData(b, s.shape)
			dst := cpu.LabelArray{Shape: s.shape, Data: make([]uint32, len(d.img.Data))}
			b.SetBytes(int64(4 * len(dst.Data)))
			b.ResetTimer()
			for b.Loop() {
				if err := fn(dst, d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkRelabelSequential(b *testing.B) {
	benchLabels(b, func(dst cpu.LabelArray, d *lxBench) error {
		return cpu.RelabelSequential(dst, d.labels, cpu.RelabelParams{Offset: 1})
	})
}

func BenchmarkWatershed(b *testing.B) {
	benchLabels(b, func(dst cpu.LabelArray, d *lxBench) error {
		return cpu.Watershed(dst, d.blobs, d.markers, cpu.WatershedParams{Connectivity: 1})
	})
}

func BenchmarkExpandLabels(b *testing.B) {
	benchLabels(b, func(dst cpu.LabelArray, d *lxBench) error {
		return cpu.ExpandLabels(dst, d.labels, cpu.ExpandParams{Distance: 3})
	})
}

func BenchmarkClearBorder(b *testing.B) {
	benchLabels(b, func(dst cpu.LabelArray, d *lxBench) error {
		return cpu.ClearBorder(dst, d.labels, cpu.ClearBorderParams{})
	})
}

func BenchmarkVoronoiOtsuLabeling(b *testing.B) {
	benchLabels(b, func(dst cpu.LabelArray, d *lxBench) error {
		return cpu.VoronoiOtsuLabeling(dst, d.img, cpu.VoronoiOtsuParams{SpotSigma: 2, OutlineSigma: 2})
	})
}
