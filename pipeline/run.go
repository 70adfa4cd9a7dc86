package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/kernreg/kernreg/registry"
)

// Output receives what a run saves. Both methods are called from Run's goroutine, in
// step order; the array is in host memory and is released after the call returns, so an
// Output that keeps it must copy it (Array.Clone).
type Output interface {
	Image(name string, a *registry.Array) error
	Table(name string, t *Table) error
}

// Result reports what one run did.
type Result struct {
	// Conversions is the number of memory conversions made (registry.To copies).
	Conversions int
	// Steps has one entry per step, in order.
	Steps []StepStat
}

// StepStat is the record of one step of a run.
type StepStat struct {
	Index   int
	Name    string
	Library string
	Result  string // "float32 64x256x256 (host)", or "table, 12 rows"
	Elapsed time.Duration
}

// Run runs the plan on one image: inputs are the pipeline's input, or one array per
// declared channel, in order, all of one shape. Shapes are checked (Shapes) before the
// first step runs. Intermediates are released as soon as the plan no longer needs them,
// and everything the run made is released when it fails or ctx is cancelled. The
// inputs belong to the caller and are never released.
func (pl *Plan) Run(ctx context.Context, inputs []*registry.Array, out Output) (*Result, error) {
	names := pl.Inputs()
	if len(inputs) != len(names) {
		return nil, fmt.Errorf("the pipeline takes %d input array(s) (%v), got %d", len(names), names, len(inputs))
	}
	for i, a := range inputs {
		if a.DType() != registry.Float32 {
			return nil, fmt.Errorf("input %s: want float32, got %v", names[i], a)
		}
		if !a.Shape().Equal(inputs[0].Shape()) {
			return nil, fmt.Errorf("channels %s (%v) and %s (%v) differ in shape", names[0], inputs[0].Shape(), names[i], a.Shape())
		}
	}
	if _, err := pl.Shapes(inputs[0].Shape()); err != nil {
		return nil, err
	}
	r := &runner{ctx: ctx, plan: pl, copies: map[string]map[registry.MemoryType]*registry.Array{}, tables: map[string]*Table{}, owned: map[*registry.Array]bool{}}
	for i, n := range names {
		r.copies[n] = map[registry.MemoryType]*registry.Array{inputs[i].Memory(): inputs[i]}
	}
	res := &Result{}
	defer r.releaseAll()
	for _, a := range pl.Actions {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := r.do(ctx, a, out, res); err != nil {
			return nil, err
		}
	}
	res.Conversions = r.conversions
	return res, nil
}

type runner struct {
	ctx         context.Context
	plan        *Plan
	copies      map[string]map[registry.MemoryType]*registry.Array
	tables      map[string]*Table
	owned       map[*registry.Array]bool // arrays the run made, released by it
	conversions int
}

func (r *runner) get(v string, m registry.MemoryType) (*registry.Array, error) {
	a := r.copies[v][m]
	if a == nil {
		// The plan assumed host inputs; an input handed over in device memory is
		// converted here, once.
		for _, src := range r.copies[v] {
			c, err := registry.To(r.ctx, src, m)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", v, err)
			}
			r.put(v, m, c)
			r.conversions++
			return c, nil
		}
		return nil, fmt.Errorf("internal error: %s has no copy in %s memory", v, m)
	}
	return a, nil
}

func (r *runner) put(v string, m registry.MemoryType, a *registry.Array) {
	if r.copies[v] == nil {
		r.copies[v] = map[registry.MemoryType]*registry.Array{}
	}
	r.copies[v][m] = a
	r.owned[a] = true
}

func (r *runner) do(ctx context.Context, a Action, out Output, res *Result) error {
	switch a.Kind {
	case Convert:
		if r.copies[a.Value][a.To] != nil {
			return nil
		}
		src, err := r.get(a.Value, a.From)
		if err != nil {
			return err
		}
		c, err := registry.To(ctx, src, a.To)
		if err != nil {
			return fmt.Errorf("%s: convert %s from %s to %s memory: %w", a.Step.What(), a.Value, a.From, a.To, err)
		}
		r.put(a.Value, a.To, c)
		r.conversions++
	case Run:
		return r.run(ctx, a.Step, res)
	case Save:
		if a.Step.table {
			if out == nil {
				return nil
			}
			if err := out.Table(a.Value, r.tables[a.Value]); err != nil {
				return fmt.Errorf("save %s: %w", a.Value, err)
			}
			return nil
		}
		h, err := r.get(a.Value, registry.Host)
		if err != nil {
			return err
		}
		if out != nil {
			if err := out.Image(a.Value, h); err != nil {
				return fmt.Errorf("save %s: %w", a.Value, err)
			}
		}
	case Release:
		c := r.copies[a.Value][a.To]
		delete(r.copies[a.Value], a.To)
		if c != nil && r.owned[c] {
			delete(r.owned, c)
			if err := c.Release(); err != nil {
				return fmt.Errorf("release %s (%s): %w", a.Value, a.To, err)
			}
		}
	}
	return nil
}

func (r *runner) run(ctx context.Context, s *PlannedStep, res *Result) error {
	ins := make([]*registry.Array, len(s.Inputs))
	for i, n := range s.Inputs {
		var err error
		if ins[i], err = r.get(n, s.Memory); err != nil {
			return err
		}
	}
	start := time.Now()
	stat := StepStat{Index: s.Index, Name: s.Name, Library: s.Library}
	switch s.Kind {
	case OpStep:
		a, err := s.Func.Call(ctx, ins, s.Params, s.SliceBySlice)
		if err != nil {
			return fmt.Errorf("%s: %w", stepPrefix(s), err)
		}
		r.put(s.Name, s.Memory, a)
		stat.Result = a.String()
	case ConvertStep:
		a, err := registry.ConvertDType(ins[0], s.DType)
		if err != nil {
			return fmt.Errorf("%s: %w", stepPrefix(s), err)
		}
		r.put(s.Name, registry.Host, a)
		stat.Result = a.String()
	case MeasureStep:
		t, err := regions(ins[0], ins[1])
		if err != nil {
			return fmt.Errorf("%s: %w", stepPrefix(s), err)
		}
		r.tables[s.Name] = t
		stat.Result = fmt.Sprintf("table, %d rows", len(t.Rows))
	}
	stat.Elapsed = time.Since(start)
	res.Steps = append(res.Steps, stat)
	return nil
}

// stepPrefix names a step in run errors: "step 3 (label)", or the name when given.
func stepPrefix(s *PlannedStep) string {
	if s.named {
		return fmt.Sprintf("step %d (%s)", s.Index, s.Name)
	}
	return fmt.Sprintf("step %d", s.Index)
}

// releaseAll frees every copy the run still holds: after a failure, or the results that
// were never released because nothing used them.
func (r *runner) releaseAll() {
	for a := range r.owned {
		a.Release()
	}
	r.owned = map[*registry.Array]bool{}
}
