package registry

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
)

// Option changes how Call runs a function.
type Option func(*callOptions)

type callOptions struct {
	backend      string
	sliceBySlice bool
}

// WithBackend picks the library ("cpu", "opencl", "cuda"); "" or "auto" picks the best
// available one (see Preference).
func WithBackend(name string) Option { return func(o *callOptions) { o.backend = name } }

// SliceBySlice runs a FLEXIBLE function on each slice of a 3D input separately.
func SliceBySlice(on bool) Option { return func(o *callOptions) { o.sliceBySlice = on } }

// Resolve finds the function Call would run for name under the given backend choice.
func Resolve(name, backend string) (*Function, error) {
	if backend == "" || backend == "auto" {
		return Lookup(name)
	}
	if strings.Contains(name, ":") {
		return nil, fmt.Errorf("%q is a key and already names its library; pass the bare name with a backend", name)
	}
	if err := BackendStatus(backend); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return Lookup(backend + ":" + name)
}

// Call runs the function name (a key or a bare name) on one input array.
func Call(ctx context.Context, name string, in *Array, params Values, opts ...Option) (*Array, error) {
	return CallN(ctx, name, []*Array{in}, params, opts...)
}

// CallN runs the function name on its image inputs. Inputs in another memory type are
// converted to the function's (and the copies released); the result is in the function's
// memory type and belongs to the caller.
func CallN(ctx context.Context, name string, ins []*Array, params Values, opts ...Option) (*Array, error) {
	var o callOptions
	for _, opt := range opts {
		opt(&o)
	}
	if strings.Contains(name, ":") && o.backend != "" && o.backend != "auto" {
		return nil, fmt.Errorf("%q already names its library; drop the backend option or the prefix", name)
	}
	f, err := Resolve(name, o.backend)
	if err != nil {
		return nil, err
	}
	return f.Call(ctx, ins, params, o.sliceBySlice)
}

// Call validates parameters and inputs, then runs the function under its contract.
func (f *Function) Call(ctx context.Context, ins []*Array, params Values, sliceBySlice bool) (*Array, error) {
	if err := BackendStatus(f.Library); err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	if err := f.CheckNames(params); err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	k, err := f.Bind(params)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	if err := f.CheckInputs(ins, sliceBySlice); err != nil {
		return nil, err
	}
	local := make([]*Array, len(ins))
	for i, a := range ins {
		if local[i], err = To(ctx, a, f.Memory); err != nil {
			return nil, fmt.Errorf("%s: input %s: %w", f.Name, f.Inputs[i].Name, err)
		}
		if local[i] != a {
			defer local[i].Release()
		}
	}
	return f.run(ctx, k, params, local, sliceBySlice)
}

// CheckInputs verifies the number, dtypes, ranks and shapes of the inputs before anything
// runs, and whether slice_by_slice applies.
func (f *Function) CheckInputs(ins []*Array, sliceBySlice bool) error {
	if len(ins) != len(f.Inputs) {
		return fmt.Errorf("%s: takes %d image input(s), got %d", f.Name, len(f.Inputs), len(ins))
	}
	for i, a := range ins {
		in := f.Inputs[i]
		if a == nil {
			return fmt.Errorf("%s: input %s is nil", f.Name, in.Name)
		}
		if a.DType() != in.DType {
			return fmt.Errorf("%s: input %s must be %v, got %v", f.Name, in.Name, in.DType, a)
		}
		if i > 0 && !a.Shape().Equal(ins[0].Shape()) {
			return fmt.Errorf("%s: input %s has shape %v, expected the shape of %s, %v",
				f.Name, in.Name, a.Shape(), f.Inputs[0].Name, ins[0].Shape())
		}
	}
	if sliceBySlice && (f.Contract == Pure3D || f.Contract == VolumetricToSlice) {
		return fmt.Errorf("%s: slice_by_slice does not apply to a %v function", f.Name, f.Contract)
	}
	return nil
}

// run executes a bound kernel with the contract's semantics (see the package doc).
func (f *Function) run(ctx context.Context, k Kernel, v Values, ins []*Array, sliceBySlice bool) (*Array, error) {
	shape := ins[0].Shape()
	perSlice := len(shape) == 3 && (f.Contract == Pure2D || (f.Contract == Flexible && sliceBySlice))
	fail := func(err error) (*Array, error) { return nil, f.wrap(err) }
	switch {
	case perSlice:
		plane, err := f.outShape(v, shape[1:], 2)
		if err != nil {
			return fail(err)
		}
		dst, err := allocOutput(f.Memory, f.Output, append(Shape{shape[0]}, plane...))
		if err != nil {
			return fail(err)
		}
		if err := eachSlice(ctx, shape[0], func(z int) error {
			d, _ := dst.Slice(z)
			srcs := make([]*Array, len(ins))
			for i, a := range ins {
				srcs[i], _ = a.Slice(z)
			}
			return k(ctx, d, srcs)
		}); err != nil {
			dst.Release()
			return fail(err)
		}
		return dst, nil
	case f.Contract == Pure3D || f.Contract == VolumetricToSlice:
		vols := make([]*Array, len(ins))
		for i, a := range ins {
			vols[i] = a.AsVolume()
		}
		vs := vols[0].Shape()
		rank := 3
		if f.Contract == VolumetricToSlice {
			rank = 2
		}
		outShape, err := f.outShape(v, vs, rank)
		if err != nil {
			return fail(err)
		}
		dst, err := allocOutput(f.Memory, f.Output, outShape)
		if err != nil {
			return fail(err)
		}
		if err := k(ctx, dst, vols); err != nil {
			dst.Release()
			return fail(err)
		}
		if f.Contract == Pure3D && len(shape) == 2 && dst.Shape()[0] == 1 {
			return dst.AsPlane()
		}
		return dst, nil
	case f.Contract == Pure2D || f.Contract == Flexible:
		outShape, err := f.outShape(v, shape, len(shape))
		if err != nil {
			return fail(err)
		}
		dst, err := allocOutput(f.Memory, f.Output, outShape)
		if err != nil {
			return fail(err)
		}
		if err := k(ctx, dst, ins); err != nil {
			dst.Release()
			return fail(err)
		}
		return dst, nil
	}
	return nil, fmt.Errorf("%s: unknown contract %v", f.Name, f.Contract)
}

// outShape is the shape of the result for an input (or slice) of shape in: the function's
// own OutShape when it has one, else in itself, or in without Z for VOLUMETRIC_TO_SLICE.
// A shape function must keep the rank the contract promises.
func (f *Function) outShape(v Values, in Shape, rank int) (Shape, error) {
	if f.OutShape == nil {
		if len(in) > rank {
			return in[len(in)-rank:], nil
		}
		return in, nil
	}
	out, err := f.OutShape(v, append(Shape(nil), in...))
	if err != nil {
		return nil, err
	}
	if len(out) != rank {
		return nil, fmt.Errorf("output shape %v for input %v is not %dD as the %v contract requires", out, in, rank, f.Contract)
	}
	if err := out.check(); err != nil {
		return nil, fmt.Errorf("output %w", err)
	}
	return out, nil
}

// wrap prefixes an error with the function name unless the kernel already did:
// "sobel_h: slice 3: image has NaN", not "sobel_h: slice 3: sobel_h: image has NaN".
func (f *Function) wrap(err error) error {
	prefix := f.Name + ": "
	if se, ok := err.(*sliceError); ok {
		return &sliceError{z: se.z, err: se.err, prefix: prefix}
	}
	if strings.HasPrefix(err.Error(), prefix) {
		return err
	}
	return fmt.Errorf("%s%w", prefix, err)
}

// sliceError is an error of one slice of a per-slice run.
type sliceError struct {
	z      int
	err    error
	prefix string // the function name and ": ", once
}

func (e *sliceError) Error() string {
	return fmt.Sprintf("%sslice %d: %s", e.prefix, e.z, strings.TrimPrefix(e.err.Error(), e.prefix))
}

func (e *sliceError) Unwrap() error { return e.err }

// eachSlice runs fn for z in [0, n) on up to GOMAXPROCS goroutines and returns the first
// error; it stops handing out slices once one fails or ctx is done.
func eachSlice(ctx context.Context, n int, fn func(z int) error) error {
	workers := min(runtime.GOMAXPROCS(0), n)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		next  int
		first error
	)
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if first != nil || next >= n {
			return 0, false
		}
		if err := ctx.Err(); err != nil {
			first = err
			return 0, false
		}
		next++
		return next - 1, true
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for z, ok := take(); ok; z, ok = take() {
				if err := fn(z); err != nil {
					mu.Lock()
					if first == nil {
						first = &sliceError{z: z, err: err}
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return first
}
