package gpu

import "github.com/kernreg/kernreg/registry"

// Device is what a GPU backend (kernels/opencl, kernels/cuda) provides to the shared
// kernels. Implementations are safe for concurrent use: the registry runs the slices of
// a stack on several goroutines. Work is queued in order; Read waits for everything
// queued before it.
type Device interface {
	// String names the device in messages: "opencl 0#0 (pthread-skylake, PoCL 3.1)".
	String() string
	// Float64 reports whether the dialect's real type is double on this device (see the
	// package doc); Real arguments are passed as float32 otherwise.
	Float64() bool
	// Alloc makes an uninitialised buffer of n bytes (n > 0). Running out of device memory
	// is an error that names the size and the device.
	Alloc(n int64) (Buffer, error)
	// Write copies src into b at byte offset off; it returns when src may be reused.
	Write(b Buffer, off int64, src []byte) error
	// Read copies from b at byte offset off into dst; it returns when dst is filled.
	Read(b Buffer, off int64, dst []byte) error
	// Copy copies n bytes between two buffers of this device.
	Copy(dst Buffer, dstOff int64, src Buffer, srcOff, n int64) error
	// Fill32 sets n 32-bit words of b, from byte offset off, to v.
	Fill32(b Buffer, off int64, v uint32, n int64) error
	// Build compiles src, preceded by the backend's preamble, for this device. The gpu
	// package calls it once per source and device (see Kernel.Launch).
	Build(src *Source) (Program, error)
	// Finish waits until all queued work is done.
	Finish() error
}

// Buffer is device memory of one device, in elements of 4 bytes (float32 or uint32). It
// is a registry.Buffer, so a registry.Array can hold it; it is released explicitly.
type Buffer interface {
	registry.Buffer
	// Device is the device that owns the buffer.
	Device() Device
	// Bytes is the buffer's size in bytes.
	Bytes() int64
}

// Program is a compiled source on one device.
type Program interface {
	// NumArgs returns how many arguments the kernel function name takes, or an error if
	// the program has no such kernel.
	NumArgs(name string) (int, error)
	// Launch queues kernel name over global work items (1 to 3 sizes, X first) in work
	// groups of local sizes (nil: the backend chooses). The backend may round global up
	// to a multiple of the group size: every kernel checks its indices against its size
	// arguments. Args are Buffer, int32, uint32, float32 or float64 (only on a Float64
	// device), in the kernel's order; Kernel.Launch has checked them.
	Launch(name string, global, local []int, args ...any) error
}
