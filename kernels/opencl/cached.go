package opencl

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"unsafe"

	"github.com/kernreg/kernreg/cache"
	"github.com/kernreg/kernreg/kernels/gpu"
)

const (
	clProgramBinarySizes = 0x1165
	clProgramBinaries    = 0x1166
)

// identity is how the cache knows this device.
func (d *Device) identity() cache.Identity {
	return cache.Identity{Backend: "opencl", Name: d.Name, Vendor: d.Vendor, Platform: d.Platform + " " + d.PlatformVer, Version: d.Version}
}

// Build compiles a kernreg source, preceded by the OpenCL preamble, for the device, or
// loads its binary from the kernel cache (see package cache) when a valid one is there.
// A binary the driver refuses is dropped from the cache and the source compiled again.
func (d *Device) Build(src *gpu.Source) (gpu.Program, error) {
	text := gpu.Compose(Preamble, src)
	c := cache.Shared()
	if c == nil {
		return d.BuildText(src.Name, text)
	}
	h := sha256.Sum256([]byte(text + "\x00" + d.options))
	key := hex.EncodeToString(h[:])
	var built *Program
	bin, _, err := c.Program(d.identity(), d.Driver, key, src.Name, func() ([]byte, error) {
		p, err := d.BuildText(src.Name, text)
		if err != nil {
			return nil, err
		}
		built = p
		return p.binary()
	})
	if built != nil {
		return built, nil // compiled now: the binary (if any) is stored
	}
	if err != nil {
		return nil, err
	}
	p, err := d.BuildBinary(src.Name, bin)
	if err != nil {
		c.Reject(d.identity(), d.Driver, key, err.Error())
		return d.BuildText(src.Name, text)
	}
	return p, nil
}

// binary returns the program's compiled binary for its one device (CL_PROGRAM_BINARIES).
func (p *Program) binary() ([]byte, error) {
	var size uintptr
	if err := check("clGetProgramInfo", cl.clGetProgramInfo(p.prog, clProgramBinarySizes, unsafe.Sizeof(size), unsafe.Pointer(&size), nil)); err != nil {
		return nil, err
	}
	if size == 0 {
		return nil, fmt.Errorf("opencl: %s: the driver gives no program binary", p.name)
	}
	buf := make([]byte, size)
	ptrs := []*byte{&buf[0]}
	var pin runtime.Pinner
	pin.Pin(&buf[0])
	pin.Pin(&ptrs[0])
	defer pin.Unpin()
	if err := check("clGetProgramInfo", cl.clGetProgramInfo(p.prog, clProgramBinaries, unsafe.Sizeof(ptrs[0]), unsafe.Pointer(&ptrs[0]), nil)); err != nil {
		return nil, err
	}
	return buf, nil
}

// BuildBinary makes a program from a binary this device produced before
// (clCreateProgramWithBinary, then clBuildProgram as the specification requires).
func (d *Device) BuildBinary(name string, bin []byte) (*Program, error) {
	if len(bin) == 0 {
		return nil, fmt.Errorf("opencl: %s: empty program binary", name)
	}
	n := uintptr(len(bin))
	ptr := &bin[0]
	var pin runtime.Pinner
	pin.Pin(&bin[0])
	defer pin.Unpin()
	var s status
	var binStatus int32
	dev := d.device
	p := cl.clCreateProgramWithBinary(d.ctx, 1, &dev, &n, &ptr, &binStatus, &s)
	if err := check("clCreateProgramWithBinary", s); err != nil {
		return nil, err
	}
	if binStatus != 0 {
		cl.clReleaseProgram(p)
		return nil, &Error{Call: "clCreateProgramWithBinary", Status: binStatus}
	}
	return d.build(name, p)
}
