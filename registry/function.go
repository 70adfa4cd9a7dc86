package registry

import (
	"context"
	"fmt"
	"strings"
)

// ParamType is the type of a function parameter in the schema.
type ParamType string

const (
	FloatParam  ParamType = "float"  // Go float64
	IntParam    ParamType = "int"    // Go int
	BoolParam   ParamType = "bool"   // Go bool
	StringParam ParamType = "string" // Go string, usually with an Enum
	FloatsParam ParamType = "floats" // Go []float64, one value or one per axis
	IntsParam   ParamType = "ints"   // Go []int, one value or one per axis
)

// Param describes one parameter of a function.
type Param struct {
	Name    string    // snake_case, as in the reference (sigma, mode, cval)
	Type    ParamType // schema type
	GoType  string    // the Go field type
	GoField string    // the Go field name in the params struct
	Default string    // in the syntax a user types; "" means the parameter is required
	Min     *float64  // inclusive lower bound for numbers, nil if none
	Max     *float64  // inclusive upper bound for numbers, nil if none
	Enum    []string  // allowed values of a string parameter, nil if any
	Doc     string
}

// Required reports whether the parameter has no default.
func (p *Param) Required() bool { return p.Default == "" }

// Kernel runs a bound function on arrays already shaped for its contract: 2D for
// PURE_2D, 3D for PURE_3D, 3D in and 2D out for VOLUMETRIC_TO_SLICE, and the input's
// rank for FLEXIBLE. dst is allocated by the caller in the function's memory type.
type Kernel func(ctx context.Context, dst *Array, srcs []*Array) error

// Binder validates parameter values and returns the kernel bound to them. Binding must be
// cheap (no compilation, no allocation of images): callers bind early to reject bad
// parameters before they read large inputs, and Call binds again.
type Binder func(v Values) (Kernel, error)

// Shaper returns the output shape of a function whose output shape differs from its
// input's (zoom, crop, transpose), for one input of shape in and the parameter values v.
// For a PURE_2D function run on a stack, in is the shape of one slice.
type Shaper func(v Values, in Shape) (Shape, error)

// Function is one registered implementation of an operation.
type Function struct {
	Name     string // canonical snake_case name, the same on every library
	Library  string // "cpu", "opencl" or "cuda"
	Contract Contract
	Memory   MemoryType
	Module   string // Go import path of the implementing package
	GoName   string // the Go function's name in Module
	Doc      string // first sentence of the Go doc comment
	Tags     []string
	Ref      string  // reference implementation or definition, e.g. scipy.ndimage.gaussian_filter
	Inputs   []Input // image inputs, in order
	Output   DType   // element type of the result
	Params   []Param // the parameter schema, in declaration order
	Bind     Binder  // parses parameters; generated
	// OutShape, when set, gives the output shape; otherwise it is the contract's.
	OutShape Shaper
	// SliceIndependent reports, for a FLEXIBLE function, that its result on a stack equals
	// the stack of its results on each slice (elementwise operations); slice_by_slice then
	// changes nothing. It is false for functions that mix slices (3D filters).
	SliceIndependent bool
}

// Input describes one image input of a function.
type Input struct {
	Name  string // Go parameter name (image, image1, mask)
	DType DType
}

// Key is the registry key "library:name".
func (f *Function) Key() string { return f.Library + ":" + f.Name }

// Param returns the schema entry for a parameter name.
func (f *Function) Param(name string) (*Param, bool) {
	for i := range f.Params {
		if f.Params[i].Name == name {
			return &f.Params[i], true
		}
	}
	return nil, false
}

// HasTag reports whether the function carries tag t.
func (f *Function) HasTag(t string) bool {
	for _, x := range f.Tags {
		if x == t {
			return true
		}
	}
	return false
}

func (f *Function) validate() error {
	switch {
	case f.Name == "" || f.Library == "":
		return fmt.Errorf("function %q of library %q: name and library are required", f.Name, f.Library)
	case strings.ContainsAny(f.Name, ": ") || strings.ContainsAny(f.Library, ": "):
		return fmt.Errorf("%s: name and library may not contain ':' or spaces", f.Key())
	case f.Contract < Pure2D || f.Contract > VolumetricToSlice:
		return fmt.Errorf("%s: invalid contract %v", f.Key(), f.Contract)
	case len(f.Inputs) == 0:
		return fmt.Errorf("%s: no image inputs", f.Key())
	case f.Bind == nil:
		return fmt.Errorf("%s: no Bind function", f.Key())
	case f.Output != Float32 && f.Output != Uint32:
		return fmt.Errorf("%s: invalid output dtype %v", f.Key(), f.Output)
	}
	return nil
}

// APIVersion is the shape of the code regen emits against this package. generated/
// asserts it at compile time, so a stale generated/ fails to build instead of misbehaving.
const APIVersion = 2

// Bound returns a pointer to v, for Param.Min and Param.Max in generated tables.
func Bound(v float64) *float64 { return &v }
