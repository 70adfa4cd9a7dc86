package gpu

import (
	"context"
	"fmt"
	"sync"

	"github.com/kernreg/kernreg/registry"
)

// PoisonOutputs makes the output allocator fill results with Poison instead of leaving
// them uninitialised; the backends' tests set it, so that a kernel that leaves part of its
// output unwritten fails its comparisons instead of passing on a lucky zero.
var PoisonOutputs = false

// Poison is the fill of poisoned outputs: 3.39e38 as a float32, 2139062143 as a label.
const Poison = 0x7f7f7f7f

var (
	devMu   sync.RWMutex
	devices = map[registry.MemoryType]func() (Device, error){}
)

// MemoryDevice returns the device that arrays of memory type m are made on: the one the
// function given to RegisterMemory for m returns. Converters between two device memory
// types (kernels/cuda's cuda<->opencl) allocate their result on it.
func MemoryDevice(m registry.MemoryType) (Device, error) {
	devMu.RLock()
	dev := devices[m]
	devMu.RUnlock()
	if dev == nil {
		return nil, fmt.Errorf("no GPU device for memory type %q: its backend is not part of this build", m)
	}
	return dev()
}

// RegisterMemory registers a GPU backend's memory type m for arrays on the device that
// dev returns (the backend's current device): a zero-filled allocator for registry.Alloc,
// an output allocator that skips the fill (every kernel function writes each element of
// dst, or clears dst itself), and copies to and from host memory that honour a view's
// offset. name prefixes errors.
func RegisterMemory(m registry.MemoryType, name string, dev func() (Device, error)) {
	allocFilled := func(fill bool, v uint32) registry.Allocator {
		return func(dt registry.DType, shape registry.Shape) (*registry.Array, error) {
			d, err := dev()
			if err != nil {
				return nil, err
			}
			n := int64(shape.Len())
			b, err := d.Alloc(4 * max(n, 1))
			if err != nil {
				return nil, err
			}
			if fill {
				if err := d.Fill32(b, 0, v, n); err != nil {
					b.Release()
					return nil, err
				}
			}
			a, err := registry.NewArray(shape, dt, b)
			if err != nil {
				b.Release()
			}
			return a, err
		}
	}
	zeroed, raw, poisoned := allocFilled(true, 0), allocFilled(false, 0), allocFilled(true, Poison)
	output := func(dt registry.DType, shape registry.Shape) (*registry.Array, error) {
		if PoisonOutputs {
			return poisoned(dt, shape)
		}
		return raw(dt, shape)
	}
	fromHost := func(ctx context.Context, a *registry.Array) (*registry.Array, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d, err := dev()
		if err != nil {
			return nil, err
		}
		b, err := d.Alloc(4 * int64(max(a.Len(), 1)))
		if err != nil {
			return nil, err
		}
		switch a.DType() {
		case registry.Float32:
			var v []float32
			if v, err = a.Float32s(); err == nil {
				err = Upload(b, 0, v)
			}
		case registry.Uint32:
			var v []uint32
			if v, err = a.Uint32s(); err == nil {
				err = Upload(b, 0, v)
			}
		default:
			err = fmt.Errorf("%s: cannot upload dtype %v", name, a.DType())
		}
		if err != nil {
			b.Release()
			return nil, err
		}
		out, err := registry.NewArray(a.Shape(), a.DType(), b)
		if err != nil {
			b.Release()
		}
		return out, err
	}
	toHost := func(ctx context.Context, a *registry.Array) (*registry.Array, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b, ok := a.Buffer().(Buffer)
		if !ok {
			return nil, fmt.Errorf("%s: array %v does not hold a GPU buffer", name, a)
		}
		switch a.DType() {
		case registry.Float32:
			v := make([]float32, a.Len())
			if err := Download(b, a.Offset(), v); err != nil {
				return nil, err
			}
			return registry.NewFloat32(a.Shape(), v)
		case registry.Uint32:
			v := make([]uint32, a.Len())
			if err := Download(b, a.Offset(), v); err != nil {
				return nil, err
			}
			return registry.NewUint32(a.Shape(), v)
		}
		return nil, fmt.Errorf("%s: cannot download dtype %v", name, a.DType())
	}
	registry.RegisterMemory(m, zeroed, toHost, fromHost)
	registry.RegisterOutputAllocator(m, output)
	devMu.Lock()
	devices[m] = dev
	devMu.Unlock()
}
