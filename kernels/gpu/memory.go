package gpu

import (
	"context"
	"fmt"

	"github.com/kernreg/kernreg/registry"
)

// Memory returns a GPU backend's registry memory functions for arrays on the device that
// dev returns (the backend's current device): a zero-filled allocator, and copies to and
// from host memory that honour a view's offset. A backend passes them to
// registry.RegisterMemory.
func Memory(name string, dev func() (Device, error)) (alloc registry.Allocator, toHost, fromHost registry.Converter) {
	alloc = func(dt registry.DType, shape registry.Shape) (*registry.Array, error) {
		d, err := dev()
		if err != nil {
			return nil, err
		}
		n := int64(shape.Len())
		b, err := d.Alloc(4 * max(n, 1))
		if err != nil {
			return nil, err
		}
		if err := d.Fill32(b, 0, 0, n); err != nil {
			b.Release()
			return nil, err
		}
		a, err := registry.NewArray(shape, dt, b)
		if err != nil {
			b.Release()
		}
		return a, err
	}
	fromHost = func(ctx context.Context, a *registry.Array) (*registry.Array, error) {
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
	toHost = func(ctx context.Context, a *registry.Array) (*registry.Array, error) {
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
	return alloc, toHost, fromHost
}
