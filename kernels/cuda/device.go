package cuda

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"unsafe"
)

// Device is one CUDA device with its primary context. Driver calls that need the context
// run through do, which makes it current on a locked OS thread for the call's duration:
// goroutines move between threads, and the current context is per thread.
type Device struct {
	Ordinal       int
	Name          string
	Major, Minor  int // compute capability
	SMs           int
	TotalMemory   uint64
	DriverVersion int // e.g. 13000 for CUDA 13.0

	dev int32
	ctx uintptr

	mu      sync.Mutex
	modules map[string]*Module // by source hash (and NVRTC target), loaded once per process
	rtc     nvrtcState         // the run-time NVRTC path (CompileEnv)

	pool memPool // released buffers kept for reuse
}

// Devices lists the CUDA devices; it loads the driver on first use.
func Devices() ([]*Device, error) {
	devOnce.Do(func() { devices, devErr = discover() })
	return devices, devErr
}

var (
	devOnce sync.Once
	devices []*Device
	devErr  error
)

func discover() ([]*Device, error) {
	if err := load(); err != nil {
		return nil, err
	}
	var version, n int32
	if err := check("cuDriverGetVersion", drv.cuDriverGetVersion(&version)); err != nil {
		return nil, err
	}
	if err := check("cuDeviceGetCount", drv.cuDeviceGetCount(&n)); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, fmt.Errorf("cuda: the driver (version %s) sees no device", versionString(int(version)))
	}
	out := make([]*Device, 0, n)
	for i := range n {
		d := &Device{Ordinal: int(i), DriverVersion: int(version), modules: map[string]*Module{}}
		if err := check("cuDeviceGet", drv.cuDeviceGet(&d.dev, i)); err != nil {
			return nil, err
		}
		name := make([]byte, 256)
		if err := check("cuDeviceGetName", drv.cuDeviceGetName(&name[0], int32(len(name)), d.dev)); err != nil {
			return nil, err
		}
		d.Name = goString(&name[0])
		attrs := []struct {
			attr int32
			dst  *int
		}{{75, &d.Major}, {76, &d.Minor}, {16, &d.SMs}} // COMPUTE_CAPABILITY_MAJOR/MINOR, MULTIPROCESSOR_COUNT
		for _, a := range attrs {
			var v int32
			if err := check("cuDeviceGetAttribute", drv.cuDeviceGetAttribute(&v, a.attr, d.dev)); err != nil {
				return nil, err
			}
			*a.dst = int(v)
		}
		if err := check("cuDeviceTotalMem", drv.cuDeviceTotalMem(&d.TotalMemory, d.dev)); err != nil {
			return nil, err
		}
		if err := check("cuDevicePrimaryCtxRetain", drv.cuDevicePrimaryCtxRetain(&d.ctx, d.dev)); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// versionString turns the driver's 13000 into "13.0".
func versionString(v int) string { return fmt.Sprintf("%d.%d", v/1000, v%1000/10) }

// do runs fn with the device's context current on this (locked) thread.
func (d *Device) do(fn func() error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := check("cuCtxSetCurrent", drv.cuCtxSetCurrent(d.ctx)); err != nil {
		return err
	}
	return fn()
}

// Buffer is device memory: Size bytes at Ptr. It is a gpu.Buffer and a registry.Buffer
// (memory type cuda). Release frees it; the garbage collector never does.
type Buffer struct {
	d    *Device
	Ptr  uint64
	Size uint64
}

// Alloc allocates n bytes of device memory.
// A buffer comes from the device's pool when one of the same size was released, else from
// cuMemAlloc; when the device is out of memory the pool is emptied and the allocation
// tried once more.
func (d *Device) alloc(n uint64) (*Buffer, error) {
	if n == 0 {
		n = 4 // cuMemAlloc refuses 0; an empty buffer still needs a distinct pointer
	}
	if ptr, ok := d.pool.take(n); ok {
		return &Buffer{d: d, Ptr: ptr, Size: n}, nil
	}
	b := &Buffer{d: d, Size: n}
	err := d.do(func() error { return check("cuMemAlloc", drv.cuMemAlloc(&b.Ptr, n)) })
	if errors.Is(err, ErrOutOfMemory) && d.trim() > 0 {
		err = d.do(func() error { return check("cuMemAlloc", drv.cuMemAlloc(&b.Ptr, n)) })
	}
	if err != nil {
		return nil, fmt.Errorf("%w (asked for %d bytes on %s)", err, n, d.Name)
	}
	return b, nil
}

// Release returns the buffer to its device's pool, or frees it when the pool is full; a
// second call does nothing.
func (b *Buffer) Release() error {
	if b == nil || b.Ptr == 0 {
		return nil
	}
	ptr := b.Ptr
	b.Ptr = 0
	if b.d.pool.put(ptr, b.Size) {
		return nil
	}
	return b.d.do(func() error { return check("cuMemFree", drv.cuMemFree(ptr)) })
}

// trim frees every pooled buffer and returns how many bytes that released.
func (d *Device) trim() uint64 {
	ptrs, bytes := d.pool.drain()
	d.do(func() error {
		for _, p := range ptrs {
			drv.cuMemFree(p)
		}
		return nil
	})
	return bytes
}

// PoolLimit bounds the bytes of released device memory a device keeps for reuse.
var PoolLimit uint64 = 4 << 30

// memPool keeps released device buffers by exact size: pipelines and repeated calls
// allocate the same shapes again, and cuMemAlloc/cuMemFree cost far more than a kernel
// on a small image (cuMemFree also waits for the device).
type memPool struct {
	mu    sync.Mutex
	free  map[uint64][]uint64
	bytes uint64
}

func (p *memPool) take(n uint64) (uint64, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	l := p.free[n]
	if len(l) == 0 {
		return 0, false
	}
	ptr := l[len(l)-1]
	p.free[n] = l[:len(l)-1]
	p.bytes -= n
	return ptr, true
}

func (p *memPool) put(ptr, n uint64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bytes+n > PoolLimit {
		return false
	}
	if p.free == nil {
		p.free = map[uint64][]uint64{}
	}
	p.free[n] = append(p.free[n], ptr)
	p.bytes += n
	return true
}

func (p *memPool) drain() ([]uint64, uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []uint64
	for _, l := range p.free {
		out = append(out, l...)
	}
	n := p.bytes
	p.free, p.bytes = nil, 0
	return out, n
}

// upload copies n bytes from host memory at src into the buffer at byte offset off; it
// returns when the copy is done. The caller keeps src alive and pinned.
func (b *Buffer) upload(off uint64, src unsafe.Pointer, n uint64) error {
	if b.Ptr == 0 {
		return fmt.Errorf("cuda: upload into a released buffer")
	}
	if off+n > b.Size {
		return fmt.Errorf("cuda: upload of %d bytes at %d overflows a %d-byte buffer", n, off, b.Size)
	}
	if n == 0 {
		return nil
	}
	return b.d.transfer(src, n, func() error { return check("cuMemcpyHtoD", drv.cuMemcpyHtoD(b.Ptr+off, src, n)) })
}

// download copies n bytes from the buffer at byte offset off into host memory at dst.
func (b *Buffer) download(off uint64, dst unsafe.Pointer, n uint64) error {
	if b.Ptr == 0 {
		return fmt.Errorf("cuda: download from a released buffer")
	}
	if off+n > b.Size {
		return fmt.Errorf("cuda: download of %d bytes at %d overflows a %d-byte buffer", n, off, b.Size)
	}
	if n == 0 {
		return nil
	}
	return b.d.transfer(dst, n, func() error { return check("cuMemcpyDtoH", drv.cuMemcpyDtoH(dst, b.Ptr+off, n)) })
}

// Upload copies src into the buffer at byte offset off.
func Upload[T float32 | uint32 | byte](b *Buffer, off uint64, src []T) error {
	if len(src) == 0 {
		return nil
	}
	var pin runtime.Pinner
	pin.Pin(&src[0])
	defer pin.Unpin()
	return b.upload(off, unsafe.Pointer(&src[0]), uint64(len(src))*uint64(unsafe.Sizeof(src[0])))
}

// Download copies from the buffer at byte offset off into dst.
func Download[T float32 | uint32 | byte](b *Buffer, off uint64, dst []T) error {
	if len(dst) == 0 {
		return nil
	}
	var pin runtime.Pinner
	pin.Pin(&dst[0])
	defer pin.Unpin()
	return b.download(off, unsafe.Pointer(&dst[0]), uint64(len(dst))*uint64(unsafe.Sizeof(dst[0])))
}

// copyBytes copies n bytes between device buffers of the same device.
func copyBytes(dst *Buffer, dstOff uint64, src *Buffer, srcOff, n uint64) error {
	if dstOff+n > dst.Size || srcOff+n > src.Size {
		return fmt.Errorf("cuda: copy of %d bytes overflows a buffer (%d+%d of %d, %d+%d of %d)", n, dstOff, n, dst.Size, srcOff, n, src.Size)
	}
	if n == 0 {
		return nil
	}
	return dst.d.do(func() error {
		return check("cuMemcpyDtoD", drv.cuMemcpyDtoD(dst.Ptr+dstOff, src.Ptr+srcOff, n))
	})
}

// fill32 sets n 32-bit words starting at byte offset off to v.
func (b *Buffer) fill32(off uint64, v uint32, n uint64) error {
	if off+4*n > b.Size {
		return fmt.Errorf("cuda: fill of %d words at %d overflows a %d-byte buffer", n, off, b.Size)
	}
	if n == 0 {
		return nil
	}
	return b.d.do(func() error { return check("cuMemsetD32", drv.cuMemsetD32(b.Ptr+off, v, n)) })
}

// MemoryInfo returns the free and total device memory in bytes.
func (d *Device) MemoryInfo() (free, total uint64, err error) {
	err = d.do(func() error { return check("cuMemGetInfo", drv.cuMemGetInfo(&free, &total)) })
	return free, total, err
}

// Synchronize waits for all work on the device's context.
func (d *Device) Synchronize() error {
	return d.do(func() error { return check("cuCtxSynchronize", drv.cuCtxSynchronize()) })
}

// Default is the device cuda arrays live on: the first, or the one whose ordinal
// KERNREG_CUDA_DEVICE gives. A CompileEnv value it does not know is an error here too, so
// that the backend is unavailable with the reason rather than failing on each build.
func Default() (*Device, error) {
	devs, err := Devices()
	if err != nil {
		return nil, err
	}
	if _, err := compileModeEnv(); err != nil {
		return nil, err
	}
	s := os.Getenv("KERNREG_CUDA_DEVICE")
	if s == "" {
		return devs[0], nil
	}
	i, err := strconv.Atoi(s)
	if err != nil || i < 0 || i >= len(devs) {
		return nil, fmt.Errorf("cuda: KERNREG_CUDA_DEVICE=%q is not a device ordinal in [0, %d)", s, len(devs))
	}
	return devs[i], nil
}
