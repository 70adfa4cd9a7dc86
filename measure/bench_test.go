package measure

import (
	"fmt"
	"testing"

	"github.com/kernreg/kernreg/kernels/cpu"
	"github.com/kernreg/kernreg/registry"
)

// benchInputs makes the labels and intensities of the kernel benchmarks
// (kernels/cpu/bench_thresholds_labels_test.go): 7-box-smoothed hash noise, its
// components above 0.5 as labels (values 7k+3), 100·blobs + 20·noise as intensity.
func benchInputs(b *testing.B, shape []int) (labels, intensity *registry.Array) {
	b.Helper()
	n := 1
	for _, s := range shape {
		n *= s
	}
	noise := cpu.Array{Shape: shape, Data: make([]float32, n)}
	for i := range noise.Data {
		noise.Data[i] = float32(uint32(i)*2654435761) / (1 << 32)
	}
	blobs := cpu.Array{Shape: shape, Data: make([]float32, n)}
	if err := cpu.UniformFilter(blobs, noise, cpu.BoxParams{Size: []int{7}, Mode: "reflect"}); err != nil {
		b.Fatal(err)
	}
	mask := cpu.Array{Shape: shape, Data: make([]float32, n)}
	img := make([]float32, n)
	for i, v := range blobs.Data {
		img[i] = 100*v + 20*noise.Data[i]
		if v > 0.5 {
			mask.Data[i] = 1
		}
	}
	lab := cpu.LabelArray{Shape: shape, Data: make([]uint32, n)}
	if err := cpu.Label(lab, mask, cpu.LabelParams{Connectivity: 1}); err != nil {
		b.Fatal(err)
	}
	for i, l := range lab.Data {
		if l != 0 {
			lab.Data[i] = 7*l + 3
		}
	}
	labels, _ = registry.NewUint32(shape, lab.Data)
	intensity, _ = registry.NewFloat32(shape, img)
	return labels, intensity
}

func BenchmarkRegions(b *testing.B) {
	for _, shape := range [][]int{{2048, 2048}, {64, 512, 512}} {
		b.Run(fmt.Sprint(registry.Shape(shape)), func(b *testing.B) {
			labels, intensity := benchInputs(b, shape)
			b.SetBytes(int64(8 * labels.Len()))
			b.ResetTimer()
			for b.Loop() {
				if _, err := Regions(labels, intensity); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
