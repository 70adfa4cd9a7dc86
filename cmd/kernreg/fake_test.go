package main

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/kernreg/kernreg/registry"
)

// The tests register a few functions of their own, named clitest_*, so that the CLI's
// handling of inputs, dtypes, parameters and failures is tested independently of which
// real operations exist. The real ones (from generated/) are tested too.
func TestMain(m *testing.M) {
	// The same answers on every machine: the opencl backend is part of the build but
	// finds no OpenCL library (kernels/opencl's tests run it for real).
	os.Setenv("KERNREG_LIBOPENCL", "/nonexistent/kernreg-cli-tests/libOpenCL.so.1")
	registerFakes()
	os.Exit(m.Run())
}

func ptr(f float64) *float64 { return &f }

// elementwise builds a kernel from a per-element function of its float32 inputs.
func elementwise(fn func(xs ...float32) float32) registry.Kernel {
	return func(_ context.Context, dst *registry.Array, srcs []*registry.Array) error {
		d, err := dst.Float32s()
		if err != nil {
			return err
		}
		ss := make([][]float32, len(srcs))
		for i, s := range srcs {
			if ss[i], err = s.Float32s(); err != nil {
				return err
			}
		}
		xs := make([]float32, len(srcs))
		for i := range d {
			for j := range ss {
				xs[j] = ss[j][i]
			}
			d[i] = fn(xs...)
		}
		return nil
	}
}

func registerFakes() {
	img := []registry.Input{{Name: "image", DType: registry.Float32}}
	registry.Register(
		registry.Function{
			Name: "clitest_scale", Library: "cpu", Contract: registry.Flexible, Memory: registry.Host,
			Module: "example.com/clitest", GoName: "Scale", Doc: "Multiplies by factor.",
			Tags: []string{"clitest", "arithmetic"}, Ref: "numpy.multiply",
			Inputs: img, Output: registry.Float32,
			Params: []registry.Param{
				{Name: "factor", Type: registry.FloatParam, Default: "2", Min: ptr(0), Max: ptr(100), Doc: "The factor."},
				{Name: "mode", Type: registry.StringParam, Default: "plain", Enum: []string{"plain", "plus_one"}, Doc: "Add one after scaling."},
			},
			Bind: func(v registry.Values) (registry.Kernel, error) {
				f, err := v.Float(&registry.Param{Name: "factor", Type: registry.FloatParam, Default: "2", Min: ptr(0), Max: ptr(100)})
				if err != nil {
					return nil, err
				}
				mode, err := v.String(&registry.Param{Name: "mode", Type: registry.StringParam, Default: "plain", Enum: []string{"plain", "plus_one"}})
				if err != nil {
					return nil, err
				}
				add := float32(0)
				if mode == "plus_one" {
					add = 1
				}
				return elementwise(func(x ...float32) float32 { return x[0]*float32(f) + add }), nil
			},
		},
		registry.Function{
			Name: "clitest_add", Library: "cpu", Contract: registry.Flexible, Memory: registry.Host,
			Tags: []string{"clitest"}, Ref: "numpy.add", Doc: "Adds two images.",
			Inputs: []registry.Input{{Name: "image1", DType: registry.Float32}, {Name: "image2", DType: registry.Float32}},
			Output: registry.Float32,
			Bind: func(registry.Values) (registry.Kernel, error) {
				return elementwise(func(x ...float32) float32 { return x[0] + x[1] }), nil
			},
		},
		registry.Function{
			Name: "clitest_threshold", Library: "cpu", Contract: registry.Pure2D, Memory: registry.Host,
			Tags: []string{"clitest"}, Ref: "x > level", Doc: "Marks pixels above level with label 1.",
			Inputs: img, Output: registry.Uint32,
			Params: []registry.Param{{Name: "level", Type: registry.FloatParam, Doc: "Required threshold."}},
			Bind: func(v registry.Values) (registry.Kernel, error) {
				level, err := v.Float(&registry.Param{Name: "level", Type: registry.FloatParam})
				if err != nil {
					return nil, err
				}
				return func(_ context.Context, dst *registry.Array, srcs []*registry.Array) error {
					d, _ := dst.Uint32s()
					s, _ := srcs[0].Float32s()
					for i := range d {
						if float64(s[i]) > level {
							d[i] = 1
						}
					}
					return nil
				}, nil
			},
		},
		registry.Function{
			Name: "clitest_label_area", Library: "cpu", Contract: registry.Flexible, Memory: registry.Host,
			Tags: []string{"clitest"}, Ref: "labels", Doc: "Takes a label image.",
			Inputs: []registry.Input{{Name: "labels", DType: registry.Uint32}}, Output: registry.Float32,
			Bind: func(registry.Values) (registry.Kernel, error) {
				return func(_ context.Context, dst *registry.Array, srcs []*registry.Array) error {
					d, _ := dst.Float32s()
					s, _ := srcs[0].Uint32s()
					for i := range d {
						d[i] = float32(s[i]) * 10
					}
					return nil
				}, nil
			},
		},
		registry.Function{
			Name: "clitest_mip", Library: "cpu", Contract: registry.VolumetricToSlice, Memory: registry.Host,
			Tags: []string{"clitest"}, Ref: "numpy.max(axis=0)", Doc: "Maximum along Z.",
			Inputs: img, Output: registry.Float32,
			Bind: func(registry.Values) (registry.Kernel, error) {
				return func(_ context.Context, dst *registry.Array, srcs []*registry.Array) error {
					d, _ := dst.Float32s()
					s, _ := srcs[0].Float32s()
					n := len(d)
					for i := range d {
						d[i] = s[i]
						for z := 1; z < len(s)/n; z++ {
							d[i] = max(d[i], s[z*n+i])
						}
					}
					return nil
				}, nil
			},
		},
		registry.Function{
			Name: "clitest_fail", Library: "cpu", Contract: registry.Flexible, Memory: registry.Host,
			Tags: []string{"clitest"}, Ref: "none", Doc: "Always fails in the kernel.",
			Inputs: img, Output: registry.Float32,
			Bind: func(registry.Values) (registry.Kernel, error) {
				return func(context.Context, *registry.Array, []*registry.Array) error {
					return errors.New("kernel exploded\nsecond line of a build log")
				}, nil
			},
		},
		// An operation only a GPU library has, in a build without that backend.
		registry.Function{
			Name: "clitest_gpu_only", Library: "opencl", Contract: registry.Flexible, Memory: registry.OpenCL,
			Tags: []string{"clitest"}, Ref: "none", Doc: "Exists only for OpenCL.",
			Inputs: img, Output: registry.Float32,
			Bind: func(registry.Values) (registry.Kernel, error) {
				return elementwise(func(x ...float32) float32 { return x[0] }), nil
			},
		},
	)
}
