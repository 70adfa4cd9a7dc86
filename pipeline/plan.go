package pipeline

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/kernreg/kernreg/registry"
)

// Plan is a compiled pipeline: the steps with the function each runs, and the exact
// sequence of actions Run performs on every image, memory conversions included.
type Plan struct {
	Pipeline *Pipeline
	Steps    []*PlannedStep
	// Actions is what Run does, in order; Explain prints it.
	Actions []Action
	// Conversions is the number of memory conversions per image (Convert actions).
	Conversions int
}

// PlannedStep is a step with what Compile decided for it.
type PlannedStep struct {
	*Step
	Func    *registry.Function // the implementation an op step runs; nil otherwise
	Library string             // the library that runs it; "host" for measure and convert
	Memory  registry.MemoryType
	Inputs  []string       // the names of the values it reads (channels resolved)
	Output  registry.DType // the result's dtype; 0 for a table
	Save    bool           // the result is written (given, or the default for the last step)

	table       bool
	defaultSave bool
}

// ActionKind says what an Action does.
type ActionKind uint8

const (
	// Convert copies a value into another memory type (registry.To).
	Convert ActionKind = iota + 1
	// Run runs a step on values already in its memory type.
	Run
	// Save hands a value (in host memory) or a table to the Output.
	Save
	// Release frees a value's copy in one memory type.
	Release
)

// Action is one thing Run does.
type Action struct {
	Kind   ActionKind
	Step   *PlannedStep        // Run: the step; otherwise the step after which it happens
	Value  string              // Convert, Save, Release: the value's name
	From   registry.MemoryType // Convert: source memory
	To     registry.MemoryType // Convert: target memory; Release: the copy freed
	Reason string              // Convert: what needs the copy
}

// build computes the actions: inputs are converted into a step's memory type only where
// they are not there yet (a copy is made once and reused), results are copied to host
// memory to be saved, and every copy is released right after its last use. The
// pipeline's inputs arrive in host memory and belong to the caller.
func (pl *Plan) build() {
	type copyKey struct {
		v string
		m registry.MemoryType
	}
	where := map[string][]registry.MemoryType{} // value -> memories it has a copy in; [0] is where it was made
	inputs := []string{InputName}
	if len(pl.Pipeline.Channels) > 0 {
		inputs = pl.Pipeline.Channels
	}
	for _, n := range inputs {
		where[n] = []registry.MemoryType{registry.Host}
	}
	has := func(v string, m registry.MemoryType) bool {
		for _, x := range where[v] {
			if x == m {
				return true
			}
		}
		return false
	}
	var acts []Action
	need := func(s *PlannedStep, v string, m registry.MemoryType, reason string) {
		if has(v, m) {
			return
		}
		acts = append(acts, Action{Kind: Convert, Step: s, Value: v, From: where[v][0], To: m, Reason: reason})
		where[v] = append(where[v], m)
	}
	for _, s := range pl.Steps {
		for _, v := range uniq(s.Inputs) {
			need(s, v, s.Memory, fmt.Sprintf("for step %d, %s on %s", s.Index, whatOp(s.Step), s.Library))
		}
		acts = append(acts, Action{Kind: Run, Step: s, Value: s.Name})
		where[s.Name] = []registry.MemoryType{s.Memory}
		if s.Save {
			if !s.table {
				need(s, s.Name, registry.Host, "to save it")
			}
			acts = append(acts, Action{Kind: Save, Step: s, Value: s.Name, To: registry.Host})
		}
	}

	// Release each copy after the last action that touches it; the caller's inputs stay.
	last := map[copyKey]int{}
	order := []copyKey{}
	touch := func(k copyKey, i int) {
		if _, ok := last[k]; !ok {
			order = append(order, k)
		}
		last[k] = i
	}
	made := map[string]registry.MemoryType{}
	for i, a := range acts {
		switch a.Kind {
		case Convert:
			touch(copyKey{a.Value, a.From}, i)
			touch(copyKey{a.Value, a.To}, i)
		case Run:
			for _, v := range uniq(a.Step.Inputs) {
				touch(copyKey{v, a.Step.Memory}, i)
			}
			if !a.Step.table {
				touch(copyKey{a.Value, a.Step.Memory}, i)
				made[a.Value] = a.Step.Memory
			}
		case Save:
			if !a.Step.table {
				touch(copyKey{a.Value, registry.Host}, i)
			}
		}
	}
	after := map[int][]copyKey{}
	for _, k := range order {
		if contains(inputs, k.v) && k.m == registry.Host {
			continue
		}
		after[last[k]] = append(after[last[k]], k)
	}
	pl.Actions = nil
	pl.Conversions = 0
	for i, a := range acts {
		pl.Actions = append(pl.Actions, a)
		if a.Kind == Convert {
			pl.Conversions++
		}
		for _, k := range after[i] {
			pl.Actions = append(pl.Actions, Action{Kind: Release, Step: a.Step, Value: k.v, To: k.m})
		}
	}
}

func uniq(names []string) []string {
	var out []string
	for _, n := range names {
		if !contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// Saved lists the names of the values and tables the plan writes, in step order.
func (pl *Plan) Saved() []string {
	var out []string
	for _, s := range pl.Steps {
		if s.Save {
			out = append(out, s.Name)
		}
	}
	return out
}

// SavedFiles lists the file names the plan writes for one image: NAME.npy for images,
// NAME.csv for tables.
func (pl *Plan) SavedFiles() []string {
	var out []string
	for _, s := range pl.Steps {
		if s.Save {
			out = append(out, s.FileName())
		}
	}
	return out
}

// Tables lists the names of the measurement tables the plan writes.
func (pl *Plan) Tables() []string {
	var out []string
	for _, s := range pl.Steps {
		if s.Save && s.table {
			out = append(out, s.Name)
		}
	}
	return out
}

// FileName is the name of the file a saved result is written to.
func (s *PlannedStep) FileName() string {
	if s.table {
		return s.Name + ".csv"
	}
	return s.Name + ".npy"
}

// IsTable reports whether the step's result is a measurement table.
func (s *PlannedStep) IsTable() bool { return s.table }

// Inputs returns the names of the pipeline's inputs: "input", or its channels.
func (pl *Plan) Inputs() []string {
	if len(pl.Pipeline.Channels) > 0 {
		return pl.Pipeline.Channels
	}
	return []string{InputName}
}

// Explain writes the plan: the steps with their library, parameters and inputs, and
// every conversion, save and release in the order Run performs them. With a shape, it
// also gives each result's shape for an input of that shape.
func (pl *Plan) Explain(w io.Writer, shape registry.Shape) error {
	p := pl.Pipeline
	var shapes map[string]registry.Shape
	if shape != nil {
		var err error
		if shapes, err = pl.Shapes(shape); err != nil {
			return err
		}
	}
	in := "input: float32 image"
	if len(p.Channels) > 0 {
		in = fmt.Sprintf("input: float32 image with channels %s", strings.Join(p.Channels, ", "))
	}
	switch {
	case shape != nil:
		in += ", " + shape.String()
	case p.NDim != 0:
		in += fmt.Sprintf(", %dD", p.NDim)
	default:
		in += ", 2D or 3D"
	}
	ew := &errWriter{w: w}
	ew.printf("pipeline %s: %d steps, %d memory conversion(s) per image\n", p.File, len(pl.Steps), pl.Conversions)
	if p.Description != "" {
		ew.printf("  %s\n", strings.TrimSpace(p.Description))
	}
	ew.printf("%s\n\n", in)
	for _, a := range pl.Actions {
		switch a.Kind {
		case Convert:
			ew.printf("     convert %s: %s -> %s, %s\n", a.Value, a.From, a.To, a.Reason)
		case Run:
			s := a.Step
			ew.printf("  %d. %s = %s(%s)", s.Index, s.Name, opLabel(s), strings.Join(s.Inputs, ", "))
			if s.Func != nil {
				ew.printf(" on %s [%v]", s.Library, s.Func.Contract)
			} else {
				ew.printf(" on host")
			}
			if s.table {
				ew.printf(" -> table")
			} else {
				ew.printf(" -> %v", s.Output)
				if sh, ok := shapes[s.Name]; ok {
					ew.printf(" %v", sh)
				}
			}
			ew.printf("\n")
			if pv := paramString(s); pv != "" {
				ew.printf("     params %s\n", pv)
			}
		case Save:
			note := ""
			if a.Step.defaultSave {
				note = " (the last result: no step says save)"
			}
			ew.printf("     save %s -> %s%s\n", a.Value, a.Step.FileName(), note)
		case Release:
			ew.printf("     release %s (%s)\n", a.Value, a.To)
		}
	}
	return ew.err
}

func opLabel(s *PlannedStep) string {
	switch s.Kind {
	case MeasureStep:
		return "measure " + s.Measure
	case ConvertStep:
		return fmt.Sprintf("convert %v", s.DType)
	}
	if s.SliceBySlice {
		return s.Func.Name + " slice_by_slice"
	}
	return s.Func.Name
}

// paramString lists the parameters as given, sorted: "mode=nearest sigma=1,2,2".
func paramString(s *PlannedStep) string {
	keys := make([]string, 0, len(s.Params))
	for k := range s.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		v := s.Params[k]
		if l, ok := v.([]string); ok {
			v = strings.Join(l, ",")
		}
		parts[i] = fmt.Sprintf("%s=%v", k, v)
	}
	return strings.Join(parts, " ")
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, a...)
	}
}
