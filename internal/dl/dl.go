// Package dl loads a C library at run time with purego and binds its functions to Go
// function variables: the part of the OpenCL, CUDA driver and NVRTC bindings that is
// the same for all three.
package dl

import (
	"fmt"
	"strings"

	"github.com/ebitengine/purego"
)

// Sym is one C function: a pointer to the Go function variable that calls it, and its
// exported name.
type Sym struct {
	Fn   any
	Name string
}

// Open opens the first library of paths that loads. When none does, the error is the
// first path's (the others are fallbacks for unusual installations), naming the
// fallbacks tried.
func Open(paths []string) (uintptr, error) {
	var first error
	for _, p := range paths {
		h, err := purego.Dlopen(p, purego.RTLD_NOW|purego.RTLD_GLOBAL)
		if err == nil {
			return h, nil
		}
		if first == nil {
			first = err
		}
	}
	if first == nil {
		return 0, fmt.Errorf("no library paths to try")
	}
	if len(paths) > 1 {
		return 0, fmt.Errorf("%w (also tried %s)", first, strings.Join(paths[1:], ", "))
	}
	return 0, first
}

// Bind points every symbol's function variable at the library's function. When one is
// missing it returns that symbol's name and the error, and the caller says what that
// means (an old driver, an old API version).
func Bind(lib uintptr, syms []Sym) (missing string, err error) {
	for _, s := range syms {
		addr, err := purego.Dlsym(lib, s.Name)
		if err != nil {
			return s.Name, err
		}
		purego.RegisterFunc(s.Fn, addr)
	}
	return "", nil
}
