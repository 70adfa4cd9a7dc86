// Package registry is kernreg's runtime: arrays and the memory they live in, processing
// contracts, function metadata with parameter schemas, lookup, and dispatch to the best
// available backend.
//
// The table of functions is generated (package generated registers it at init); a
// program that imports generated can look operations up by key ("cpu:gaussian_filter")
// or by bare name ("gaussian_filter"), which picks the first library in Preference
// (cuda, opencl, cpu) whose backend is available here.
//
// # Arrays
//
// Arrays are C-order, 2D (Y x X) or 3D (Z x Y x X), float32 for images and uint32 for
// label images. An Array's Buffer says which memory it is in (host now; opencl and cuda
// register their memory types with RegisterMemory). Call converts inputs into the
// function's memory type and releases the copies; results stay in that memory type until
// the caller converts them with To, which copies between two device memory types directly
// where a backend registered a converter for them (RegisterConverter: cuda<->opencl,
// registered by kernels/cuda) and through a host array otherwise.
//
// # Contracts
//
//	contract             kernel sees          2D input               3D input
//	PURE_2D              plane -> plane       direct                 each slice, in parallel
//	PURE_3D              volume -> volume     1-slice volume; the    direct
//	                                          result is a plane again
//	FLEXIBLE             array -> array       direct                 direct, or each slice with
//	                                                                 SliceBySlice(true)
//	VOLUMETRIC_TO_SLICE  volume -> plane      1-slice volume         direct, returns a plane
//
// Inputs are checked before anything runs: their number, dtype, rank and (for several
// inputs) equal shapes; errors name the function, the input, what was expected and what
// was given. SliceBySlice on a PURE_3D or VOLUMETRIC_TO_SLICE function is an error.
//
// # Parameters
//
// Parameters arrive as Values: strings in command-line syntax or typed Go values. They
// are validated against the function's schema (unknown names with a suggestion, types,
// ranges, enums) before the kernel is bound.
package registry
