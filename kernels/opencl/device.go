package opencl

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/kernreg/kernreg/kernels/gpu"
	"github.com/kernreg/kernreg/registry"
)

// Device is an opened OpenCL device: its context and one in-order command queue. It
// implements gpu.Device and is safe for concurrent use.
type Device struct {
	Info
	ctx, queue uintptr
	options    string // clBuildProgram options

	// launch serialises clSetKernelArg + clEnqueueNDRangeKernel: a cl_kernel's arguments
	// are shared state until the launch that uses them is queued.
	launch sync.Mutex
}

var _ gpu.Device = (*Device)(nil)

// Open creates a context and an in-order queue on a discovered device.
func Open(info Info) (*Device, error) {
	if err := load(); err != nil {
		return nil, err
	}
	if !info.Available {
		return nil, fmt.Errorf("opencl: device %s %s reports itself unavailable", info.ID, info.Name)
	}
	if !info.Compiler {
		return nil, fmt.Errorf("opencl: device %s %s has no OpenCL C compiler, which kernreg needs", info.ID, info.Name)
	}
	d := &Device{Info: info}
	var s status
	dev := info.device
	d.ctx = cl.clCreateContext(nil, 1, &dev, 0, 0, &s)
	if err := check("clCreateContext", s); err != nil {
		return nil, err
	}
	d.queue = cl.clCreateCommandQueue(d.ctx, dev, 0, &s)
	if err := check("clCreateCommandQueue", s); err != nil {
		cl.clReleaseContext(d.ctx)
		return nil, err
	}
	opts := []string{"-DKR_FP64=0"}
	if info.FP64 {
		opts[0] = "-DKR_FP64=1"
	}
	if info.CorrectDivSqrt {
		// IEEE division and square root, as the CPU reference computes them.
		opts = append(opts, "-cl-fp32-correctly-rounded-divide-sqrt")
	}
	d.options = strings.Join(opts, " ")
	return d, nil
}

// Close releases the queue and the context, after the queued work is done. Buffers and
// programs of the device must not be used afterwards.
func (d *Device) Close() error {
	err := d.Finish()
	cl.clReleaseCommandQueue(d.queue)
	cl.clReleaseContext(d.ctx)
	return err
}

// String is "opencl 0#0 (device name, platform name)".
func (d *Device) String() string {
	return fmt.Sprintf("opencl %s (%s, %s)", d.ID, d.Name, d.Platform)
}

// Float64 reports whether doubles are available (cl_khr_fp64).
func (d *Device) Float64() bool { return d.FP64 }

// Buffer is a cl_mem of a Device. It implements gpu.Buffer and registry.Buffer.
type Buffer struct {
	d   *Device
	mem atomic.Uintptr // 0 once released
	n   int64
}

var _ gpu.Buffer = (*Buffer)(nil)

func (b *Buffer) Memory() registry.MemoryType { return registry.OpenCL }
func (b *Buffer) Len() int                    { return int(b.n / 4) }
func (b *Buffer) Bytes() int64                { return b.n }
func (b *Buffer) Device() gpu.Device          { return b.d }

// Release frees the buffer; work already queued that uses it completes first. A second
// Release does nothing.
func (b *Buffer) Release() error {
	m := b.mem.Swap(0)
	if m == 0 {
		return nil
	}
	return check("clReleaseMemObject", cl.clReleaseMemObject(m))
}

// handle returns the cl_mem, or an error for a released buffer.
func (b *Buffer) handle() (uintptr, error) {
	if m := b.mem.Load(); m != 0 {
		return m, nil
	}
	return 0, fmt.Errorf("opencl: use of a released buffer of %v", b.d)
}

// Alloc makes an uninitialised buffer of n bytes.
func (d *Device) Alloc(n int64) (gpu.Buffer, error) {
	if n <= 0 {
		return nil, fmt.Errorf("opencl: cannot allocate %d bytes", n)
	}
	if uint64(n) > d.MaxAlloc {
		return nil, fmt.Errorf("opencl: cannot allocate %s on %v: its largest buffer is %s (CL_DEVICE_MAX_MEM_ALLOC_SIZE): %w",
			byteSize(uint64(n)), d, byteSize(d.MaxAlloc), ErrOutOfMemory)
	}
	var s status
	m := cl.clCreateBuffer(d.ctx, clMemReadWrite, uintptr(n), nil, &s)
	if err := check("clCreateBuffer", s); err != nil {
		return nil, fmt.Errorf("%w (allocating %s on %v, which has %s)", err, byteSize(uint64(n)), d, byteSize(d.GlobalMem))
	}
	b := &Buffer{d: d, n: n}
	b.mem.Store(m)
	return b, nil
}

// own checks that b is a live buffer of d and that [off, off+n) lies inside it.
func (d *Device) own(b gpu.Buffer, off, n int64, what string) (uintptr, error) {
	cb, ok := b.(*Buffer)
	if !ok || cb.d != d {
		return 0, fmt.Errorf("opencl: %s: buffer %T is not a buffer of %v", what, b, d)
	}
	if off < 0 || n < 0 || off+n > cb.n {
		return 0, fmt.Errorf("opencl: %s of %d bytes at offset %d overflows a buffer of %d bytes", what, n, off, cb.n)
	}
	return cb.handle()
}

// Write copies src into b at byte offset off, blocking until src may be reused.
func (d *Device) Write(b gpu.Buffer, off int64, src []byte) error {
	m, err := d.own(b, off, int64(len(src)), "write")
	if err != nil || len(src) == 0 {
		return err
	}
	var pin runtime.Pinner
	pin.Pin(&src[0])
	defer pin.Unpin()
	return d.memErr(check("clEnqueueWriteBuffer",
		cl.clEnqueueWriteBuffer(d.queue, m, 1, uintptr(off), uintptr(len(src)), unsafe.Pointer(&src[0]), 0, nil, nil)))
}

// Read copies from b at byte offset off into dst, blocking until dst is filled (and so
// until every kernel queued before has run).
func (d *Device) Read(b gpu.Buffer, off int64, dst []byte) error {
	m, err := d.own(b, off, int64(len(dst)), "read")
	if err != nil || len(dst) == 0 {
		return err
	}
	var pin runtime.Pinner
	pin.Pin(&dst[0])
	defer pin.Unpin()
	return d.memErr(check("clEnqueueReadBuffer",
		cl.clEnqueueReadBuffer(d.queue, m, 1, uintptr(off), uintptr(len(dst)), unsafe.Pointer(&dst[0]), 0, nil, nil)))
}

// Copy queues a copy of n bytes between buffers of d.
func (d *Device) Copy(dst gpu.Buffer, dstOff int64, src gpu.Buffer, srcOff, n int64) error {
	dm, err := d.own(dst, dstOff, n, "copy")
	if err != nil {
		return err
	}
	sm, err := d.own(src, srcOff, n, "copy")
	if err != nil || n == 0 {
		return err
	}
	return d.memErr(check("clEnqueueCopyBuffer",
		cl.clEnqueueCopyBuffer(d.queue, sm, dm, uintptr(srcOff), uintptr(dstOff), uintptr(n), 0, nil, nil)))
}

// Fill32 queues setting n 32-bit words of b, from byte offset off, to v.
func (d *Device) Fill32(b gpu.Buffer, off int64, v uint32, n int64) error {
	m, err := d.own(b, off, 4*n, "fill")
	if err != nil || n == 0 {
		return err
	}
	pattern := new(uint32)
	*pattern = v
	var pin runtime.Pinner
	pin.Pin(pattern)
	defer pin.Unpin()
	return d.memErr(check("clEnqueueFillBuffer",
		cl.clEnqueueFillBuffer(d.queue, m, unsafe.Pointer(pattern), 4, uintptr(off), uintptr(4*n), 0, nil, nil)))
}

// Finish waits until every queued command is done.
func (d *Device) Finish() error {
	return d.memErr(check("clFinish", cl.clFinish(d.queue)))
}

// memErr adds the device's memory to an out-of-memory error: drivers may allocate lazily,
// so exhaustion can surface at the first command that touches a buffer.
func (d *Device) memErr(err error) error {
	if err != nil && isOOM(err) {
		return fmt.Errorf("%w (device memory exhausted on %v, which has %s)", err, d, byteSize(d.GlobalMem))
	}
	return err
}

func isOOM(err error) bool {
	e, ok := err.(*Error)
	return ok && outOfMemory(status(e.Status))
}

// byteSize formats a size for messages: "512 MiB", "3.8 GiB".
func byteSize(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
