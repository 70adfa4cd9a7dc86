package opencl

import (
	_ "embed"
	"fmt"
	"math"
	"runtime"
	"strings"
	"unsafe"

	"github.com/kernreg/kernreg/kernels/gpu"
)

// Preamble defines the kernel dialect of kernels/gpu for OpenCL C 1.2.
//
//go:embed preamble.cl
var Preamble string

// Program is a built OpenCL program with its kernel objects.
type Program struct {
	d       *Device
	prog    uintptr
	name    string
	kernels map[string]uintptr // created on first use, under d.launch
}

var _ gpu.Program = (*Program)(nil)

// BuildText compiles a complete OpenCL C program. A compile error returns clBuildProgram's
// status with the compiler's log.
func (d *Device) BuildText(name, text string) (*Program, error) {
	if text == "" {
		return nil, fmt.Errorf("opencl: %s: empty program", name)
	}
	buf := []byte(text)
	n := uintptr(len(buf))
	ptr := &buf[0]
	var pin runtime.Pinner
	pin.Pin(&buf[0])
	defer pin.Unpin()
	var s status
	p := cl.clCreateProgramWithSource(d.ctx, 1, &ptr, &n, &s)
	if err := check("clCreateProgramWithSource", s); err != nil {
		return nil, err
	}
	return d.build(name, p)
}

// build runs clBuildProgram with the device's options on a created program (from source
// or binary). On failure it releases the program and returns the status with the log.
func (d *Device) build(name string, p uintptr) (*Program, error) {
	opts := append([]byte(d.options), 0)
	var pin runtime.Pinner
	pin.Pin(&opts[0])
	defer pin.Unpin()
	dev := d.device
	if s := cl.clBuildProgram(p, 1, &dev, &opts[0], 0, 0); s != clSuccess {
		log, _ := infoString("clGetProgramBuildInfo", func(size uintptr, v unsafe.Pointer, ret *uintptr) status {
			return cl.clGetProgramBuildInfo(p, dev, clProgramBuildLog, size, v, ret)
		})
		cl.clReleaseProgram(p)
		return nil, &Error{Call: "clBuildProgram", Status: int32(s), Detail: strings.TrimSpace(log)}
	}
	return &Program{d: d, prog: p, name: name, kernels: map[string]uintptr{}}, nil
}

// Release frees the program and its kernels.
func (p *Program) Release() {
	p.d.launch.Lock()
	defer p.d.launch.Unlock()
	for _, k := range p.kernels {
		cl.clReleaseKernel(k)
	}
	p.kernels = nil
	cl.clReleaseProgram(p.prog)
}

// kernel returns the kernel object called name; the caller holds d.launch.
func (p *Program) kernel(name string) (uintptr, error) {
	if k, ok := p.kernels[name]; ok {
		return k, nil
	}
	cname := append([]byte(name), 0)
	var pin runtime.Pinner
	pin.Pin(&cname[0])
	defer pin.Unpin()
	var s status
	k := cl.clCreateKernel(p.prog, &cname[0], &s)
	if err := check("clCreateKernel", s); err != nil {
		return 0, fmt.Errorf("%w: %s has no kernel %q", err, p.name, name)
	}
	p.kernels[name] = k
	return k, nil
}

// NumArgs returns the number of arguments of kernel name.
func (p *Program) NumArgs(name string) (int, error) {
	p.d.launch.Lock()
	defer p.d.launch.Unlock()
	k, err := p.kernel(name)
	if err != nil {
		return 0, err
	}
	var n uint32
	if err := check("clGetKernelInfo", cl.clGetKernelInfo(k, clKernelNumArgs, 4, unsafe.Pointer(&n), nil)); err != nil {
		return 0, err
	}
	return int(n), nil
}

// defaultLocal are the work-group sizes of launches that leave the choice to the backend, by
// dimension: fixed sizes, so that a driver that specialises kernels per group size
// (PoCL does, compiling each variant on first use) compiles one variant per kernel,
// whatever the image shape. The global size is rounded up to a multiple; kernels check
// their indices.
var defaultLocal = [3][]int{{64}, {16, 4}, {16, 4, 1}}

// Launch sets the arguments and queues the kernel. Args are *Buffer of this device,
// int32, uint32, float32 or float64.
func (p *Program) Launch(name string, global, local []int, args ...any) error {
	dim := len(global)
	if dim < 1 || dim > 3 || (local != nil && len(local) != dim) {
		return fmt.Errorf("opencl: %s: %d global and %d local sizes", name, dim, len(local))
	}
	if local == nil {
		local = defaultLocal[dim-1]
	}
	var gs, ls [3]uintptr
	for i, g := range global {
		if local != nil {
			if local[i] < 1 {
				return fmt.Errorf("opencl: %s: local size %v", name, local)
			}
			ls[i] = uintptr(local[i])
			g = (g + local[i] - 1) / local[i] * local[i]
		}
		gs[i] = uintptr(g)
	}
	// Argument values live in one pinned array while they are set; OpenCL copies them.
	vals := make([]uint64, max(len(args), 1))
	var pin runtime.Pinner
	pin.Pin(&vals[0])
	defer pin.Unpin()
	sizes := make([]uintptr, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case *Buffer:
			if v.d != p.d {
				return fmt.Errorf("opencl: %s: argument %d is a buffer of %v, the program is on %v", name, i, v.d, p.d)
			}
			m, err := v.handle()
			if err != nil {
				return fmt.Errorf("%w (argument %d of %s)", err, i, name)
			}
			vals[i], sizes[i] = uint64(m), unsafe.Sizeof(m)
		case int32:
			vals[i], sizes[i] = uint64(uint32(v)), 4
		case uint32:
			vals[i], sizes[i] = uint64(v), 4
		case float32:
			vals[i], sizes[i] = uint64(math.Float32bits(v)), 4
		case float64:
			if !p.d.FP64 {
				return fmt.Errorf("opencl: %s: argument %d is a double, which %v does not support", name, i, p.d)
			}
			vals[i], sizes[i] = math.Float64bits(v), 8
		default:
			return fmt.Errorf("opencl: %s: argument %d has unsupported type %T", name, i, a)
		}
	}
	p.d.launch.Lock()
	defer p.d.launch.Unlock()
	k, err := p.kernel(name)
	if err != nil {
		return err
	}
	for i := range args {
		// Little-endian hosts only (amd64, arm64): a 4-byte value is the low half.
		if err := check("clSetKernelArg", cl.clSetKernelArg(k, uint32(i), sizes[i], unsafe.Pointer(&vals[i]))); err != nil {
			return fmt.Errorf("%w (argument %d of %s)", err, i, name)
		}
	}
	var lp *uintptr
	if local != nil {
		lp = &ls[0]
	}
	return p.d.memErr(check("clEnqueueNDRangeKernel",
		cl.clEnqueueNDRangeKernel(p.d.queue, k, uint32(dim), nil, &gs[0], lp, 0, nil, nil)))
}
