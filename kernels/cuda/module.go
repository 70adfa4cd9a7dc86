package cuda

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"unsafe"
)

// Module is a loaded program (PTX the driver JIT-compiled, or a cubin) with its functions.
type Module struct {
	d     *Device
	mod   uintptr
	funcs map[string]uintptr
}

// The JIT options kernreg passes: an error log buffer and its size.
const (
	jitErrorLogBuffer          = 5
	jitErrorLogBufferSizeBytes = 6
	jitInputPTX                = 1 // CU_JIT_INPUT_PTX
)

// jitLog is an error log buffer for the driver's JIT, with the options that pass it.
type jitLog struct {
	buf  []byte
	opts []int32
	vals []uintptr
	pin  runtime.Pinner
}

func newJITLog() *jitLog {
	l := &jitLog{buf: make([]byte, 16<<10), opts: []int32{jitErrorLogBuffer, jitErrorLogBufferSizeBytes}}
	l.vals = []uintptr{uintptr(unsafe.Pointer(&l.buf[0])), uintptr(len(l.buf))}
	l.pin.Pin(&l.buf[0])
	l.pin.Pin(&l.opts[0])
	l.pin.Pin(&l.vals[0])
	return l
}

// wrap adds the log's text, if any, to a failed call's error; done unpins the log.
func (l *jitLog) wrap(err error) error {
	if log := strings.TrimSpace(goString(&l.buf[0])); err != nil && log != "" {
		return fmt.Errorf("%w: %s", err, log)
	}
	return err
}
func (l *jitLog) done() { l.pin.Unpin() }

// cText returns text NUL-terminated, as the driver reads PTX.
func cText(b []byte) []byte { return append(append(make([]byte, 0, len(b)+1), b...), 0) }

// LoadPTX loads PTX text on the device, keyed by key (the source hash) so each source is
// JIT-compiled once per process. A PTX the driver rejects returns the JIT log.
func (d *Device) LoadPTX(key string, ptx []byte) (*Module, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if m, ok := d.modules[key]; ok {
		return m, nil
	}
	m, err := d.loadImage(cText(ptx))
	if err != nil {
		return nil, err
	}
	d.modules[key] = m
	return m, nil
}

// loadImage loads a module image: NUL-terminated PTX or a cubin.
func (d *Device) loadImage(img []byte) (*Module, error) {
	if len(img) == 0 {
		return nil, fmt.Errorf("cuda: empty module image")
	}
	l := newJITLog()
	defer l.done()
	var pin runtime.Pinner
	pin.Pin(&img[0])
	defer pin.Unpin()
	m := &Module{d: d, funcs: map[string]uintptr{}}
	err := d.do(func() error {
		return check("cuModuleLoadDataEx", drv.cuModuleLoadDataEx(&m.mod, &img[0], uint32(len(l.opts)), &l.opts[0], &l.vals[0]))
	})
	if err != nil {
		return nil, l.wrap(err)
	}
	return m, nil
}

// JIT compiles PTX for this device with the driver's JIT linker (cuLinkAddData,
// cuLinkComplete) and returns the cubin, which loads without compiling.
func (d *Device) JIT(name string, ptx []byte) ([]byte, error) {
	img := cText(ptx)
	cname := cString(name)
	l := newJITLog()
	defer l.done()
	var pin runtime.Pinner
	pin.Pin(&img[0])
	pin.Pin(&cname[0])
	defer pin.Unpin()
	var cubin []byte
	err := d.do(func() error {
		var state uintptr
		if err := check("cuLinkCreate", drv.cuLinkCreate(uint32(len(l.opts)), &l.opts[0], &l.vals[0], &state)); err != nil {
			return err
		}
		defer drv.cuLinkDestroy(state)
		if err := check("cuLinkAddData", drv.cuLinkAddData(state, jitInputPTX, &img[0], uintptr(len(img)), &cname[0], 0, nil, nil)); err != nil {
			return err
		}
		var out unsafe.Pointer
		var size uintptr
		if err := check("cuLinkComplete", drv.cuLinkComplete(state, &out, &size)); err != nil {
			return err
		}
		if out == nil || size == 0 {
			return fmt.Errorf("cuda: cuLinkComplete gave an empty cubin")
		}
		cubin = append([]byte(nil), unsafe.Slice((*byte)(out), size)...) // the link state owns out
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("JIT-compiling %s: %w", name, l.wrap(err))
	}
	return cubin, nil
}

// Function returns the kernel called name in the module.
func (m *Module) Function(name string) (uintptr, error) {
	m.d.mu.Lock()
	defer m.d.mu.Unlock()
	if f, ok := m.funcs[name]; ok {
		return f, nil
	}
	cname := cString(name)
	var f uintptr
	err := m.d.do(func() error {
		return check("cuModuleGetFunction", drv.cuModuleGetFunction(&f, m.mod, &cname[0]))
	})
	if err != nil {
		return 0, fmt.Errorf("%w: kernel %q", err, name)
	}
	m.funcs[name] = f
	return f, nil
}

// Launch queues kernel f on a grid of blocks; it does not wait (Finish does, and so does
// every download). Arguments are *Buffer (passed as its device pointer), int32, uint32,
// int (as int32), float32 or float64 (a C double, as the dialect's real is on CUDA).
func (d *Device) Launch(f uintptr, grid, block [3]uint32, sharedBytes uint32, args ...any) error {
	slots := make([]uint64, len(args))
	ptrs := make([]unsafe.Pointer, len(args))
	var pin runtime.Pinner
	defer pin.Unpin()
	if len(args) > 0 {
		pin.Pin(&slots[0])
		pin.Pin(&ptrs[0])
	}
	for i, a := range args {
		switch v := a.(type) {
		case *Buffer:
			if v == nil || v.Ptr == 0 {
				return fmt.Errorf("cuda: launch argument %d is a released or nil buffer", i)
			}
			slots[i] = v.Ptr
		case int32:
			slots[i] = uint64(uint32(v))
		case uint32:
			slots[i] = uint64(v)
		case int:
			if v < math.MinInt32 || v > math.MaxInt32 {
				return fmt.Errorf("cuda: launch argument %d (%d) does not fit an int", i, v)
			}
			slots[i] = uint64(uint32(int32(v)))
		case float32:
			slots[i] = uint64(math.Float32bits(v))
		case float64:
			slots[i] = math.Float64bits(v)
		default:
			return fmt.Errorf("cuda: launch argument %d has unsupported type %T", i, a)
		}
		ptrs[i] = unsafe.Pointer(&slots[i])
	}
	for _, n := range append(grid[:], block[:]...) {
		if n == 0 {
			return fmt.Errorf("cuda: launch with an empty grid or block %v %v", grid, block)
		}
	}
	var params *unsafe.Pointer
	if len(ptrs) > 0 {
		params = &ptrs[0]
	}
	return d.do(func() error {
		return check("cuLaunchKernel", drv.cuLaunchKernel(f, grid[0], grid[1], grid[2], block[0], block[1], block[2], sharedBytes, 0, params, nil))
	})
}
