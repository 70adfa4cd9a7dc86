package cuda

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/kernreg/kernreg/cache"
	"github.com/kernreg/kernreg/kernels/gpu"
	"github.com/kernreg/kernreg/registry"
)

// Preamble defines the kernel dialect for CUDA C++; ptx/ holds each shared source
// compiled with it (see tools/ptxgen).
//
//go:embed preamble.cuh
var Preamble string

// Arch is the virtual architecture of the embedded PTX; the driver JIT-compiles it for
// the device (Volta and newer).
const Arch = "compute_70"

// NVRTCOptions are the options the PTX is compiled with: no fused multiply-add, so
// a*b+c rounds twice as in the Go reference (division and square root are IEEE by
// default).
var NVRTCOptions = []string{"--fmad=false"}

// ProgramHash identifies what a source's PTX is compiled from: the preamble, the source,
// the architecture and the options.
func ProgramHash(src *gpu.Source) string {
	h := sha256.Sum256([]byte(strings.Join(append([]string{Arch, gpu.Compose(Preamble, src)}, NVRTCOptions...), "\x00")))
	return hex.EncodeToString(h[:])
}

// The gpu.Device implementation.

func (d *Device) String() string { return fmt.Sprintf("cuda %d (%s)", d.Ordinal, d.Name) }

// Float64 is true: the dialect's real is double on every CUDA device.
func (d *Device) Float64() bool { return true }

func (d *Device) Alloc(n int64) (gpu.Buffer, error) {
	if n <= 0 {
		return nil, fmt.Errorf("cuda: allocation of %d bytes", n)
	}
	return d.alloc(uint64(n))
}

// buffer returns b as a buffer of this device.
func (d *Device) buffer(b gpu.Buffer) (*Buffer, error) {
	cb, ok := b.(*Buffer)
	if !ok || cb == nil {
		return nil, fmt.Errorf("cuda: %T is not a CUDA buffer", b)
	}
	if cb.d != d {
		return nil, fmt.Errorf("cuda: a buffer of %v used on %v", cb.d, d)
	}
	return cb, nil
}

func (d *Device) Write(b gpu.Buffer, off int64, src []byte) error {
	cb, err := d.buffer(b)
	if err != nil {
		return err
	}
	return Upload(cb, uint64(off), src)
}

func (d *Device) Read(b gpu.Buffer, off int64, dst []byte) error {
	cb, err := d.buffer(b)
	if err != nil {
		return err
	}
	return Download(cb, uint64(off), dst)
}

func (d *Device) Copy(dst gpu.Buffer, dstOff int64, src gpu.Buffer, srcOff, n int64) error {
	db, err := d.buffer(dst)
	if err != nil {
		return err
	}
	sb, err := d.buffer(src)
	if err != nil {
		return err
	}
	return copyBytes(db, uint64(dstOff), sb, uint64(srcOff), uint64(n))
}

func (d *Device) Fill32(b gpu.Buffer, off int64, v uint32, n int64) error {
	cb, err := d.buffer(b)
	if err != nil {
		return err
	}
	return cb.fill32(uint64(off), v, uint64(n))
}

// identity is how the kernel cache knows this device: its cubins are for its compute
// capability.
func (d *Device) identity() cache.Identity {
	return cache.Identity{Backend: "cuda", Name: d.Name, Vendor: "NVIDIA", Version: fmt.Sprintf("sm_%d%d", d.Major, d.Minor)}
}

// driver is the driver version the cache validates: the CUDA version and the release of
// the kernel driver (libcuda.so.580.159.04), whose JIT compiled the cubins.
func (d *Device) driver() string {
	v := "CUDA " + versionString(d.DriverVersion)
	if r := driverRelease(); r != "" {
		v += " (" + r + ")"
	}
	return v
}

func (d *Device) Finish() error { return d.Synchronize() }

// The gpu.Buffer and registry.Buffer implementation.

func (b *Buffer) Memory() registry.MemoryType { return registry.CUDA }
func (b *Buffer) Len() int                    { return int(b.Size / 4) }
func (b *Buffer) Device() gpu.Device          { return b.d }
func (b *Buffer) Bytes() int64                { return int64(b.Size) }

// program is a loaded module with the parameter count of each kernel, read from the PTX.
type program struct {
	m      *Module
	params map[string]int
}

func (p *program) NumArgs(name string) (int, error) {
	n, ok := p.params[name]
	if !ok {
		return 0, fmt.Errorf("no kernel %q in the PTX", name)
	}
	return n, nil
}

// Launch runs name over global work items in blocks of local items (default: 256 along X
// for 1D, 32x8 for 2D and for 3D with one plane, 32x4x2 for 3D); the grid rounds up, and
// kernels check bounds.
func (p *program) Launch(name string, global, local []int, args ...any) error {
	f, err := p.m.Function(name)
	if err != nil {
		return err
	}
	var grid, block [3]uint32
	def := map[int][]int{1: {256}, 2: {32, 8}, 3: {32, 4, 2}}[len(global)]
	if len(global) == 3 && global[2] == 1 {
		def = []int{32, 8, 1} // a plane: a block 2 deep would leave half its threads idle
	}
	if local != nil {
		def = local
	}
	for i := range 3 {
		grid[i], block[i] = 1, 1
		if i < len(global) {
			block[i] = uint32(def[i])
			grid[i] = uint32((global[i] + def[i] - 1) / def[i])
		}
	}
	for i, a := range args {
		if b, ok := a.(gpu.Buffer); ok {
			cb, err := p.m.d.buffer(b)
			if err != nil {
				return fmt.Errorf("argument %d: %w", i, err)
			}
			args[i] = cb
		}
	}
	return p.m.d.Launch(f, grid, block, 0, args...)
}

var entryRe = regexp.MustCompile(`(?m)^\.visible \.entry (\w+)\(([^)]*)\)`)

// ptxParams counts the parameters of every .entry in the PTX.
func ptxParams(ptx []byte) map[string]int {
	out := map[string]int{}
	for _, m := range entryRe.FindAllSubmatch(ptx, -1) {
		out[string(m[1])] = strings.Count(string(m[2]), ".param")
	}
	return out
}
