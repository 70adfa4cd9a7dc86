package cuda

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/kernreg/kernreg/cache"
	"github.com/kernreg/kernreg/kernels/gpu"
)

// CompileEnv names the environment variable that chooses how Build makes a device's
// programs: "auto" (the default) compiles each source with NVRTC for the device's own
// architecture where a libnvrtc that knows it is present, else uses the embedded PTX;
// "ptx" always uses the embedded PTX and the driver's JIT; "nvrtc" requires NVRTC, and
// Build fails, saying why, where it cannot be used. Build reads it on each call.
const CompileEnv = "KERNREG_CUDA_COMPILE"

type compileMode string

const (
	compileAuto  compileMode = "auto"
	compilePTX   compileMode = "ptx"
	compileNVRTC compileMode = "nvrtc"
)

// compileModeEnv reads CompileEnv; unset or empty is auto.
func compileModeEnv() (compileMode, error) {
	switch s := os.Getenv(CompileEnv); s {
	case "", string(compileAuto):
		return compileAuto, nil
	case string(compilePTX):
		return compilePTX, nil
	case string(compileNVRTC):
		return compileNVRTC, nil
	default:
		return "", fmt.Errorf("cuda: %s=%q is not one of auto, ptx, nvrtc", CompileEnv, s)
	}
}

// nvrtcTarget is what the run-time path compiles with: the loaded NVRTC's version and the
// device's real architecture.
type nvrtcTarget struct {
	version string // "13.0"
	arch    string // "sm_90"
}

func (t nvrtcTarget) String() string { return "nvrtc " + t.version + " -> " + t.arch }

// programHash is the kernel cache's key for the cubin NVRTC makes of src: unlike
// ProgramHash (the embedded PTX's key, which the driver's JIT compiles), it names the
// NVRTC version and the architecture, so the two paths never share an entry.
func (t nvrtcTarget) programHash(src *gpu.Source) string {
	parts := append([]string{"nvrtc " + t.version, t.arch, gpu.Compose(Preamble, src)}, NVRTCOptions...)
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:])
}

// moduleKey keys the process's loaded modules; the embedded PTX's are keyed by the
// source hash alone.
func (t nvrtcTarget) moduleKey(src *gpu.Source) string { return t.String() + " " + src.Hash }

// nvrtcState is a device's run-time NVRTC path: whether this machine's NVRTC can compile
// for it (probed once), and the sources for which the path failed.
type nvrtcState struct {
	once   sync.Once
	target nvrtcTarget
	err    error
	failed map[string]string // moduleKey -> why; guarded by Device.mu
}

// target probes, once per device, whether the NVRTC of this machine can compile cubins for
// the device's architecture.
func (d *Device) target() (nvrtcTarget, error) {
	d.rtc.once.Do(func() {
		d.rtc.target, d.rtc.err = probeNVRTC(fmt.Sprintf("sm_%d%d", d.Major, d.Minor))
	})
	return d.rtc.target, d.rtc.err
}

// probeNVRTC reports whether the loaded NVRTC can compile for arch: from the list of
// architectures it knows, or, for an NVRTC too old to list them, by compiling an empty
// kernel.
func probeNVRTC(arch string) (nvrtcTarget, error) {
	v, err := NVRTCVersion()
	if err != nil {
		return nvrtcTarget{}, err
	}
	if err := canTarget(arch); err != nil {
		return nvrtcTarget{}, err
	}
	if archs, err := SupportedArchs(); err != nil {
		return nvrtcTarget{}, err
	} else if archs == nil {
		if _, err := CompileCUBIN("probe.cu", `extern "C" __global__ void kernreg_probe() {}`, arch); err != nil {
			return nvrtcTarget{}, err
		}
	}
	return nvrtcTarget{version: v, arch: arch}, nil
}

// Build loads the program of src, once per device and process. The embedded PTX must
// have been made from this very source: a stale one is an error, never run, whichever
// path then compiles it (CompileEnv chooses). On the NVRTC path, NVRTC compiles that same
// source text with the same options (NVRTCOptions) to a cubin for the device; on the PTX
// path, the driver's JIT compiles the embedded PTX. With the kernel cache on (package
// cache), either path's cubin from an earlier start is loaded instead of compiling again.
// In auto mode a source NVRTC fails on, or whose cubin the driver rejects, falls back to
// the embedded PTX (CompilePath counts these).
func (d *Device) Build(src *gpu.Source) (gpu.Program, error) {
	ptx, err := embeddedPTX(src)
	if err != nil {
		return nil, err
	}
	mode, err := compileModeEnv()
	if err != nil {
		return nil, err
	}
	if mode != compilePTX {
		m, err := d.buildNVRTC(src)
		if err == nil {
			return &program{m: m, params: ptxParams(ptx)}, nil
		}
		if mode == compileNVRTC {
			return nil, fmt.Errorf("cuda: %s=nvrtc, but %s cannot be compiled with NVRTC: %w", CompileEnv, src.Name, err)
		}
	}
	m, err := d.buildPTX(src, ptx)
	if err != nil {
		return nil, err
	}
	return &program{m: m, params: ptxParams(ptx)}, nil
}

// buildNVRTC loads the cubin NVRTC makes of src for the device: from the kernel cache, or
// compiled now (and stored). A failure is remembered, so that the source is not compiled
// again in this process.
func (d *Device) buildNVRTC(src *gpu.Source) (*Module, error) {
	t, err := d.target()
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	key := t.moduleKey(src)
	if m, ok := d.modules[key]; ok {
		return m, nil
	}
	if why, ok := d.rtc.failed[key]; ok {
		return nil, fmt.Errorf("%s", why)
	}
	m, err := d.loadNVRTC(src, t)
	if err != nil {
		if d.rtc.failed == nil {
			d.rtc.failed = map[string]string{}
		}
		d.rtc.failed[key] = err.Error()
		return nil, err
	}
	d.modules[key] = m
	return m, nil
}

// loadNVRTC compiles src with NVRTC, through the kernel cache (without one, it compiles
// on every start), and loads the cubin; one the driver rejects is dropped from the cache.
func (d *Device) loadNVRTC(src *gpu.Source, t nvrtcTarget) (*Module, error) {
	c := cache.Shared() // a nil cache compiles
	id, driver, key := d.identity(), d.driver(), t.programHash(src)
	text := gpu.Compose(Preamble, src)
	cubin, _, err := c.Program(id, driver, key, src.Name+" ("+t.String()+")", func() ([]byte, error) {
		return CompileCUBIN(src.Name, text, t.arch, NVRTCOptions...)
	})
	if err != nil {
		return nil, err
	}
	m, err := d.loadImage(cubin)
	if err != nil {
		c.Reject(id, driver, key, err.Error())
		return nil, fmt.Errorf("loading the cubin of %s from %v: %w", src.Name, t, err)
	}
	return m, nil
}

// buildPTX loads the embedded PTX of src: the cubin the driver's JIT made of it on an
// earlier start, from the kernel cache, or JIT-compiled now and stored; a cubin the
// driver rejects is dropped and the PTX loaded as text. Without a cache the PTX is loaded
// as text.
func (d *Device) buildPTX(src *gpu.Source, ptx []byte) (*Module, error) {
	c := cache.Shared()
	if c == nil {
		m, err := d.LoadPTX(src.Hash, ptx)
		if err != nil {
			return nil, fmt.Errorf("loading the PTX of %s: %w", src.Name, err)
		}
		return m, nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if m, ok := d.modules[src.Hash]; ok {
		return m, nil
	}
	id, driver, key := d.identity(), d.driver(), ProgramHash(src)
	cubin, _, err := c.Program(id, driver, key, src.Name, func() ([]byte, error) { return d.JIT(src.Name, ptx) })
	if err != nil {
		return nil, err
	}
	m, err := d.loadImage(cubin)
	if err != nil {
		c.Reject(id, driver, key, err.Error())
		if m, err = d.loadImage(cText(ptx)); err != nil {
			return nil, fmt.Errorf("loading the PTX of %s: %w", src.Name, err)
		}
	}
	d.modules[src.Hash] = m
	return m, nil
}

// CompilePath says how Build makes this device's programs under the current CompileEnv:
// "nvrtc 13.0 -> sm_90" (NVRTC compiles each source for the device), or "embedded PTX
// compute_70, driver JIT (why)". On the NVRTC path it adds the sources that fell back to
// the embedded PTX so far. It loads libnvrtc to find out, once per process.
func (d *Device) CompilePath() string {
	mode, err := compileModeEnv()
	if err != nil {
		return err.Error()
	}
	ptx := "embedded PTX " + Arch + ", driver JIT"
	if mode == compilePTX {
		return ptx + " (" + CompileEnv + "=ptx)"
	}
	t, err := d.target()
	if err != nil {
		if mode == compileNVRTC {
			return fmt.Sprintf("none: %s=nvrtc, but %v", CompileEnv, err)
		}
		return ptx + " (" + err.Error() + ")"
	}
	d.mu.Lock()
	var failed []string
	for key, why := range d.rtc.failed {
		if strings.HasPrefix(key, t.String()+" ") {
			first, _, _ := strings.Cut(why, "\n")
			failed = append(failed, first)
		}
	}
	d.mu.Unlock()
	if len(failed) == 0 || mode == compileNVRTC {
		return t.String()
	}
	sort.Strings(failed)
	return fmt.Sprintf("%v; embedded PTX for %d source(s) NVRTC failed on (%s)", t, len(failed), failed[0])
}
