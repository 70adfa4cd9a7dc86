package main

// The model is what analysis hands to the emitters: plain data, no go/ast or go/types
// values, so it can be dumped with -debug and compared in tests.

// Model is everything regen generates code for.
type Model struct {
	Ops []*Op // sorted by library, then name
}

// Op is one kernel function registered under one library.
type Op struct {
	Library  string   // "cpu", "opencl"
	Memory   string   // registry memory type constant: "Host", "OpenCL"
	Name     string   // snake_case operation name
	GoName   string   // Go function name
	Pkg      string   // import path of the kernel package
	PkgName  string   // package name
	Doc      string   // first sentence of the doc comment
	Tags     []string // sorted
	Ref      string
	Contract string  // registry constant name: Pure2D, Pure3D, Flexible, VolumetricToSlice
	Dst      View    // output view type
	Inputs   []Input // image inputs
	Params   *Params // nil when the kernel takes no parameters
	// Shape is the Go name of the output-shape function (directive key shape=, or the
	// reference op's for other libraries), or "".
	Shape    string
	ShapePkg string // import path of the package declaring Shape
	// SliceIndependent is the slices=independent claim of a FLEXIBLE op.
	SliceIndependent bool
	Pos              string // file:line of the declaration, relative to the module root
}

// View is a kernel view type (cpu.Plane, cpu.LabelArray, ...).
type View struct {
	Type  string // type name in the kernel package
	DType string // registry dtype constant: "Float32" or "Uint32"
	Rank  int    // 2, 3, or 0 for either
}

// Input is one image parameter of a kernel.
type Input struct {
	Name string
	View View
}

// Params is a kernel's parameter struct.
type Params struct {
	Type    string // type name
	Pkg     string // import path of the declaring package (kernels/cpu for GPU kernels)
	PkgName string
	Fields  []Field
}

// Field is one parameter.
type Field struct {
	GoName  string
	GoType  string // float64, int, bool, string, []float64, []int
	Name    string // snake_case parameter name
	Kind    string // registry ParamType constant name: FloatParam, IntParam, ...
	Default string // "" means required
	Min     *float64
	Max     *float64
	Enum    []string
	Doc     string
}
