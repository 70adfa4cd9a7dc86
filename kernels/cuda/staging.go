package cuda

import (
	"context"
	"fmt"
	"sync"
	"unsafe"
)

// StagingChunk is the size of each of the two page-locked host buffers that conversions
// between cuda and another device's memory copy through (see bridge.go).
const StagingChunk = 8 << 20

// stagingMin is the smallest conversion that uses the page-locked buffers; smaller ones
// copy through one Go buffer of their size, so a process that converts only small
// arrays never locks 16 MiB of host memory.
const stagingMin = 1 << 20

// staging is a device's page-locked buffers and the stream its copies are queued on.
// They are made on first use and kept for the rest of the process: the driver frees
// page-locked memory and streams when the process ends. One conversion at a time uses
// them (mu); concurrent conversions share the same host link anyway.
type staging struct {
	mu     sync.Mutex
	host   unsafe.Pointer // 2*StagingChunk bytes from cuMemHostAlloc; nil until made
	stream uintptr
	err    error // why they could not be made; conversions then copy through Go memory
}

var (
	stagingMu sync.Mutex
	stagings  = map[*Device]*staging{}
)

func (d *Device) staging() *staging {
	stagingMu.Lock()
	defer stagingMu.Unlock()
	s := stagings[d]
	if s == nil {
		s = &staging{}
		stagings[d] = s
	}
	return s
}

// cuMemHostAlloc's CU_MEMHOSTALLOC_PORTABLE: the buffers count as page-locked for every
// context, not only the primary context of the device that made them.
const memHostAllocPortable = 1

// make allocates the buffers and the stream once; a failure is kept and not retried.
func (s *staging) make(d *Device) {
	if s.host != nil || s.err != nil {
		return
	}
	s.err = d.do(func() error {
		var p unsafe.Pointer
		if err := check("cuMemHostAlloc", drv.cuMemHostAlloc(&p, 2*StagingChunk, memHostAllocPortable)); err != nil {
			return err
		}
		// Flags 0, not CU_STREAM_NON_BLOCKING: the stream's copies wait for the kernels
		// queued before them on the default stream, which kernreg launches on, so a
		// download sees their results; kernels queued later wait for the uploads.
		var st uintptr
		if err := check("cuStreamCreate", drv.cuStreamCreate(&st, 0)); err != nil {
			drv.cuMemFreeHost(p)
			return err
		}
		s.host, s.stream = p, st
		return nil
	})
	if s.err != nil {
		s.err = fmt.Errorf("page-locked staging buffers of 2 x %d MiB on %v: %w", StagingChunk>>20, d, s.err)
	}
}

// stagedCopy runs c, whose other side (get or put) is set, with d's staging buffers. The
// CUDA side is made by cudaSide for a stream: with page-locked buffers its copies are
// queued on the staging stream and c waits for them; with Go memory (small copies, or no
// page-locked memory to be had) the stream is 0 and they block. cudaGets says whether
// the CUDA side is c's get (a download) or its put (an upload).
func (d *Device) stagedCopy(ctx context.Context, c *chunkCopy, cudaGets bool, cudaSide func(stream uintptr) func([]byte, int64) error) error {
	set := func(stream uintptr) {
		f := cudaSide(stream)
		if cudaGets {
			c.get = f
		} else {
			c.put = f
		}
		c.asyncGet = cudaGets && stream != 0
		c.wait = nil
		if stream != 0 {
			c.wait = func() error {
				return d.do(func() error { return check("cuStreamSynchronize", drv.cuStreamSynchronize(stream)) })
			}
		}
	}
	if c.n < stagingMin {
		c.stage = [2][]byte{make([]byte, max(c.n, 1))}
		set(0)
		return c.run(ctx)
	}
	s := d.staging()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.make(d)
	if s.err != nil {
		// Page-locking is only faster: copy through pageable memory instead.
		c.stage = [2][]byte{make([]byte, StagingChunk), make([]byte, StagingChunk)}
		set(0)
		return c.run(ctx)
	}
	host := unsafe.Slice((*byte)(s.host), 2*StagingChunk)
	c.stage = [2][]byte{host[:StagingChunk:StagingChunk], host[StagingChunk:]}
	set(s.stream)
	return c.run(ctx)
}

// downloadVia copies len(dst) bytes from the buffer at byte offset off into dst: queued
// on stream when it is not 0 (dst is page-locked memory that stays valid until the
// stream is synchronised), else blocking.
func (b *Buffer) downloadVia(stream uintptr, off uint64, dst []byte) error {
	if stream == 0 {
		return Download(b, off, dst)
	}
	n := uint64(len(dst))
	if err := b.bounds("download", off, n); err != nil || n == 0 {
		return err
	}
	return b.d.do(func() error {
		return check("cuMemcpyDtoHAsync", drv.cuMemcpyDtoHAsync(unsafe.Pointer(unsafe.SliceData(dst)), b.Ptr+off, n, stream))
	})
}

// uploadVia copies src into the buffer at byte offset off, queued on stream when it is
// not 0 (as downloadVia), else blocking.
func (b *Buffer) uploadVia(stream uintptr, off uint64, src []byte) error {
	if stream == 0 {
		return Upload(b, off, src)
	}
	n := uint64(len(src))
	if err := b.bounds("upload", off, n); err != nil || n == 0 {
		return err
	}
	return b.d.do(func() error {
		return check("cuMemcpyHtoDAsync", drv.cuMemcpyHtoDAsync(b.Ptr+off, unsafe.Pointer(unsafe.SliceData(src)), n, stream))
	})
}

// bounds checks that n bytes at off lie in a live buffer.
func (b *Buffer) bounds(what string, off, n uint64) error {
	if b.Ptr == 0 {
		return fmt.Errorf("cuda: %s with a released buffer", what)
	}
	if off+n > b.Size {
		return fmt.Errorf("cuda: %s of %d bytes at %d overflows a %d-byte buffer", what, n, off, b.Size)
	}
	return nil
}
