package opencl

import (
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/kernreg/kernreg/kernels/gpu"
	"github.com/kernreg/kernreg/registry"
)

// The process computes on one OpenCL device, chosen on first use: the one SetDevice
// names, else the one KERNREG_OPENCL_DEVICE names, else the first device (GPUs first).
var (
	defMu   sync.Mutex
	defSpec *string // set by SetDevice
	defDone bool
	defDev  *Device
	defErr  error
	defAll  []Info
)

// SetDevice chooses the device by a Select spec before the backend is first used (the
// CLI's --opencl-device); it overrides KERNREG_OPENCL_DEVICE. It fails once a device is
// in use.
func SetDevice(spec string) error {
	defMu.Lock()
	defer defMu.Unlock()
	if defDone {
		if defDev != nil {
			if d, err := Select(defAll, spec); err == nil && d.ID == defDev.ID {
				return nil // the device in use is the one asked for
			}
			return fmt.Errorf("opencl: cannot select device %q: %v is already in use", spec, defDev)
		}
		return fmt.Errorf("opencl: cannot select device %q: the backend was already initialised", spec)
	}
	defSpec = &spec
	return nil
}

// Default returns the process's device, opening it on first use. Its error is why the
// opencl backend is unavailable.
func Default() (*Device, error) {
	defMu.Lock()
	defer defMu.Unlock()
	if !defDone {
		defDone = true
		defDev, defErr = openDefault()
	}
	return defDev, defErr
}

func openDefault() (*Device, error) {
	devs, err := Devices()
	if err != nil {
		return nil, err
	}
	defAll = devs
	var info Info
	if defSpec != nil {
		if info, err = Select(devs, *defSpec); err != nil {
			return nil, fmt.Errorf("--opencl-device %q: %w", *defSpec, err)
		}
	} else if info, err = selectFromEnv(devs); err != nil {
		return nil, err
	}
	return Open(info)
}

// explicit reports whether the device was chosen by SetDevice or the environment.
func explicit() bool {
	defMu.Lock()
	defer defMu.Unlock()
	return (defSpec != nil && strings.TrimSpace(*defSpec) != "") || strings.TrimSpace(os.Getenv(EnvDevice)) != ""
}

func init() {
	registry.RegisterBackend(registry.Backend{
		Name:   "opencl",
		Memory: registry.OpenCL,
		Available: func() error {
			_, err := Default()
			return err
		},
		Devices: describeDevices,
		Auto: func() error {
			d, err := Default()
			if err != nil {
				return err
			}
			if d.Type == "CPU" && !explicit() {
				return fmt.Errorf("its device is a CPU, so the native cpu backend runs them (select it with %s or --opencl-device to use it anyway)", EnvDevice)
			}
			return nil
		},
	})
	gpu.RegisterMemory(registry.OpenCL, "opencl", func() (gpu.Device, error) {
		d, err := Default()
		if err != nil {
			return nil, err // not a nil *Device in a non-nil interface
		}
		return d, nil
	})
}

// describeDevices lists every OpenCL device for 'kernreg devices', marking the one in use.
func describeDevices() []registry.Device {
	d, err := Default()
	if err != nil {
		return nil
	}
	defMu.Lock()
	all := defAll
	defMu.Unlock()
	out := make([]registry.Device, len(all))
	for i, in := range all {
		out[i] = registry.Device{
			Name: in.Name, Vendor: in.Vendor, Platform: in.Platform, Version: in.Version,
			Driver: in.Driver, MemoryB: in.GlobalMem, Units: in.Units, ID: in.ID, Type: in.Type,
			Selected: in.ID == d.ID,
		}
	}
	return out
}
