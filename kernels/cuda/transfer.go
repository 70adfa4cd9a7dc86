package cuda

import "unsafe"

// TransferMode is how Upload and Download move Go memory to and from the device.
type TransferMode int

const (
	// Pageable passes Go memory to cuMemcpy; the driver stages it through its own pinned
	// buffers.
	Pageable TransferMode = iota
	// Registered page-locks the Go memory itself (cuMemHostRegister) for the copy, so
	// the device reads or writes it directly.
	Registered
)

func (m TransferMode) String() string { return [...]string{"pageable", "registered"}[m] }

// Transfers is the mode of copies of at least RegisterMin bytes; smaller ones are
// Pageable. BenchmarkTransfer compares the modes: on the H100 (driver 580.159.04)
// registering pays from 16 MiB (13.1 vs 10.2 GB/s up, 13.6 vs 12.4 down; at 64 MiB
// 14.8 vs 6.6 and 14.9 vs 11.4) and costs below it (7.1 vs 11.4 GB/s at 4 MiB). A copy
// through pinned staging chunks, tried too, was slower than the driver's own staging.
var Transfers = Registered

// RegisterMin is the smallest copy that uses Transfers.
const RegisterMin = 16 << 20

// transfer runs copy, a cuMemcpy of n bytes to or from host memory at p, in the mode for
// its size.
func (d *Device) transfer(p unsafe.Pointer, n uint64, copy func() error) error {
	if n < RegisterMin || Transfers == Pageable {
		return d.do(copy)
	}
	return d.do(func() error {
		if drv.cuMemHostRegister(p, n, 0) != cudaSuccess {
			// Registering is only faster: memory another copy has registered right now
			// (CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED), or a host that refuses to
			// lock more pages, still copies.
			return copy()
		}
		err := copy()
		if uerr := check("cuMemHostUnregister", drv.cuMemHostUnregister(p)); err == nil {
			err = uerr
		}
		return err
	})
}
