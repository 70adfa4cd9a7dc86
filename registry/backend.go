package registry

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
)

// Backend is a library of implementations with the memory it computes in.
type Backend struct {
	Name   string     // library name: "cpu", "opencl", "cuda"
	Memory MemoryType // where its functions take and return arrays
	// Available returns nil when the backend can run on this machine, or why not.
	Available func() error
	// Devices describes the backend's devices, for 'kernreg devices'.
	Devices func() []Device
	// Auto, when set, returns nil if a bare name may pick this available backend ahead of
	// the libraries after it in Preference, or why not (an OpenCL backend whose device is
	// a CPU defers to the native cpu backend unless the device was chosen explicitly). A
	// bare name still runs on such a backend when no later library has the function.
	Auto func() error
}

// Device describes one compute device of a backend.
type Device struct {
	Name     string `json:"name"`
	Vendor   string `json:"vendor,omitempty"`
	Platform string `json:"platform,omitempty"`
	Version  string `json:"version,omitempty"` // API version the device supports
	Driver   string `json:"driver,omitempty"`
	MemoryB  uint64 `json:"memory_bytes,omitempty"`
	Units    int    `json:"compute_units,omitempty"`
	// ID tells apart devices of one backend that share a name ("0#1": platform 0, device 1).
	ID string `json:"id,omitempty"`
	// Type is the kind of device: GPU, CPU, accelerator.
	Type string `json:"type,omitempty"`
	// Selected marks the device the backend computes on.
	Selected bool `json:"selected,omitempty"`
	// Compiler says how the backend makes programs for the device, where it has a choice
	// (CUDA: "nvrtc 13.0 -> sm_90", or the embedded PTX and why).
	Compiler string `json:"compiler,omitempty"`
}

// Preference is the order in which a bare name picks a library: GPUs first, CPU last.
var Preference = []string{"cuda", "opencl", "cpu"}

// KnownBackends are the backends kernreg is designed to have; a build registers a subset.
var KnownBackends = []string{"cpu", "opencl", "cuda"}

// RegisterBackend makes a backend known; it panics on a duplicate name.
func RegisterBackend(b Backend) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := backends[b.Name]; dup {
		panic("registry: RegisterBackend called twice for " + b.Name)
	}
	backends[b.Name] = &b
}

// Backends returns the registered backends sorted by name.
func Backends() []*Backend {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]*Backend, 0, len(backends))
	for _, b := range backends {
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// BackendStatus returns nil if the named backend is registered and available, else why not.
func BackendStatus(name string) error {
	mu.RLock()
	defer mu.RUnlock()
	return backendErrLocked(name)
}

func backendErrLocked(name string) error {
	b := backends[name]
	if b == nil {
		for _, k := range KnownBackends {
			if k == name {
				return fmt.Errorf("backend %s is not part of this build of kernreg", name)
			}
		}
		return fmt.Errorf("unknown backend %q (known: %s)", name, strings.Join(KnownBackends, ", "))
	}
	if b.Available == nil {
		return nil
	}
	if err := b.Available(); err != nil {
		return fmt.Errorf("backend %s is unavailable: %w", name, err)
	}
	return nil
}

// autoErrLocked returns nil if a bare name may pick the named backend in preference
// order, else why not (see Backend.Auto).
func autoErrLocked(name string) error {
	if b := backends[name]; b != nil && b.Auto != nil {
		return b.Auto()
	}
	return nil
}

// preferenceLocked lists Preference, then any other registered library, sorted.
func preferenceLocked() []string {
	out := append([]string(nil), Preference...)
	var extra []string
	for _, f := range functions {
		known := false
		for _, p := range out {
			known = known || p == f.Library
		}
		for _, p := range extra {
			known = known || p == f.Library
		}
		if !known {
			extra = append(extra, f.Library)
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

func init() {
	RegisterBackend(Backend{
		Name:   "cpu",
		Memory: Host,
		Devices: func() []Device {
			return []Device{{
				Name:    fmt.Sprintf("Go %s %s/%s", runtime.Version(), runtime.GOOS, runtime.GOARCH),
				Version: runtime.Version(),
				Units:   runtime.GOMAXPROCS(0),
			}}
		},
	})
}
