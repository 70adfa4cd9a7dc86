package main

import (
	"fmt"
	"go/ast"
	"go/doc"
	"go/token"
	"go/types"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// library is one registry library that a kernel package's functions register under:
// its name, its memory type and the package's view types with their rank and element
// type.
type library struct {
	name   string
	memory string
	views  map[string]View
	// reference is true for kernels/cpu, whose ops define every name, parameter schema
	// and contract; the ops of other libraries must match a reference op.
	reference bool
}

// viewTypes are the view type names every kernel package declares.
var viewTypes = map[string]View{
	"Plane":       {Type: "Plane", DType: "Float32", Rank: 2},
	"Volume":      {Type: "Volume", DType: "Float32", Rank: 3},
	"Array":       {Type: "Array", DType: "Float32", Rank: 0},
	"LabelPlane":  {Type: "LabelPlane", DType: "Uint32", Rank: 2},
	"LabelVolume": {Type: "LabelVolume", DType: "Uint32", Rank: 3},
	"LabelArray":  {Type: "LabelArray", DType: "Uint32", Rank: 0},
}

// libraries maps a kernel package's import-path suffix to the libraries its functions
// register under. Classification is driven by this table: a parameter of any other type
// is not an image. kernels/gpu's kernels are written once for every GPU backend and
// register under each.
var libraries = map[string][]library{
	"kernels/cpu": {{name: "cpu", memory: "Host", views: viewTypes, reference: true}},
	"kernels/gpu": {{name: "opencl", memory: "OpenCL", views: viewTypes}, {name: "cuda", memory: "CUDA", views: viewTypes}},
}

// referenceSuffix is the package whose ops every other library's ops must match.
const referenceSuffix = "kernels/cpu"

// ioWords are the leading words of names that are never registered: reading, writing and
// showing data is the caller's business, not an image operation.
var ioWords = map[string]bool{
	"read": true, "write": true, "load": true, "save": true, "show": true, "plot": true,
	"view": true, "display": true, "print": true, "imshow": true, "open": true,
	"export": true, "import": true, "dump": true,
}

var (
	nameRe = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	tagRe  = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)
)

// contractNames maps the directive spelling to the registry constant.
var contractNames = map[string]string{
	"PURE_2D": "Pure2D", "PURE_3D": "Pure3D", "FLEXIBLE": "Flexible", "VOLUMETRIC_TO_SLICE": "VolumetricToSlice",
}

type analyzer struct {
	ds      *Diagnostics
	fset    *token.FileSet
	structs map[string]*ast.TypeSpec // type declarations of every loaded package, by "path.Name"
}

// analyze turns loaded kernel packages into the model, reporting every problem.
func analyze(pkgs []*packages.Package, ds *Diagnostics) *Model {
	m := &Model{}
	structs := map[string]*ast.TypeSpec{} // "import/path.Name" -> declaration, over every package
	for _, pkg := range pkgs {
		for _, f := range pkg.Syntax {
			for _, d := range f.Decls {
				if gd, ok := d.(*ast.GenDecl); ok {
					for _, s := range gd.Specs {
						if ts, ok := s.(*ast.TypeSpec); ok {
							structs[pkg.PkgPath+"."+ts.Name.Name] = ts
						}
					}
				}
			}
		}
	}
	var refs map[string]*Op // the reference library's ops, by name
	var others []*Op
	refLoaded := false
	for _, pkg := range pkgs {
		a := &analyzer{ds: ds, fset: pkg.Fset, structs: structs}
		libs, ok := librariesOf(pkg.PkgPath)
		if !ok {
			ds.Add(token.Position{Filename: pkg.PkgPath}, "kernel packages end in "+strings.Join(libraryKeys(), ", "),
				"package %s is not a kernel package", pkg.PkgPath)
			continue
		}
		for _, lib := range libs {
			ops := a.pkgOps(pkg, lib)
			m.Ops = append(m.Ops, ops...)
			if lib.reference {
				refLoaded = true
				refs = map[string]*Op{}
				for _, op := range ops {
					refs[op.Name] = op
				}
			} else {
				others = append(others, ops...)
			}
		}
	}
	for _, op := range others {
		matchReference(op, refs, refLoaded, ds)
	}
	sort.Slice(m.Ops, func(i, j int) bool {
		if m.Ops[i].Library != m.Ops[j].Library {
			return m.Ops[i].Library < m.Ops[j].Library
		}
		return m.Ops[i].Name < m.Ops[j].Name
	})
	checkUnique(m, ds)
	return m
}

func librariesOf(path string) ([]library, bool) {
	for suffix, libs := range libraries {
		if hasSuffix(path, suffix) {
			return libs, true
		}
	}
	return nil, false
}

func hasSuffix(path, suffix string) bool {
	return path == suffix || strings.HasSuffix(path, "/"+suffix)
}

// matchReference checks a non-reference op against the reference op of the same name:
// a GPU kernel implements exactly the operation kernels/cpu defines, so the name must
// exist there with the same contract, inputs, parameter struct, slices claim and
// reference; the output-shape function is the reference op's.
func matchReference(op *Op, refs map[string]*Op, loaded bool, ds *Diagnostics) {
	pos := parsePos(op.Pos)
	// Named by Go function, not library: the same function registers under every GPU
	// library, and its problems are reported once.
	who := fmt.Sprintf("%s.%s (%s)", op.PkgName, op.GoName, op.Name)
	if !loaded {
		ds.Add(pos, "run regen on "+referenceSuffix+" too", "%s cannot be checked: the reference package %s is not loaded", who, referenceSuffix)
		return
	}
	if op.Shape != "" {
		ds.Add(pos, "drop shape=: the reference op's shape function applies", "%s states shape=%s", who, op.Shape)
	}
	ref := refs[op.Name]
	if ref == nil {
		ds.Add(pos, "every operation is defined first in "+referenceSuffix+", which other libraries are judged against",
			"%s has no reference operation %s in %s", who, op.Name, referenceSuffix)
		return
	}
	differ := func(what, got, want string) {
		ds.Add(pos, "match the reference op at "+ref.Pos, "%s: %s %s differs from cpu:%s's %s", who, what, got, op.Name, want)
	}
	if op.Contract != ref.Contract {
		differ("contract", contractSpelling(op.Contract), contractSpelling(ref.Contract))
	}
	if sig, rsig := inputSig(op), inputSig(ref); sig != rsig {
		differ("signature", sig, rsig)
	}
	pt, rpt := paramsName(op), paramsName(ref)
	if pt != rpt {
		differ("params type", pt, rpt)
	}
	if op.SliceIndependent != ref.SliceIndependent {
		differ("slices claim", slicesWord(op), slicesWord(ref))
	}
	if op.Ref != ref.Ref {
		differ("ref", op.Ref, ref.Ref)
	}
	op.Shape, op.ShapePkg = ref.Shape, ref.ShapePkg
}

// inputSig is an op's image types: "(Array, Array) -> LabelArray".
func inputSig(op *Op) string {
	var parts []string
	for _, in := range op.Inputs {
		parts = append(parts, in.View.Type)
	}
	return fmt.Sprintf("(%s) -> %s", strings.Join(parts, ", "), op.Dst.Type)
}

func paramsName(op *Op) string {
	if op.Params == nil {
		return "(none)"
	}
	return op.Params.Pkg + "." + op.Params.Type
}

func slicesWord(op *Op) string {
	if op.SliceIndependent {
		return "independent"
	}
	return "coupled"
}

func libraryKeys() []string {
	var ks []string
	for k := range libraries {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// checkUnique reports operation names used twice in a library and Go wrapper names that
// two operations would share.
func checkUnique(m *Model, ds *Diagnostics) {
	seen := map[string]*Op{}
	wrapper := map[string]*Op{}
	for _, op := range m.Ops {
		k := op.Library + ":" + op.Name
		if prev := seen[k]; prev != nil {
			ds.Add(parsePos(op.Pos), "a name never means two things", "operation %s is also defined by %s at %s", k, prev.GoName, prev.Pos)
			continue
		}
		seen[k] = op
		w := camel(op.Name)
		if prev := wrapper[w]; prev != nil && prev.Name != op.Name {
			ds.Add(parsePos(op.Pos), "", "operations %s and %s would both get the Go wrapper %s", prev.Name, op.Name, w)
		}
		wrapper[w] = op
	}
}

func (a *analyzer) pkgOps(pkg *packages.Package, lib library) []*Op {
	var ops []*Op
	for _, f := range pkg.Syntax {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil {
				continue
			}
			if op := a.funcOp(pkg, lib, fd); op != nil {
				ops = append(ops, op)
			}
		}
	}
	return ops
}

// directive is one //kernreg:VERB key=value ... comment.
type directive struct {
	verb string
	args map[string]string
	pos  map[string]token.Pos // position of each key
	at   token.Pos
}

func (a *analyzer) directives(cg *ast.CommentGroup) []directive {
	if cg == nil {
		return nil
	}
	var out []directive
	for _, c := range cg.List {
		text, ok := strings.CutPrefix(c.Text, "//kernreg:")
		if !ok {
			continue
		}
		base := c.Slash + token.Pos(len("//kernreg:"))
		verb, rest, _ := strings.Cut(text, " ")
		d := directive{verb: verb, args: map[string]string{}, pos: map[string]token.Pos{}, at: c.Slash}
		off := len(verb) + 1
		for _, tok := range splitArgs(rest) {
			p := base + token.Pos(off+tok.off)
			k, v, found := strings.Cut(tok.text, "=")
			if !found || k == "" {
				a.ds.Add(a.fset.Position(p), "write key=value; quote values with spaces", "malformed directive argument %q", tok.text)
				continue
			}
			if uq, err := strconv.Unquote(v); err == nil && strings.HasPrefix(v, `"`) {
				v = uq
			} else if strings.HasPrefix(v, `"`) {
				a.ds.Add(a.fset.Position(p), "", "unterminated quoted value for %s", k)
				continue
			}
			if _, dup := d.args[k]; dup {
				a.ds.Add(a.fset.Position(p), "", "directive key %s given twice", k)
				continue
			}
			d.args[k], d.pos[k] = v, p
		}
		out = append(out, d)
	}
	return out
}

type argTok struct {
	text string
	off  int
}

// splitArgs splits on spaces outside double quotes, remembering each token's offset.
func splitArgs(s string) []argTok {
	var out []argTok
	start, inQ := -1, false
	for i := 0; i <= len(s); i++ {
		end := i == len(s)
		if !end && s[i] == '"' && (i == 0 || s[i-1] != '\\') {
			inQ = !inQ
		}
		if end || (s[i] == ' ' && !inQ) {
			if start >= 0 {
				out = append(out, argTok{s[start:i], start})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}

func (a *analyzer) funcOp(pkg *packages.Package, lib library, fd *ast.FuncDecl) *Op {
	dirs := a.directives(fd.Doc)
	var opDir *directive
	ignore := false
	for i := range dirs {
		switch dirs[i].verb {
		case "op":
			if opDir != nil {
				a.ds.Add(a.fset.Position(dirs[i].at), "", "second //kernreg:op directive on %s", fd.Name.Name)
				continue
			}
			opDir = &dirs[i]
		case "ignore":
			ignore = true
		default:
			a.ds.Add(a.fset.Position(dirs[i].at), "known directives are //kernreg:op and //kernreg:ignore", "unknown directive //kernreg:%s", dirs[i].verb)
		}
	}
	pos := a.fset.Position(fd.Name.Pos())
	if ignore {
		if opDir != nil {
			a.ds.Add(a.fset.Position(opDir.at), "", "%s has both //kernreg:op and //kernreg:ignore", fd.Name.Name)
		}
		return nil
	}
	if !fd.Name.IsExported() {
		if opDir != nil {
			a.ds.Add(pos, "export it", "//kernreg:op on unexported function %s", fd.Name.Name)
		}
		return nil
	}
	obj, _ := pkg.TypesInfo.Defs[fd.Name].(*types.Func)
	if obj == nil {
		return nil
	}
	sig := obj.Type().(*types.Signature)
	shape, why := kernelShape(sig, pkg.Types, lib)
	if shape == nil {
		if opDir != nil {
			a.ds.Add(pos, "a kernel is func(dst T, src T, ... [, p Params]) error with T a view type of the package",
				"%s has a //kernreg:op directive but is not a kernel: %s", fd.Name.Name, why)
		}
		return nil
	}
	name := snake(fd.Name.Name)
	if opDir != nil {
		if n, ok := opDir.args["name"]; ok {
			name = n
		}
	}
	if w, _, _ := strings.Cut(name, "_"); ioWords[w] {
		if opDir != nil {
			a.ds.Add(a.fset.Position(opDir.at), "I/O and display belong to callers, not to the registry",
				"%s is an I/O or display function (%q) and is never registered", fd.Name.Name, w)
		}
		return nil
	}
	if opDir == nil {
		a.ds.Add(pos, "add //kernreg:op name=... ref=... as the last line of its doc comment, or //kernreg:ignore",
			"exported kernel %s has no //kernreg:op directive", fd.Name.Name)
		return nil
	}
	op := &Op{
		Library: lib.name, Memory: lib.memory, Name: name, GoName: fd.Name.Name,
		Pkg: pkg.PkgPath, PkgName: pkg.Name, Dst: shape.dst, Inputs: shape.inputs,
		Pos: a.relPos(pos),
	}
	if fd.Doc != nil {
		op.Doc = docSentence(fd.Name.Name, fd.Doc.Text())
	}
	if op.Doc == "" {
		a.ds.Add(pos, "the first sentence becomes the registry's doc", "%s has no doc comment", fd.Name.Name)
	}
	a.opArgs(op, opDir)
	a.classify(op, opDir, pos)
	a.slices(op, opDir)
	if shape.params != nil {
		op.Params = a.params(shape.params)
	}
	a.outputShape(op, opDir, pkg.Types, shape.params)
	if op.Shape != "" {
		op.ShapePkg = pkg.PkgPath
	}
	for _, in := range op.Inputs {
		if in.Name == "ctx" || in.Name == "p" || in.Name == "opts" {
			a.ds.Add(pos, "rename the parameter", "input name %q is reserved in generated wrappers", in.Name)
		}
	}
	return op
}

// docSentence is the first sentence of a doc comment without the leading Go name, which
// means nothing to a CLI user: "GaussianFilter smooths ..." becomes "Smooths ...".
// "Sobel is ..." stays as it is: "Is ..." would not be a sentence.
func docSentence(goName, text string) string {
	s := strings.TrimSpace((&doc.Package{}).Synopsis(text))
	if rest, ok := strings.CutPrefix(s, goName+" "); ok && rest != "" && !strings.HasPrefix(rest, "is ") {
		s = strings.ToUpper(rest[:1]) + rest[1:]
	}
	return s
}

// relPos formats a position as file:line:col with the file relative to the module root.
func (a *analyzer) relPos(p token.Position) string {
	if rel, err := relTo(a.ds.root, p.Filename); err == nil {
		p.Filename = rel
	}
	return p.String()
}

func (a *analyzer) opArgs(op *Op, d *directive) {
	for k, v := range d.args {
		p := a.fset.Position(d.pos[k])
		switch k {
		case "name":
			if !nameRe.MatchString(v) {
				a.ds.Add(p, "names are snake_case: lower-case words joined by _", "invalid operation name %q", v)
			}
		case "tags":
			for _, t := range strings.Split(v, ",") {
				if !tagRe.MatchString(t) {
					a.ds.Add(p, "tags are lower-case words separated by commas", "invalid tag %q", t)
					continue
				}
				op.Tags = append(op.Tags, t)
			}
			sort.Strings(op.Tags)
		case "ref":
			op.Ref = v
		case "contract", "slices", "shape":
			// checked in classify and outputShape, which need the signature
		default:
			a.ds.Add(p, "keys are name, tags, ref, contract, slices, shape", "unknown directive key %q", k)
		}
	}
	if strings.TrimSpace(op.Ref) == "" {
		a.ds.Add(a.fset.Position(d.at), "every operation names its reference, e.g. ref=scipy.ndimage.gaussian_filter",
			"//kernreg:op for %s has no ref", op.GoName)
	}
}

// classify derives the contract from the view types and checks a stated one.
func (a *analyzer) classify(op *Op, d *directive, pos token.Position) {
	src := op.Inputs[0].View.Rank
	for _, in := range op.Inputs[1:] {
		if in.View.Rank != src {
			a.ds.Add(pos, "all image inputs have the same rank kind", "%s mixes %s and %s inputs", op.GoName, op.Inputs[0].View.Type, in.View.Type)
			return
		}
	}
	dst := op.Dst.Rank
	switch {
	case dst == 2 && src == 2:
		op.Contract = "Pure2D"
	case dst == 3 && src == 3:
		op.Contract = "Pure3D"
	case dst == 0 && src == 0:
		op.Contract = "Flexible"
	case dst == 2 && src == 3:
		op.Contract = "VolumetricToSlice"
	default:
		a.ds.Add(pos, "contracts: plane->plane, volume->volume, array->array, volume->plane",
			"%s: no contract maps %s inputs to an output of type %s", op.GoName, op.Inputs[0].View.Type, op.Dst.Type)
		return
	}
	if stated, ok := d.args["contract"]; ok {
		want, known := contractNames[strings.ToUpper(stated)]
		p := a.fset.Position(d.pos["contract"])
		switch {
		case !known:
			a.ds.Add(p, "contracts are PURE_2D, PURE_3D, FLEXIBLE, VOLUMETRIC_TO_SLICE", "unknown contract %q", stated)
		case want != op.Contract:
			a.ds.Add(p, "the signature decides; fix the directive or the parameter types",
				"%s states contract %s but its signature (%s -> %s) is %s",
				op.GoName, strings.ToUpper(stated), op.Inputs[0].View.Type, op.Dst.Type, contractSpelling(op.Contract))
		}
	}
}

// slices reads the slices= claim: required on FLEXIBLE ops, meaningless on the others
// (PURE_2D always runs per slice; PURE_3D and VOLUMETRIC_TO_SLICE never do).
func (a *analyzer) slices(op *Op, d *directive) {
	v, ok := d.args["slices"]
	switch {
	case op.Contract == "":
		return // classification failed and said why
	case !ok && op.Contract == "Flexible":
		a.ds.Add(a.fset.Position(d.at), "slices=independent if a stack's result is its per-slice results (elementwise), else slices=coupled",
			"FLEXIBLE op %s has no slices= key", op.GoName)
	case ok && op.Contract != "Flexible":
		a.ds.Add(a.fset.Position(d.pos["slices"]), "only FLEXIBLE ops choose; drop the key",
			"slices= on %s, which is %s", op.GoName, contractSpelling(op.Contract))
	case ok && v != "independent" && v != "coupled":
		a.ds.Add(a.fset.Position(d.pos["slices"]), "slices is independent or coupled", "invalid slices value %q", v)
	default:
		op.SliceIndependent = v == "independent"
	}
}

// outputShape checks the shape= key: the named function must be declared in the kernel
// package as func(in []int, p Params) ([]int, error), with the kernel's own params type,
// or func(in []int) ([]int, error) for a kernel without parameters.
func (a *analyzer) outputShape(op *Op, d *directive, pkg *types.Package, params *types.Named) {
	name, ok := d.args["shape"]
	if !ok {
		return
	}
	p := a.fset.Position(d.pos["shape"])
	want := "func(in []int) ([]int, error)"
	if params != nil {
		want = "func(in []int, p " + params.Obj().Name() + ") ([]int, error)"
	}
	fn, _ := pkg.Scope().Lookup(name).(*types.Func)
	if fn == nil {
		a.ds.Add(p, "declare "+name+" "+strings.TrimPrefix(want, "func")+" in the kernel package", "shape function %s of %s not found", name, op.GoName)
		return
	}
	sig := fn.Type().(*types.Signature)
	ok = sig.Recv() == nil && !sig.Variadic() && sig.Results().Len() == 2 &&
		sig.Results().At(0).Type().String() == "[]int" && sig.Results().At(1).Type().String() == "error"
	ps := sig.Params()
	switch {
	case !ok:
	case params == nil:
		ok = ps.Len() == 1 && ps.At(0).Type().String() == "[]int"
	default:
		ok = ps.Len() == 2 && ps.At(0).Type().String() == "[]int" && types.Identical(ps.At(1).Type(), params)
	}
	if !ok {
		a.ds.Add(p, "it must be "+want, "shape function %s of %s has the wrong signature %s",
			name, op.GoName, types.TypeString(sig, types.RelativeTo(pkg)))
		return
	}
	op.Shape = name
}

func contractSpelling(c string) string {
	for k, v := range contractNames {
		if v == c {
			return k
		}
	}
	return c
}

// shape is a kernel signature split into its parts.
type shape struct {
	dst    View
	inputs []Input
	params *types.Named
}

// kernelShape reports whether sig is func(dst V, src V, ... [, p P]) error, with V the
// library's view types and P a struct type declared in the kernel package.
func kernelShape(sig *types.Signature, pkg *types.Package, lib library) (*shape, string) {
	res := sig.Results()
	if res.Len() != 1 || res.At(0).Type().String() != "error" {
		return nil, "it must return exactly one error"
	}
	ps := sig.Params()
	if sig.Variadic() {
		return nil, "it is variadic"
	}
	view := func(t types.Type) (View, bool) {
		n, ok := t.(*types.Named)
		if !ok || n.Obj().Pkg() != pkg {
			return View{}, false
		}
		v, ok := lib.views[n.Obj().Name()]
		return v, ok
	}
	if ps.Len() < 2 {
		return nil, "it needs a destination and at least one source image"
	}
	dst, ok := view(ps.At(0).Type())
	if !ok {
		return nil, "its first parameter (the destination) is not a view type"
	}
	s := &shape{dst: dst}
	for i := 1; i < ps.Len(); i++ {
		p := ps.At(i)
		if v, ok := view(p.Type()); ok {
			if s.params != nil {
				return nil, "image parameters come before the params struct"
			}
			s.inputs = append(s.inputs, Input{Name: p.Name(), View: v})
			continue
		}
		n, ok := p.Type().(*types.Named)
		if ok && i == ps.Len()-1 && (n.Obj().Pkg() == pkg || !lib.reference && hasSuffix(n.Obj().Pkg().Path(), referenceSuffix)) {
			if _, isStruct := n.Underlying().(*types.Struct); isStruct {
				s.params = n
				continue
			}
		}
		where := "the package"
		if !lib.reference {
			where = "the package or of " + referenceSuffix
		}
		return nil, "parameter " + p.Name() + " (" + types.TypeString(p.Type(), types.RelativeTo(pkg)) + ") is neither a view type nor a trailing params struct of " + where
	}
	if len(s.inputs) == 0 {
		return nil, "it has no source image"
	}
	for i, in := range s.inputs {
		if in.Name == "" || in.Name == "_" {
			s.inputs[i].Name = "image" + strconv.Itoa(i+1)
		}
	}
	return s, ""
}

var kindOf = map[string]string{
	"float64": "FloatParam", "int": "IntParam", "bool": "BoolParam", "string": "StringParam",
	"[]float64": "FloatsParam", "[]int": "IntsParam",
}

var tagKeys = map[string]bool{"param": true, "default": true, "min": true, "max": true, "enum": true}

// params builds the schema of a params struct from its fields, tags and doc comments.
func (a *analyzer) params(n *types.Named) *Params {
	out := &Params{Type: n.Obj().Name(), Pkg: n.Obj().Pkg().Path(), PkgName: n.Obj().Pkg().Name()}
	ts := a.structs[out.Pkg+"."+out.Type]
	if ts == nil {
		a.ds.Add(a.fset.Position(n.Obj().Pos()), "load its package too", "params struct %s: declaration of %s not loaded", out.Type, out.Pkg)
		return out
	}

	st := n.Underlying().(*types.Struct)
	var astFields []*ast.Field
	if ts != nil {
		if s, ok := ts.Type.(*ast.StructType); ok {
			astFields = s.Fields.List
		}
	}
	names := map[string]bool{}
	for _, af := range astFields {
		if len(af.Names) == 0 {
			a.ds.Add(a.fset.Position(af.Pos()), "", "params struct %s: embedded fields are not supported", out.Type)
			continue
		}
		for _, id := range af.Names {
			p := a.fset.Position(id.Pos())
			if !id.IsExported() {
				a.ds.Add(p, "export it or move it out of the params struct", "params struct %s: field %s is unexported", out.Type, id.Name)
				continue
			}
			var fv *types.Var
			for i := 0; i < st.NumFields(); i++ {
				if st.Field(i).Name() == id.Name {
					fv = st.Field(i)
				}
			}
			if fv == nil {
				continue
			}
			f := Field{GoName: id.Name, GoType: types.TypeString(fv.Type(), nil), Name: snake(id.Name)}
			f.Kind = kindOf[f.GoType]
			if f.Kind == "" {
				a.ds.Add(p, "use float64, int, bool, string, []float64 or []int", "params struct %s: field %s has unsupported type %s", out.Type, id.Name, f.GoType)
				continue
			}
			if af.Doc != nil {
				f.Doc = strings.Join(strings.Fields(af.Doc.Text()), " ")
			}
			if f.Doc == "" {
				a.ds.Add(p, "the comment becomes the parameter's documentation", "params struct %s: field %s has no doc comment", out.Type, id.Name)
			}
			if af.Tag != nil {
				tag, _ := strconv.Unquote(af.Tag.Value)
				a.fieldTag(&f, tag, a.fset.Position(af.Tag.Pos()), out.Type)
			}
			if names[f.Name] {
				a.ds.Add(p, "", "params struct %s: parameter name %q used twice", out.Type, f.Name)
			}
			names[f.Name] = true
			out.Fields = append(out.Fields, f)
		}
	}
	return out
}

func (a *analyzer) fieldTag(f *Field, tag string, p token.Position, typ string) {
	kv, err := parseTag(tag)
	if err != nil {
		a.ds.Add(p, `write key:"value" pairs separated by spaces`, "params struct %s: field %s: %v", typ, f.GoName, err)
		return
	}
	for _, e := range kv {
		k, v := e[0], e[1]
		if !tagKeys[k] {
			a.ds.Add(p, "tag keys are param, default, min, max, enum", "params struct %s: field %s: unknown tag key %q", typ, f.GoName, k)
			continue
		}
		switch k {
		case "param":
			if !nameRe.MatchString(v) {
				a.ds.Add(p, "", "params struct %s: field %s: invalid parameter name %q", typ, f.GoName, v)
			}
			f.Name = v
		case "default":
			f.Default = v
		case "min", "max":
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || !numeric(f.Kind) {
				a.ds.Add(p, "", "params struct %s: field %s: %s:%q needs a numeric field and value", typ, f.GoName, k, v)
				continue
			}
			if k == "min" {
				f.Min = &x
			} else {
				f.Max = &x
			}
		case "enum":
			if f.Kind != "StringParam" {
				a.ds.Add(p, "", "params struct %s: field %s: enum applies to string fields", typ, f.GoName)
				continue
			}
			f.Enum = strings.Split(v, ",")
		}
	}
	if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
		a.ds.Add(p, "", "params struct %s: field %s: min %v > max %v", typ, f.GoName, *f.Min, *f.Max)
	}
	if f.Default != "" {
		if _, err := parseDefault(*f); err != nil {
			a.ds.Add(p, "", "params struct %s: field %s: default %q: %v", typ, f.GoName, f.Default, err)
		}
	}
}

func numeric(kind string) bool {
	return kind == "FloatParam" || kind == "IntParam" || kind == "FloatsParam" || kind == "IntsParam"
}

// parseTag splits a struct tag into ordered key/value pairs, rejecting malformed input
// (reflect.StructTag.Get silently ignores it).
func parseTag(tag string) ([][2]string, error) {
	var out [][2]string
	for tag = strings.TrimSpace(tag); tag != ""; tag = strings.TrimSpace(tag) {
		i := strings.Index(tag, ":")
		if i <= 0 || i+1 >= len(tag) || tag[i+1] != '"' {
			return nil, errorf("malformed struct tag near %q", tag)
		}
		key := tag[:i]
		rest := tag[i+1:]
		j := 1
		for j < len(rest) && rest[j] != '"' {
			if rest[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(rest) {
			return nil, errorf("unterminated value for %s", key)
		}
		val, err := strconv.Unquote(rest[:j+1])
		if err != nil {
			return nil, errorf("bad value for %s: %v", key, err)
		}
		out = append(out, [2]string{key, val})
		tag = rest[j+1:]
	}
	return out, nil
}

// parseDefault checks a default against the field's type, range and enum, and returns
// it as Go values: float64, int, bool, string, []float64 or []int.
func parseDefault(f Field) (any, error) {
	rangeOK := func(x float64) error {
		if f.Min != nil && x < *f.Min {
			return errorf("below min %v", *f.Min)
		}
		if f.Max != nil && x > *f.Max {
			return errorf("above max %v", *f.Max)
		}
		return nil
	}
	switch f.Kind {
	case "FloatParam":
		x, err := strconv.ParseFloat(f.Default, 64)
		if err != nil {
			return nil, errorf("not a number")
		}
		return x, rangeOK(x)
	case "IntParam":
		x, err := strconv.Atoi(f.Default)
		if err != nil {
			return nil, errorf("not an integer")
		}
		return x, rangeOK(float64(x))
	case "BoolParam":
		x, err := strconv.ParseBool(f.Default)
		if err != nil {
			return nil, errorf("not a bool")
		}
		return x, nil
	case "StringParam":
		if len(f.Enum) > 0 {
			for _, e := range f.Enum {
				if e == f.Default {
					return f.Default, nil
				}
			}
			return nil, errorf("not one of %s", strings.Join(f.Enum, ", "))
		}
		return f.Default, nil
	case "FloatsParam":
		var xs []float64
		for _, s := range strings.Split(f.Default, ",") {
			x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil {
				return nil, errorf("not a comma-separated list of numbers")
			}
			if err := rangeOK(x); err != nil {
				return nil, err
			}
			xs = append(xs, x)
		}
		return xs, nil
	case "IntsParam":
		var xs []int
		for _, s := range strings.Split(f.Default, ",") {
			x, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				return nil, errorf("not a comma-separated list of integers")
			}
			if err := rangeOK(float64(x)); err != nil {
				return nil, err
			}
			xs = append(xs, x)
		}
		return xs, nil
	}
	return nil, errorf("unsupported kind %s", f.Kind)
}
