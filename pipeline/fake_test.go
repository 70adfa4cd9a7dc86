package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"

	_ "github.com/kernreg/kernreg/generated" // the real operations
	"github.com/kernreg/kernreg/registry"
)

// The tests add a fake device backend, "fakegpu", with its own memory type, so that
// conversions between backends, their count and the release of device memory are
// tested without a GPU; and a few pltest_* operations (on cpu and fakegpu) whose calls
// are counted. Real operations from generated/ are used wherever they do.
func TestMain(m *testing.M) {
	registerFakes()
	os.Exit(m.Run())
}

const fakeMem registry.MemoryType = "fakegpu"

// fakeBuf is device memory of the fake backend: a Go slice that only its kernels and
// converters touch.
type fakeBuf struct {
	f32      []float32
	u32      []uint32
	released bool
}

func (b *fakeBuf) Memory() registry.MemoryType { return fakeMem }
func (b *fakeBuf) Len() int                    { return max(len(b.f32), len(b.u32)) }
func (b *fakeBuf) Release() error {
	if b.released {
		return errors.New("fakegpu: buffer released twice")
	}
	b.released = true
	dev.mu.Lock()
	dev.live--
	dev.mu.Unlock()
	return nil
}

// dev counts what happens on the fake device.
var dev struct {
	mu              sync.Mutex
	live            int // buffers allocated and not released
	toHost, fromHst int // conversions
	calls           map[string]int
}

func resetDev() {
	dev.mu.Lock()
	defer dev.mu.Unlock()
	dev.toHost, dev.fromHst, dev.calls = 0, 0, map[string]int{}
}

func newFake(dt registry.DType, shape registry.Shape) (*registry.Array, error) {
	b := &fakeBuf{}
	if dt == registry.Float32 {
		b.f32 = make([]float32, shape.Len())
	} else {
		b.u32 = make([]uint32, shape.Len())
	}
	dev.mu.Lock()
	dev.live++
	dev.mu.Unlock()
	return registry.NewArray(shape, dt, b)
}

// cancelHook, when set, is called by pltest_cancel's kernel: tests cancel a run there.
var cancelHook func()

func registerFakes() {
	registry.RegisterBackend(registry.Backend{Name: "fakegpu", Memory: fakeMem})
	// A backend that is part of the build but has no device here.
	registry.RegisterBackend(registry.Backend{Name: "fakeoff", Memory: registry.Host,
		Available: func() error { return errors.New("no fakeoff device") }})
	registry.RegisterMemory(fakeMem, newFake,
		func(_ context.Context, a *registry.Array) (*registry.Array, error) {
			b := a.Buffer().(*fakeBuf)
			dev.mu.Lock()
			dev.toHost++
			dev.mu.Unlock()
			n, off := a.Len(), a.Offset()
			if a.DType() == registry.Float32 {
				return registry.NewFloat32(a.Shape(), append([]float32(nil), b.f32[off:off+n]...))
			}
			return registry.NewUint32(a.Shape(), append([]uint32(nil), b.u32[off:off+n]...))
		},
		func(_ context.Context, a *registry.Array) (*registry.Array, error) {
			out, err := newFake(a.DType(), a.Shape())
			if err != nil {
				return nil, err
			}
			dev.mu.Lock()
			dev.fromHst++
			dev.mu.Unlock()
			b := out.Buffer().(*fakeBuf)
			if a.DType() == registry.Float32 {
				d, err := a.Float32s()
				if err != nil {
					return nil, err
				}
				copy(b.f32, d)
			} else {
				d, err := a.Uint32s()
				if err != nil {
					return nil, err
				}
				copy(b.u32, d)
			}
			return out, nil
		})
	resetDev()

	img := []registry.Input{{Name: "image", DType: registry.Float32}}
	factor := registry.Param{Name: "factor", Type: registry.FloatParam, Default: "2", Min: registry.Bound(0), Doc: "The factor."}
	scale := func(lib string, mem registry.MemoryType) registry.Function {
		return registry.Function{
			Name: "pltest_scale", Library: lib, Contract: registry.Flexible, Memory: mem,
			Doc: "Multiplies by factor.", Tags: []string{"pltest"}, Ref: "numpy.multiply",
			Inputs: img, Output: registry.Float32, Params: []registry.Param{factor}, SliceIndependent: true,
			Bind: func(v registry.Values) (registry.Kernel, error) {
				f, err := v.Float(&factor)
				if err != nil {
					return nil, err
				}
				return elementwise(lib+":pltest_scale", func(x float32) float32 { return x * float32(f) }), nil
			},
		}
	}
	registry.Register(
		scale("cpu", registry.Host),
		scale("fakegpu", fakeMem),
		scale("fakeoff", registry.Host),
		registry.Function{
			Name: "pltest_negate", Library: "fakegpu", Contract: registry.Flexible, Memory: fakeMem,
			Doc: "Negates.", Tags: []string{"pltest"}, Ref: "numpy.negative", Inputs: img, Output: registry.Float32,
			Bind: func(registry.Values) (registry.Kernel, error) {
				return elementwise("fakegpu:pltest_negate", func(x float32) float32 { return -x }), nil
			},
		},
		// A crop to the top-left quarter: its output shape depends on the data.
		registry.Function{
			Name: "pltest_quarter", Library: "cpu", Contract: registry.Pure2D, Memory: registry.Host,
			Doc: "Keeps the top-left quarter.", Tags: []string{"pltest"}, Ref: "image[:h//2, :w//2]", Inputs: img, Output: registry.Float32,
			OutShape: func(_ registry.Values, in registry.Shape) (registry.Shape, error) {
				if in[0] < 2 || in[1] < 2 {
					return nil, fmt.Errorf("image %v is too small to quarter", in)
				}
				return registry.Shape{in[0] / 2, in[1] / 2}, nil
			},
			Bind: func(registry.Values) (registry.Kernel, error) {
				return func(_ context.Context, dst *registry.Array, srcs []*registry.Array) error {
					count("cpu:pltest_quarter")
					d, _ := dst.Float32s()
					s, _ := srcs[0].Float32s()
					w, sw := dst.Shape()[1], srcs[0].Shape()[1]
					for i := range d {
						d[i] = s[i/w*sw+i%w]
					}
					return nil
				}, nil
			},
		},
		// Calls cancelHook, then fails with the context's error, as a kernel that
		// notices a cancelled run does.
		registry.Function{
			Name: "pltest_cancel", Library: "cpu", Contract: registry.Flexible, Memory: registry.Host,
			Doc: "Cancels the run.", Tags: []string{"pltest"}, Ref: "none", Inputs: img, Output: registry.Float32,
			Bind: func(registry.Values) (registry.Kernel, error) {
				return func(ctx context.Context, dst *registry.Array, srcs []*registry.Array) error {
					count("cpu:pltest_cancel")
					if cancelHook != nil {
						cancelHook()
					}
					return ctx.Err()
				}, nil
			},
		},
		registry.Function{
			Name: "pltest_fail", Library: "fakegpu", Contract: registry.Flexible, Memory: fakeMem,
			Doc: "Fails.", Tags: []string{"pltest"}, Ref: "none", Inputs: img, Output: registry.Float32,
			Bind: func(registry.Values) (registry.Kernel, error) {
				return func(context.Context, *registry.Array, []*registry.Array) error {
					return errors.New("device lost")
				}, nil
			},
		},
	)
}

func count(key string) {
	dev.mu.Lock()
	dev.calls[key]++
	dev.mu.Unlock()
}

// elementwise is a kernel applying fn to every element, in host or fake device memory.
func elementwise(key string, fn func(float32) float32) registry.Kernel {
	data := func(a *registry.Array) []float32 {
		if b, ok := a.Buffer().(*fakeBuf); ok {
			return b.f32[a.Offset() : a.Offset()+a.Len()]
		}
		d, err := a.Float32s()
		if err != nil {
			panic(err)
		}
		return d
	}
	return func(_ context.Context, dst *registry.Array, srcs []*registry.Array) error {
		count(key)
		d, s := data(dst), data(srcs[0])
		for i := range d {
			d[i] = fn(s[i])
		}
		return nil
	}
}

// ramp is a deterministic float32 array with positive and negative values.
func ramp(t *testing.T, shape ...int) *registry.Array {
	t.Helper()
	n := registry.Shape(shape).Len()
	d := make([]float32, n)
	for i := range d {
		d[i] = float32((i*7919)%101) / 10
	}
	a, err := registry.NewFloat32(shape, d)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// memOutput keeps copies of what a run saves.
type memOutput struct {
	images map[string]*registry.Array
	tables map[string]*Table
}

func newMemOutput() *memOutput {
	return &memOutput{images: map[string]*registry.Array{}, tables: map[string]*Table{}}
}

func (o *memOutput) Image(name string, a *registry.Array) error {
	c, err := a.Clone()
	o.images[name] = c
	return err
}

func (o *memOutput) Table(name string, t *Table) error {
	o.tables[name] = t
	return nil
}
