package cuda

import (
	"fmt"

	"github.com/kernreg/kernreg/kernels/gpu"
	"github.com/kernreg/kernreg/registry"
)

// The cuda backend and memory type. Arrays in cuda memory live on the first device (or the
// one KERNREG_CUDA_DEVICE names by ordinal).
func init() {
	registry.RegisterBackend(registry.Backend{
		Name:      "cuda",
		Memory:    registry.CUDA,
		Available: func() error { _, err := Default(); return err },
		Devices:   describe,
	})
	gpu.RegisterMemory(registry.CUDA, "cuda", func() (gpu.Device, error) {
		d, err := Default()
		if err != nil {
			return nil, err // not a nil *Device in a non-nil interface
		}
		return d, nil
	})
}

func describe() []registry.Device {
	devs, err := Devices()
	if err != nil {
		return nil
	}
	out := make([]registry.Device, len(devs))
	for i, d := range devs {
		out[i] = registry.Device{
			Name:     fmt.Sprintf("#%d %s", d.Ordinal, d.Name),
			Vendor:   "NVIDIA",
			Version:  fmt.Sprintf("compute %d.%d", d.Major, d.Minor),
			Driver:   "CUDA " + versionString(d.DriverVersion),
			MemoryB:  d.TotalMemory,
			Units:    d.SMs,
			Compiler: d.CompilePath(),
		}
	}
	return out
}
