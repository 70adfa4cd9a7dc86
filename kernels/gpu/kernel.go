package gpu

import (
	"fmt"
	"math"
	"sync"
)

// Arg is the kind of one kernel argument, as the Go side declares it.
type Arg uint8

const (
	// Buf is a GLOBAL pointer: a Buffer of the launching device.
	Buf Arg = iota + 1
	// Int is a C int: a Go int within int32's range.
	Int
	// Float is a C float: a Go float32.
	Float
	// Real is the dialect's real (double where the device has it, else float): a Go
	// float64, converted to float32 on a device without float64.
	Real
)

func (a Arg) String() string {
	switch a {
	case Buf:
		return "buffer"
	case Int:
		return "int"
	case Float:
		return "float"
	case Real:
		return "real"
	}
	return fmt.Sprintf("Arg(%d)", uint8(a))
}

// Kernel is the Go declaration of one kernel function of a source: its name and the
// kinds of its arguments. Launch checks every call against it before anything reaches
// the device, and the first build of the source checks the declaration against the
// compiled kernel's argument count.
type Kernel struct {
	Src  *Source
	Name string
	Args []Arg
}

// kernel declares a kernel of src.
func kernel(src *Source, name string, args ...Arg) *Kernel {
	k := &Kernel{Src: src, Name: name, Args: args}
	src.kernels = append(src.kernels, k)
	return k
}

// String is "filters.cl:correlate_axis".
func (k *Kernel) String() string { return k.Src.Name + ":" + k.Name }

// Launch runs the kernel on dev over global work items (X first) in work groups the
// backend chooses.
func (k *Kernel) Launch(dev Device, global []int, args ...any) error {
	return k.LaunchLocal(dev, global, nil, args...)
}

// LaunchLocal is Launch with explicit work-group sizes, for kernels that use LOCAL
// memory and BARRIER().
func (k *Kernel) LaunchLocal(dev Device, global, local []int, args ...any) error {
	conv, err := k.checkArgs(dev, args)
	if err != nil {
		return err
	}
	if len(global) < 1 || len(global) > 3 || (local != nil && len(local) != len(global)) {
		return fmt.Errorf("gpu: kernel %v: global size %v and local size %v: want 1 to 3 sizes, the same number of each", k, global, local)
	}
	for _, g := range global {
		if g < 1 || g > math.MaxInt32 {
			return fmt.Errorf("gpu: kernel %v: global size %v out of range", k, global)
		}
	}
	p, err := program(dev, k.Src)
	if err != nil {
		return err
	}
	if err := p.Launch(k.Name, global, local, conv...); err != nil {
		return fmt.Errorf("kernel %v: %w", k, err)
	}
	return nil
}

// checkArgs checks args against the declaration and converts them to the C types.
func (k *Kernel) checkArgs(dev Device, args []any) ([]any, error) {
	if len(args) != len(k.Args) {
		return nil, fmt.Errorf("gpu: kernel %v takes %d arguments, got %d", k, len(k.Args), len(args))
	}
	out := make([]any, len(args))
	for i, a := range args {
		bad := func(why string) error {
			return fmt.Errorf("gpu: kernel %v: argument %d is %T%s, want %v", k, i, a, why, k.Args[i])
		}
		switch k.Args[i] {
		case Buf:
			b, ok := a.(Buffer)
			if !ok || b == nil {
				return nil, bad("")
			}
			if b.Device() != dev {
				return nil, fmt.Errorf("gpu: kernel %v: argument %d is a buffer of %v, the launch is on %v", k, i, b.Device(), dev)
			}
			out[i] = b
		case Int:
			v, ok := a.(int)
			if !ok {
				return nil, bad("")
			}
			if v < math.MinInt32 || v > math.MaxInt32 {
				return nil, bad(fmt.Sprintf(" %d (beyond int32)", v))
			}
			out[i] = int32(v)
		case Float:
			v, ok := a.(float32)
			if !ok {
				return nil, bad("")
			}
			out[i] = v
		case Real:
			v, ok := a.(float64)
			if !ok {
				return nil, bad("")
			}
			if dev.Float64() {
				out[i] = v
			} else {
				out[i] = float32(v)
			}
		default:
			return nil, fmt.Errorf("gpu: kernel %v: argument %d has no declared kind", k, i)
		}
	}
	return out, nil
}

// programs caches compiled sources per device for the life of the process: programs
// never depend on shapes or parameters, so each source compiles once per device.
var programs sync.Map // progKey -> *progEntry

type progKey struct {
	dev Device
	src *Source
}

type progEntry struct {
	once sync.Once
	p    Program
	err  error
}

// program returns src compiled for dev, building it on first use and checking every
// declared kernel's argument count against the compiled one.
func program(dev Device, src *Source) (Program, error) {
	e, _ := programs.LoadOrStore(progKey{dev, src}, &progEntry{})
	pe := e.(*progEntry)
	pe.once.Do(func() {
		p, err := dev.Build(src)
		if err != nil {
			pe.err = fmt.Errorf("building %s for %v: %w", src.Name, dev, err)
			return
		}
		for _, k := range src.kernels {
			n, err := p.NumArgs(k.Name)
			if err != nil {
				pe.err = fmt.Errorf("gpu: %s built for %v: kernel %s: %w", src.Name, dev, k.Name, err)
				return
			}
			if n != len(k.Args) {
				pe.err = fmt.Errorf("gpu: kernel %v takes %d arguments in the source, %d in its Go declaration", k, n, len(k.Args))
				return
			}
		}
		pe.p = p
	})
	return pe.p, pe.err
}

// Warm builds every source for dev now, instead of on first use.
func Warm(dev Device) error {
	for _, s := range Sources() {
		if _, err := program(dev, s); err != nil {
			return err
		}
	}
	return nil
}
