package cuda

import (
	"context"
	"fmt"

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
	registry.RegisterMemory(registry.CUDA, alloc, toHost, fromHost)
}

func describe() []registry.Device {
	devs, err := Devices()
	if err != nil {
		return nil
	}
	out := make([]registry.Device, len(devs))
	for i, d := range devs {
		out[i] = registry.Device{
			Name:    fmt.Sprintf("#%d %s", d.Ordinal, d.Name),
			Vendor:  "NVIDIA",
			Version: fmt.Sprintf("compute %d.%d", d.Major, d.Minor),
			Driver:  "CUDA " + versionString(d.DriverVersion),
			MemoryB: d.TotalMemory,
			Units:   d.SMs,
		}
	}
	return out
}

func alloc(dt registry.DType, shape registry.Shape) (*registry.Array, error) {
	d, err := Default()
	if err != nil {
		return nil, err
	}
	n := shape.Len()
	b, err := d.alloc(uint64(n) * 4)
	if err != nil {
		return nil, err
	}
	if err := b.fill32(0, 0, uint64(n)); err != nil {
		b.Release()
		return nil, err
	}
	a, err := registry.NewArray(shape, dt, b)
	if err != nil {
		b.Release()
	}
	return a, err
}

// bufferOf returns the device buffer behind a cuda array and the array's byte offset.
func bufferOf(a *registry.Array) (*Buffer, uint64, error) {
	b, ok := a.Buffer().(*Buffer)
	if !ok {
		return nil, 0, fmt.Errorf("cuda: %v is not in cuda memory", a)
	}
	return b, uint64(a.Offset()) * 4, nil
}

func toHost(ctx context.Context, a *registry.Array) (*registry.Array, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b, off, err := bufferOf(a)
	if err != nil {
		return nil, err
	}
	h, err := registry.NewHost(a.DType(), a.Shape()...)
	if err != nil {
		return nil, err
	}
	if a.DType() == registry.Uint32 {
		d, _ := h.Uint32s()
		err = Download(b, off, d)
	} else {
		d, _ := h.Float32s()
		err = Download(b, off, d)
	}
	if err != nil {
		return nil, err
	}
	return h, nil
}

func fromHost(ctx context.Context, h *registry.Array) (*registry.Array, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	d, err := Default()
	if err != nil {
		return nil, err
	}
	n := h.Len()
	b, err := d.alloc(uint64(n) * 4)
	if err != nil {
		return nil, err
	}
	if h.DType() == registry.Uint32 {
		s, _ := h.Uint32s()
		err = Upload(b, 0, s)
	} else {
		s, _ := h.Float32s()
		err = Upload(b, 0, s)
	}
	if err != nil {
		b.Release()
		return nil, err
	}
	a, err := registry.NewArray(h.Shape(), h.DType(), b)
	if err != nil {
		b.Release()
	}
	return a, err
}
