/*
Regen generates kernreg's registry from annotated kernel packages.

Usage:

	go run ./tools/regen [-check] [-debug] [-dir DIR] [-out DIR] [packages]

With no packages it reads ./kernels/cpu and, when the module has it, ./kernels/gpu. It
writes into generated/ (see -out):

	table.go        the static registry table of every operation of every library,
	                registered at init, and a compile-time guard tying generated/ to
	                registry.APIVersion
	bind_LIB.go     per operation: its parameter schema, a binder that parses and
	                validates registry.Values into the kernel's params struct and returns
	                the registry.Kernel that calls the Go function on views of the arrays
	                (host slices for cpu, gpu.ViewOf device views for the GPU libraries),
	                and the output-shape adapter of ops with shape=
	assert_LIB.go   compile-time assertions of every kernel's signature
	wrappers.go     one typed Go wrapper per operation name (dispatching to the best
	                available backend) and DefaultXParams functions

Only files whose bytes change are written, atomically; generated files that are no longer
produced are removed (a file counts as generated when ast.IsGenerated says so, so doc.go
is never touched). Output is byte-identical from run to run.

Flags:

	-check   write nothing; print a unified diff of every stale file and exit 1
	-debug   print the analyzed model as JSON and exit
	-dir     the module root (default ".")
	-out     the output directory relative to -dir (default "generated")

Exit status: 0 on success, 1 on diagnostics or a stale -check, 2 on a usage error.

# Kernels

A kernel is an exported function of a kernel package with the signature

	func Name(dst V, src V [, src2 V ...] [, p Params]) error

where every V is one of the package's view types and Params is a struct type declared in
the same package. View types and what they mean:

	Plane, LabelPlane     2D, float32 / uint32
	Volume, LabelVolume   3D, float32 / uint32
	Array, LabelArray     2D or 3D, float32 / uint32

The contract is derived from the view types and never guessed:

	dst Plane,  sources Plane    PURE_2D
	dst Volume, sources Volume   PURE_3D
	dst Array,  sources Array    FLEXIBLE
	dst Plane,  sources Volume   VOLUMETRIC_TO_SLICE

All sources have the same rank kind; any other combination is an error.

# Libraries

The kernel packages and the registry libraries their kernels register under:

	kernels/cpu   cpu (host memory): the reference, which defines every operation
	kernels/gpu   opencl (opencl memory) and cuda (cuda memory): the same functions twice

A kernels/gpu kernel is written once for both GPU backends; its params struct is the
reference op's own (func GaussianFilter(dst, image Array, p cpu.GaussianParams) error),
so the parameter schema is identical by construction. Each GPU op must match the
kernels/cpu op of the same name: the same contract and image types, the same params
type, the same slices claim and the same ref; it states no shape= (the reference op's
shape function applies). Any difference is a diagnostic.

# Directives

A kernel's doc comment ends with one directive (a Go directive comment, so godoc does not
show it):

	//kernreg:op name=gaussian_filter tags=filter,smoothing ref=scipy.ndimage.gaussian_filter

Keys: name (snake_case; default: the Go name in snake_case), tags (comma-separated),
ref (required: the reference implementation or documented definition), contract
(optional: PURE_2D, PURE_3D, FLEXIBLE or VOLUMETRIC_TO_SLICE, any case; it must agree
with the signature), slices and shape (below). Values with spaces are double-quoted.

slices=independent|coupled is required on every FLEXIBLE op and refused on the others:
independent when the result on a stack equals the stack of per-slice results
(elementwise operations), coupled when the operation mixes slices (3D filters). It
becomes registry.Function.SliceIndependent, and the conformance suite checks the claim.

shape=FuncName names the output-shape function of an op whose result is not shaped like
its input (zoom, crop, transpose). FuncName is declared in the kernel package as

	func FuncName(in []int, p Params) ([]int, error)   // Params: the kernel's own type
	func FuncName(in []int) ([]int, error)             // for a kernel without params

and receives the input's shape (one slice's shape for a PURE_2D op run on a stack).
The registry allocates dst with the shape it returns; without shape= dst has the
contract's shape. The first sentence of the doc
comment, without the leading Go name, becomes the operation's doc.

An exported kernel-shaped function without a directive is an error, unless it carries
//kernreg:ignore. Functions whose name starts with an I/O or display word (read, write,
load, save, show, plot, view, display, print, imshow, open, export, import, dump) are
never registered; a directive on one is an error.

# Parameters

Each exported field of the params struct is a parameter. Its doc comment is the
parameter's doc (required). Allowed types: float64, int, bool, string, []float64, []int.
Struct tags:

	param:"name"        the parameter name (default: the field name in snake_case)
	default:"value"     the default in command-line syntax; none means required
	min:"x" max:"x"     inclusive bounds of a number (or of each element of a list)
	enum:"a,b,c"        the allowed values of a string

Defaults are checked against the type, the bounds and the enum when regen runs.

# Diagnostics

Every problem is reported at once as file:line:col: message (hint: ...), sorted, and
nothing is written. Package load errors (a kernel package that does not compile) stop
generation the same way.
*/
package main
