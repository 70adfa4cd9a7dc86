package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kernreg/kernreg/registry"
)

// functionJSON is one function in 'list --json' (exactly these keys; scripts rely on them).
type functionJSON struct {
	Key          string      `json:"key"`
	Name         string      `json:"name"`
	Library      string      `json:"library"`
	Contract     string      `json:"contract"`
	MemoryType   string      `json:"memory_type"`
	Module       string      `json:"module"`
	OriginalName string      `json:"original_name"`
	Doc          string      `json:"doc"`
	Tags         []string    `json:"tags"`
	Params       []paramJSON `json:"params"`
	Ref          string      `json:"ref"`
	// SliceIndependent is set for FLEXIBLE functions only: whether a stack's result equals
	// its per-slice results.
	SliceIndependent *bool `json:"slice_independent,omitempty"`
	// ShapeChanging says the output shape is computed from the parameters.
	ShapeChanging bool `json:"shape_changing,omitempty"`
}

// paramJSON is one parameter; default is the value a user would type, "" when required.
type paramJSON struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Default string   `json:"default"`
	Doc     string   `json:"doc"`
	Min     *float64 `json:"min,omitempty"`
	Max     *float64 `json:"max,omitempty"`
	Enum    []string `json:"enum,omitempty"`
}

func toFunctionJSON(f *registry.Function) functionJSON {
	out := functionJSON{
		Key:          f.Key(),
		Name:         f.Name,
		Library:      f.Library,
		Contract:     f.Contract.String(),
		MemoryType:   string(f.Memory),
		Module:       f.Module,
		OriginalName: f.GoName,
		Doc:          f.Doc,
		Tags:         append([]string{}, f.Tags...), // [] rather than null
		Params:       make([]paramJSON, len(f.Params)),
		Ref:          f.Ref,
	}
	if f.Contract == registry.Flexible {
		out.SliceIndependent = &f.SliceIndependent
	}
	out.ShapeChanging = f.OutShape != nil
	for i, p := range f.Params {
		out.Params[i] = paramJSON{
			Name: p.Name, Type: string(p.Type), Default: p.Default, Doc: p.Doc,
			Min: p.Min, Max: p.Max, Enum: p.Enum,
		}
	}
	return out
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// contractDoc explains what a contract means for the shapes a user passes.
func contractDoc(c registry.Contract) string {
	switch c {
	case registry.Pure2D:
		return "plane -> plane: a 2D input is processed directly; a 3D input is processed one slice at a time and keeps its shape"
	case registry.Pure3D:
		return "volume -> volume: a 3D input is processed as a whole; a 2D input runs as a 1-slice volume and stays 2D"
	case registry.Flexible:
		return "2D or 3D -> same shape: processed directly in either rank; with --slice-by-slice a 3D input is processed one slice at a time"
	case registry.VolumetricToSlice:
		return "volume -> plane: a Z x Y x X input gives a Y x X result; a 2D input runs as a 1-slice volume"
	}
	return c.String()
}

// paramRange describes a parameter's allowed values: "[0, 1]", ">= 0", "one of a, b".
func paramRange(p registry.Param) string {
	switch {
	case len(p.Enum) > 0:
		return "one of " + strings.Join(p.Enum, ", ")
	case p.Min != nil && p.Max != nil:
		return fmt.Sprintf("[%s, %s]", number(*p.Min), number(*p.Max))
	case p.Min != nil:
		return ">= " + number(*p.Min)
	case p.Max != nil:
		return "<= " + number(*p.Max)
	}
	return ""
}

// number prints a bound as a user types it: 16777216, not 1.6777216e+07.
func number(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
