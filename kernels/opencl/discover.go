package opencl

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"unsafe"
)

// Info describes one OpenCL device as discovery found it.
type Info struct {
	// ID is "P#D": platform P (in the ICD loader's order) and device D of that platform.
	// It tells apart devices that share a name.
	ID             string
	Platform       string // platform name
	PlatformVendor string
	PlatformVer    string // "OpenCL 3.0 PoCL 3.1+debian ..."
	Name           string
	Vendor         string
	Type           string // "GPU", "CPU", "accelerator" or "other"
	Version        string // "OpenCL 3.0 ..." (CL_DEVICE_VERSION)
	Driver         string // CL_DRIVER_VERSION
	GlobalMem      uint64 // bytes
	MaxAlloc       uint64 // largest single buffer, bytes
	LocalMem       uint64 // bytes per work group
	MaxGroup       int    // largest work group
	Units          int    // compute units
	FP64           bool   // cl_khr_fp64: the dialect's real is double
	CorrectDivSqrt bool   // single precision divide and sqrt can be correctly rounded
	Compiler       bool   // an online compiler is available
	Available      bool

	platform, device uintptr
	typeRank         int // 0 GPU, 1 accelerator, 2 other, 3 CPU: discovery order
}

// Devices lists every OpenCL device of every platform, GPUs first, then accelerators,
// then CPUs (in platform and device order within each kind). Its error says why there
// are none: no library, no platform, or no device.
func Devices() ([]Info, error) {
	if err := load(); err != nil {
		return nil, err
	}
	var n uint32
	s := cl.clGetPlatformIDs(0, nil, &n)
	if s == clPlatformNotFoundKHR || (s == clSuccess && n == 0) {
		return nil, fmt.Errorf("opencl: no OpenCL platform is installed (the ICD loader found no driver; install one, e.g. pocl-opencl-icd, or a GPU vendor's OpenCL driver)")
	}
	if err := check("clGetPlatformIDs", s); err != nil {
		return nil, err
	}
	plats := make([]uintptr, n)
	if err := check("clGetPlatformIDs", cl.clGetPlatformIDs(n, &plats[0], nil)); err != nil {
		return nil, err
	}
	var out []Info
	var why []string
	for pi, p := range plats {
		pname, _ := platformString(p, clPlatformName)
		var nd uint32
		s := cl.clGetDeviceIDs(p, clDeviceTypeAll, 0, nil, &nd)
		if s == clDeviceNotFound || nd == 0 {
			why = append(why, fmt.Sprintf("platform %q has no device", pname))
			continue
		}
		if err := check("clGetDeviceIDs", s); err != nil {
			why = append(why, fmt.Sprintf("platform %q: %v", pname, err))
			continue
		}
		devs := make([]uintptr, nd)
		if err := check("clGetDeviceIDs", cl.clGetDeviceIDs(p, clDeviceTypeAll, nd, &devs[0], nil)); err != nil {
			why = append(why, fmt.Sprintf("platform %q: %v", pname, err))
			continue
		}
		for di, d := range devs {
			info, err := describe(p, d)
			if err != nil {
				why = append(why, fmt.Sprintf("platform %q device %d: %v", pname, di, err))
				continue
			}
			info.ID = fmt.Sprintf("%d#%d", pi, di)
			out = append(out, info)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("opencl: no OpenCL device (%s)", strings.Join(why, "; "))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].typeRank < out[j].typeRank })
	return out, nil
}

// describe queries one device's properties.
func describe(p, d uintptr) (Info, error) {
	info := Info{platform: p, device: d}
	var err error
	str := func(param uint32) string {
		if err != nil {
			return ""
		}
		var v string
		v, err = deviceString(d, param)
		return v
	}
	info.Platform, _ = platformString(p, clPlatformName)
	info.PlatformVendor, _ = platformString(p, clPlatformVendor)
	info.PlatformVer, _ = platformString(p, clPlatformVersion)
	info.Name = str(clDeviceName)
	info.Vendor = str(clDeviceVendor)
	info.Version = str(clDeviceVersion)
	info.Driver = str(clDriverVersion)
	ext := str(clDeviceExtensions)
	if err != nil {
		return info, err
	}
	var typ, gmem, maxAlloc, lmem, sfp, dfp uint64
	var units, avail, compiler uint32
	var group uintptr
	for _, q := range []struct {
		param uint32
		ptr   unsafe.Pointer
		size  uintptr
	}{
		{clDeviceType, unsafe.Pointer(&typ), 8},
		{clDeviceGlobalMemSize, unsafe.Pointer(&gmem), 8},
		{clDeviceMaxMemAllocSize, unsafe.Pointer(&maxAlloc), 8},
		{clDeviceLocalMemSize, unsafe.Pointer(&lmem), 8},
		{clDeviceSingleFPConfig, unsafe.Pointer(&sfp), 8},
		{clDeviceMaxComputeUnits, unsafe.Pointer(&units), 4},
		{clDeviceAvailable, unsafe.Pointer(&avail), 4},
		{clDeviceCompilerAvail, unsafe.Pointer(&compiler), 4},
		{clDeviceMaxWorkGroupSize, unsafe.Pointer(&group), unsafe.Sizeof(group)},
	} {
		if err := deviceValue(d, q.param, q.ptr, q.size); err != nil {
			return info, err
		}
	}
	info.FP64 = strings.Contains(" "+ext+" ", " cl_khr_fp64 ")
	if info.FP64 {
		// A device may list the extension yet report no double support at all.
		if deviceValue(d, clDeviceDoubleFPConfig, unsafe.Pointer(&dfp), 8) != nil || dfp == 0 {
			info.FP64 = false
		}
	}
	info.GlobalMem, info.MaxAlloc, info.LocalMem = gmem, maxAlloc, lmem
	info.Units, info.MaxGroup = int(units), int(group)
	info.Available, info.Compiler = avail != 0, compiler != 0
	info.CorrectDivSqrt = sfp&clFPCorrectlyRoundedDivideSqrt != 0
	switch {
	case typ&clDeviceTypeGPU != 0:
		info.Type, info.typeRank = "GPU", 0
	case typ&clDeviceTypeAccelerator != 0:
		info.Type, info.typeRank = "accelerator", 1
	case typ&clDeviceTypeCPU != 0:
		info.Type, info.typeRank = "CPU", 3
	default:
		info.Type, info.typeRank = "other", 2
	}
	return info, nil
}

// EnvDevice is the environment variable that selects the device (see Select).
const EnvDevice = "KERNREG_OPENCL_DEVICE"

// Select picks a device from the discovered list by spec: "" for the first (GPUs come
// first), a number N for the Nth device of the list, "P#D" for a device ID, a device
// type (gpu, cpu, accelerator), or else a case-insensitive substring of
// "device name (platform name)"; the first match in list order wins.
func Select(devs []Info, spec string) (Info, error) {
	spec = strings.TrimSpace(spec)
	if len(devs) == 0 {
		return Info{}, fmt.Errorf("opencl: no device to select from")
	}
	if spec == "" {
		return devs[0], nil
	}
	if n, err := strconv.Atoi(spec); err == nil {
		if n < 0 || n >= len(devs) {
			return Info{}, fmt.Errorf("opencl: device %d requested, but there are %d device(s): %s", n, len(devs), listDevices(devs))
		}
		return devs[n], nil
	}
	for _, d := range devs {
		if d.ID == spec {
			return d, nil
		}
	}
	low := strings.ToLower(spec)
	for _, d := range devs {
		if strings.ToLower(d.Type) == low {
			return d, nil
		}
	}
	for _, d := range devs {
		if strings.Contains(strings.ToLower(d.Name+" ("+d.Platform+")"), low) {
			return d, nil
		}
	}
	return Info{}, fmt.Errorf("opencl: no device matches %q; the devices are: %s", spec, listDevices(devs))
}

func listDevices(devs []Info) string {
	parts := make([]string, len(devs))
	for i, d := range devs {
		parts[i] = fmt.Sprintf("%d: %s %s (%s, %s)", i, d.ID, d.Name, d.Platform, d.Type)
	}
	return strings.Join(parts, "; ")
}

// platformString reads a string property of a platform.
func platformString(p uintptr, param uint32) (string, error) {
	return infoString("clGetPlatformInfo", func(size uintptr, v unsafe.Pointer, ret *uintptr) status {
		return cl.clGetPlatformInfo(p, param, size, v, ret)
	})
}

// deviceString reads a string property of a device.
func deviceString(d uintptr, param uint32) (string, error) {
	return infoString("clGetDeviceInfo", func(size uintptr, v unsafe.Pointer, ret *uintptr) status {
		return cl.clGetDeviceInfo(d, param, size, v, ret)
	})
}

// deviceValue reads a fixed-size property of a device into v.
func deviceValue(d uintptr, param uint32, v unsafe.Pointer, size uintptr) error {
	return check("clGetDeviceInfo", cl.clGetDeviceInfo(d, param, size, v, nil))
}

// infoString runs the two-call size-then-value protocol of the clGet*Info functions.
func infoString(call string, get func(size uintptr, v unsafe.Pointer, ret *uintptr) status) (string, error) {
	var n uintptr
	if err := check(call, get(0, nil, &n)); err != nil {
		return "", err
	}
	if n == 0 {
		return "", nil
	}
	buf := make([]byte, n)
	var pin runtime.Pinner
	pin.Pin(&buf[0])
	defer pin.Unpin()
	if err := check(call, get(n, unsafe.Pointer(&buf[0]), nil)); err != nil {
		return "", err
	}
	if i := bytes.IndexByte(buf, 0); i >= 0 {
		buf = buf[:i]
	}
	return strings.TrimSpace(string(buf)), nil
}

// selectFromEnv is the device the process uses unless SetDevice chose one.
func selectFromEnv(devs []Info) (Info, error) {
	spec := os.Getenv(EnvDevice)
	d, err := Select(devs, spec)
	if err != nil && spec != "" {
		return d, fmt.Errorf("%s=%q: %w", EnvDevice, spec, err)
	}
	return d, err
}
