package pipeline

import (
	"fmt"

	"github.com/kernreg/kernreg/registry"
)

// Shapes gives the shape of every image the plan makes for an input (each channel) of
// shape in, following the registry's contracts and shape functions, and reports what
// would fail: an input of the wrong rank, a step whose inputs differ in shape, a shape
// function that refuses the shape. Run calls it before the first step.
func (pl *Plan) Shapes(in registry.Shape) (map[string]registry.Shape, error) {
	p := pl.Pipeline
	if len(in) != 2 && len(in) != 3 {
		return nil, fmt.Errorf("input shape %v: want 2D or 3D", in)
	}
	if p.NDim != 0 && len(in) != p.NDim {
		return nil, fmt.Errorf("input is %dD (%v), but the pipeline takes %dD images (ndim: %d)", len(in), in, p.NDim, p.NDim)
	}
	shapes := map[string]registry.Shape{}
	for _, n := range pl.Inputs() {
		shapes[n] = in
	}
	for _, s := range pl.Steps {
		ins := make([]registry.Shape, len(s.Inputs))
		for i, n := range s.Inputs {
			ins[i] = shapes[n]
			if i > 0 && !ins[i].Equal(ins[0]) {
				return nil, fmt.Errorf("%s: inputs %s (%v) and %s (%v) differ in shape", s.What(), s.Inputs[0], ins[0], n, ins[i])
			}
		}
		if s.table {
			continue
		}
		out, err := outShape(s, ins[0])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.What(), err)
		}
		shapes[s.Name] = out
	}
	return shapes, nil
}

// outShape mirrors registry.Function.Call: the shape of a step's result for an input of
// shape in.
func outShape(s *PlannedStep, in registry.Shape) (registry.Shape, error) {
	f := s.Func
	if f == nil {
		return in, nil
	}
	perSlice := len(in) == 3 && (f.Contract == registry.Pure2D || (f.Contract == registry.Flexible && s.SliceBySlice))
	shapeOf := func(x registry.Shape, rank int) (registry.Shape, error) {
		if f.OutShape == nil {
			return x[len(x)-rank:], nil
		}
		out, err := f.OutShape(s.Params, append(registry.Shape(nil), x...))
		if err != nil {
			return nil, err
		}
		if len(out) != rank {
			return nil, fmt.Errorf("output shape %v for input %v is not %dD", out, x, rank)
		}
		for _, d := range out {
			if d <= 0 || d > registry.MaxElements {
				return nil, fmt.Errorf("output shape %v for input %v: every dimension must be in [1, %d]", out, x, registry.MaxElements)
			}
		}
		return out, nil
	}
	switch {
	case perSlice:
		plane, err := shapeOf(in[1:], 2)
		if err != nil {
			return nil, err
		}
		return append(registry.Shape{in[0]}, plane...), nil
	case f.Contract == registry.Pure3D || f.Contract == registry.VolumetricToSlice:
		vol := in
		if len(in) == 2 {
			vol = append(registry.Shape{1}, in...)
		}
		rank := 3
		if f.Contract == registry.VolumetricToSlice {
			rank = 2
		}
		out, err := shapeOf(vol, rank)
		if err != nil {
			return nil, err
		}
		if f.Contract == registry.Pure3D && len(in) == 2 && out[0] == 1 {
			out = out[1:]
		}
		return out, nil
	}
	return shapeOf(in, len(in))
}
