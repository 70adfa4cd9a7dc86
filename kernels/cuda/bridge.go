package cuda

import (
	"context"
	"fmt"

	"github.com/kernreg/kernreg/kernels/gpu"
	"github.com/kernreg/kernreg/registry"
)

// Direct converters between cuda and opencl memory. They are registered here, by the
// CUDA backend, and reach the OpenCL side only through the gpu.Device and gpu.Buffer
// interfaces and gpu.MemoryDevice, so neither backend imports the other: every program
// that links this package gets them, and they do their work only where kernels/opencl is
// linked too (without it there are no opencl arrays to convert from, and converting to
// opencl fails as registry.To would, naming the missing backend).
//
// Both copy through the staging buffers (staging.go), overlapping the CUDA copy of one
// chunk with the OpenCL copy of the next, instead of through a fresh Go array of the
// whole size as registry.To would.
func init() {
	registry.RegisterConverter(registry.CUDA, registry.OpenCL, func(ctx context.Context, a *registry.Array) (*registry.Array, error) {
		return toDevice(ctx, a, registry.OpenCL)
	})
	registry.RegisterConverter(registry.OpenCL, registry.CUDA, fromDevice)
}

// toDevice copies a cuda array into a new array of the GPU memory type m.
func toDevice(ctx context.Context, a *registry.Array, m registry.MemoryType) (*registry.Array, error) {
	fail := func(err error) (*registry.Array, error) {
		return nil, fmt.Errorf("converting %v to %s memory: %w", a, m, err)
	}
	src, ok := a.Buffer().(*Buffer)
	if !ok {
		return fail(fmt.Errorf("its buffer is a %T, not a cuda buffer", a.Buffer()))
	}
	srcOff, n := 4*uint64(a.Offset()), 4*uint64(a.Len())
	if err := src.bounds("conversion", srcOff, n); err != nil {
		return fail(err)
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	dev, err := gpu.MemoryDevice(m)
	if err != nil {
		return fail(err)
	}
	dst, err := dev.Alloc(int64(max(n, 4)))
	if err != nil {
		return fail(fmt.Errorf("allocating the result: %w", err))
	}
	c := &chunkCopy{
		n:       int64(n),
		put:     func(stage []byte, off int64) error { return dev.Write(dst, off, stage) },
		getStep: "downloading from cuda",
		putStep: fmt.Sprintf("uploading to %s", m),
	}
	err = src.d.stagedCopy(ctx, c, true, func(stream uintptr) func([]byte, int64) error {
		return func(stage []byte, off int64) error { return src.downloadVia(stream, srcOff+uint64(off), stage) }
	})
	return wrap(a, m, dst, err)
}

// fromDevice copies an array of another GPU memory type into a new cuda array.
func fromDevice(ctx context.Context, a *registry.Array) (*registry.Array, error) {
	fail := func(err error) (*registry.Array, error) {
		return nil, fmt.Errorf("converting %v to cuda memory: %w", a, err)
	}
	src, ok := a.Buffer().(gpu.Buffer)
	if !ok {
		return fail(fmt.Errorf("its buffer is a %T, not a GPU buffer", a.Buffer()))
	}
	srcOff, n := 4*int64(a.Offset()), 4*int64(a.Len())
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	d, err := Default()
	if err != nil {
		return fail(err)
	}
	dst, err := d.alloc(uint64(max(n, 4)))
	if err != nil {
		return fail(fmt.Errorf("allocating the result: %w", err))
	}
	c := &chunkCopy{
		n:       n,
		get:     func(stage []byte, off int64) error { return src.Device().Read(src, srcOff+off, stage) },
		getStep: fmt.Sprintf("downloading from %s", a.Memory()),
		putStep: "uploading to cuda",
	}
	err = d.stagedCopy(ctx, c, false, func(stream uintptr) func([]byte, int64) error {
		return func(stage []byte, off int64) error { return dst.uploadVia(stream, uint64(off), stage) }
	})
	return wrap(a, registry.CUDA, dst, err)
}

// wrap makes the converted array from its filled buffer, or releases the buffer when the
// copy failed: a conversion never returns part of an array.
func wrap(a *registry.Array, m registry.MemoryType, dst registry.Buffer, err error) (*registry.Array, error) {
	var out *registry.Array
	if err == nil {
		out, err = registry.NewArray(a.Shape(), a.DType(), dst)
	}
	if err != nil {
		dst.Release()
		return nil, fmt.Errorf("converting %v to %s memory: %w", a, m, err)
	}
	return out, nil
}
