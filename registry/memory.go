package registry

import (
	"context"
	"fmt"
	"sync"
)

// Converter copies an array into another memory type.
type Converter func(ctx context.Context, a *Array) (*Array, error)

// Allocator makes a zeroed array in one memory type.
type Allocator func(dt DType, shape Shape) (*Array, error)

var (
	memMu      sync.RWMutex
	converters = map[[2]MemoryType]Converter{}
	outputs    = map[MemoryType]Allocator{}
	allocators = map[MemoryType]Allocator{
		Host: func(dt DType, s Shape) (*Array, error) { return NewHost(dt, s...) },
	}
)

// RegisterMemory adds an allocator for a memory type and converters to and from host.
// GPU backends call it when they initialise.
func RegisterMemory(m MemoryType, alloc Allocator, toHost, fromHost Converter) {
	memMu.Lock()
	defer memMu.Unlock()
	if _, dup := allocators[m]; dup {
		panic("registry: RegisterMemory called twice for " + string(m))
	}
	allocators[m] = alloc
	converters[[2]MemoryType{m, Host}] = toHost
	converters[[2]MemoryType{Host, m}] = fromHost
}

// RegisterConverter adds a direct converter between two device memory types.
func RegisterConverter(from, to MemoryType, c Converter) {
	memMu.Lock()
	defer memMu.Unlock()
	converters[[2]MemoryType{from, to}] = c
}

// RegisterOutputAllocator sets how Call allocates the results of functions in memory type
// m. A backend registers one that skips Alloc's zero fill when its functions write every
// element of their output (those that do not clear it themselves).
func RegisterOutputAllocator(m MemoryType, alloc Allocator) {
	memMu.Lock()
	defer memMu.Unlock()
	outputs[m] = alloc
}

// allocOutput makes the array a function's result is written into.
func allocOutput(m MemoryType, dt DType, shape Shape) (*Array, error) {
	memMu.RLock()
	alloc := outputs[m]
	memMu.RUnlock()
	if alloc == nil {
		return Alloc(m, dt, shape)
	}
	return alloc(dt, shape)
}

// Alloc makes a zeroed array of the given dtype and shape in memory type m.
func Alloc(m MemoryType, dt DType, shape Shape) (*Array, error) {
	memMu.RLock()
	alloc := allocators[m]
	memMu.RUnlock()
	if alloc == nil {
		return nil, fmt.Errorf("no allocator for memory type %q: its backend is not part of this build", m)
	}
	return alloc(dt, shape)
}

// To returns a in memory type m: a itself when it is there already, otherwise a copy
// (through host memory when there is no direct converter). The caller releases copies.
func To(ctx context.Context, a *Array, m MemoryType) (*Array, error) {
	from := a.Memory()
	if from == m {
		return a, nil
	}
	memMu.RLock()
	direct := converters[[2]MemoryType{from, m}]
	down := converters[[2]MemoryType{from, Host}]
	up := converters[[2]MemoryType{Host, m}]
	memMu.RUnlock()
	if direct != nil {
		return direct(ctx, a)
	}
	if (from != Host && down == nil) || (m != Host && up == nil) {
		return nil, fmt.Errorf("cannot convert %v to %s memory: no converter (is the %s backend part of this build?)", a, m, m)
	}
	h := a
	if from != Host {
		var err error
		if h, err = down(ctx, a); err != nil {
			return nil, err
		}
	}
	if m == Host {
		return h, nil
	}
	out, err := up(ctx, h)
	if h != a {
		h.Release()
	}
	return out, err
}
