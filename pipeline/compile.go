package pipeline

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/kernreg/kernreg/registry"
)

// Options change how a pipeline is compiled.
type Options struct {
	// Backend, when not "", replaces the pipeline's top-level backend for the steps that
	// do not name their own ("auto", "cpu", "opencl", "cuda"): 'kernreg run --backend'.
	Backend string
}

// LoadPlan reads, parses and compiles a pipeline file, reporting the problems of both
// stages together.
func LoadPlan(path string, opts Options) (*Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParsePlan(path, data, opts)
}

// ParsePlan parses and compiles a pipeline file's content. Steps that parsed are checked
// against the registry even when others did not, so that one run reports every problem.
func ParsePlan(file string, data []byte, opts Options) (*Plan, error) {
	p, perr := parse(file, data)
	if p == nil {
		return nil, perr
	}
	plan, cerr := p.Compile(opts)
	var all ErrorList
	for _, err := range []error{perr, cerr} {
		var l ErrorList
		if errors.As(err, &l) {
			for _, e := range l {
				if e.Msg != unparsedSteps || perr == nil {
					all = append(all, e)
				}
			}
		} else if err != nil {
			return nil, err
		}
	}
	if err := all.err(); err != nil {
		return nil, err
	}
	return plan, nil
}

const unparsedSteps = "the pipeline has steps that did not parse"

// value is what the compiler knows of a named image (or table) before any data exists.
type value struct {
	name   string
	dtype  registry.DType // 0 when unknown (its step did not compile)
	table  bool           // a measurement table, not an image
	from   *Step          // nil for the input and its channels
	shapes map[int]symShape
}

// symShape is a shape in symbols ("Z", "Y", "X") for an input of a given rank; nil when
// a shape function makes it depend on the data.
type symShape []string

func (s symShape) String() string { return strings.Join(s, " x ") }

func (s symShape) equal(o symShape) bool {
	if len(s) != len(o) {
		return false
	}
	for i := range s {
		if s[i] != o[i] {
			return false
		}
	}
	return true
}

// Compile checks every step against the registry (operation names, backends, parameters,
// the dtypes and shapes flowing between steps, input names) and plans the run: which
// library runs each step and every memory conversion between them. All problems are
// returned at once, as an ErrorList.
func (p *Pipeline) Compile(opts Options) (*Plan, error) {
	c := compiler{p: p, opts: opts, values: map[string]*value{}}
	plan := c.compile()
	if err := c.errs.err(); err != nil {
		return nil, err
	}
	if plan == nil {
		// Only steps that did not parse, whose problems Parse reported.
		return nil, ErrorList{{Pos: Pos{File: p.File}, Msg: unparsedSteps}}
	}
	return plan, nil
}

type compiler struct {
	p      *Pipeline
	opts   Options
	values map[string]*value
	later  map[string]*Step // names defined by steps after the current one
	errs   ErrorList

	badBackend bool // the pipeline's backend is unavailable and was reported
}

func (c *compiler) ranks() []int {
	if c.p.NDim != 0 {
		return []int{c.p.NDim}
	}
	return []int{2, 3}
}

func (c *compiler) compile() *Plan {
	p := c.p
	plan := &Plan{Pipeline: p}
	inputNames := []string{InputName}
	if len(p.Channels) > 0 {
		inputNames = p.Channels
	}
	for _, n := range inputNames {
		v := &value{name: n, dtype: registry.Float32, shapes: map[int]symShape{}}
		for _, r := range c.ranks() {
			v.shapes[r] = symShape([]string{"Z", "Y", "X"}[3-r:])
		}
		c.values[n] = v
	}
	if p.pos == nil {
		p.pos = map[string]Pos{}
	}
	if pos, ok := p.pos["backend"]; ok {
		if err := checkBackendName(p.Backend); err != nil {
			c.errs.add(pos, "%v", err)
		}
	}
	c.later = map[string]*Step{}
	for _, s := range p.Steps {
		if s.Kind != 0 {
			c.later[s.Name] = s
		}
	}
	saves, broken := false, false
	prev := InputName
	for _, s := range p.Steps {
		if s.Kind == 0 {
			// A parse error was reported; the next step may read its result, whose type
			// is unknown and checked no further.
			c.values[s.Name] = &value{name: s.Name, from: s}
			prev = s.Name
			broken = true
			continue
		}
		delete(c.later, s.Name)
		ps := c.step(s, prev)
		prev = s.Name
		if ps == nil {
			broken = true
			// Later steps may still read the name: make it known, with unknown type.
			c.values[s.Name] = &value{name: s.Name, from: s, table: s.Kind == MeasureStep}
			continue
		}
		saves = saves || s.Save
		plan.Steps = append(plan.Steps, ps)
	}
	if len(c.errs) > 0 || broken {
		return nil
	}
	if !saves && len(plan.Steps) > 0 {
		// A pipeline that writes nothing is pointless; its final result is the output.
		plan.Steps[len(plan.Steps)-1].Save = true
		plan.Steps[len(plan.Steps)-1].defaultSave = true
	}
	plan.build()
	return plan
}

func checkBackendName(b string) error {
	if b == "auto" {
		return nil
	}
	known := append([]string{"auto"}, registry.KnownBackends...)
	if contains(known, b) {
		return nil
	}
	for _, be := range registry.Backends() {
		if be.Name == b {
			return nil
		}
	}
	hint := ""
	if cl := closest(b, known); cl != "" {
		hint = fmt.Sprintf("did you mean %q? ", cl)
	}
	return fmt.Errorf("unknown backend %q (%swant %s)", b, hint, strings.Join(known, ", "))
}

// backendFor is the backend a step runs on, and where that choice was written.
func (c *compiler) backendFor(s *Step) (string, Pos, bool) {
	if s.Backend != "" {
		return s.Backend, s.ValuePos("backend"), true
	}
	if c.opts.Backend != "" {
		return c.opts.Backend, s.KeyPos("op"), false
	}
	if pos, ok := c.p.pos["backend"]; ok {
		return c.p.Backend, pos, false
	}
	return "auto", s.KeyPos("op"), false
}

// step checks one step and returns it planned, or nil after reporting its problems.
func (c *compiler) step(s *Step, prev string) *PlannedStep {
	nerr := len(c.errs)
	ps := &PlannedStep{Step: s, Library: "host", Memory: registry.Host, Save: s.Save}
	ins := c.inputs(s, prev)

	var wantIn []registry.Input
	switch s.Kind {
	case OpStep:
		f := c.resolve(s)
		if f == nil {
			break
		}
		ps.Func, ps.Library, ps.Memory, ps.Output = f, f.Library, f.Memory, f.Output
		c.params(s, f)
		if s.SliceBySlice && (f.Contract == registry.Pure3D || f.Contract == registry.VolumetricToSlice) {
			c.errs.add(s.KeyPos("slice_by_slice"), "%s: slice_by_slice does not apply to a %v operation", f.Name, f.Contract)
		}
		wantIn = f.Inputs
	case MeasureStep:
		wantIn = []registry.Input{{Name: "labels", DType: registry.Uint32}, {Name: "intensity", DType: registry.Float32}}
		ps.table = true
	case ConvertStep:
		wantIn = []registry.Input{{Name: "image", DType: 0}}
		ps.Output = s.DType
	}
	if ins == nil || wantIn == nil {
		return nil
	}
	if s.Inputs == nil && len(wantIn) > 1 && s.Kind == OpStep {
		names := make([]string, len(wantIn))
		for i, in := range wantIn {
			names[i] = in.Name
		}
		c.errs.add(s.KeyPos("op"), "%s takes %d images (%s): name them with inputs: [...]", s.Op, len(wantIn), strings.Join(names, ", "))
		return nil
	}
	if len(ins) != len(wantIn) {
		names := make([]string, len(wantIn))
		for i, in := range wantIn {
			names[i] = in.Name
		}
		c.errs.add(s.KeyPos("inputs"), "%s takes %d image(s) (%s), got %d", s.What(), len(wantIn), strings.Join(names, ", "), len(ins))
		return nil
	}
	for i, v := range ins {
		pos := c.inputPos(s, i)
		switch {
		case v.table:
			c.errs.add(pos, "%s is a measurement table (from %s); steps take images", v.name, v.from.What())
		case v.dtype == 0:
			// Its step failed to compile and was reported.
		case s.Kind == ConvertStep && v.dtype == s.DType:
			c.errs.add(s.ValuePos("convert"), "convert: %s is %v already", v.name, v.dtype)
		case wantIn[i].DType != 0 && v.dtype != wantIn[i].DType:
			c.errs.add(pos, "%s: input %s must be %v, but %s is %v%s", whatOp(s), wantIn[i].Name, wantIn[i].DType, v.name, v.dtype, convertHint(v, wantIn[i].DType))
		}
	}
	if s.Kind == ConvertStep && ins[0].dtype != 0 {
		ps.Output = s.DType
	}
	ps.Inputs = make([]string, len(ins))
	for i, v := range ins {
		ps.Inputs[i] = v.name
	}
	out := &value{name: s.Name, dtype: ps.Output, from: s, table: ps.table, shapes: c.shapes(s, ps, ins)}
	c.values[s.Name] = out
	if len(c.errs) > nerr {
		return nil
	}
	return ps
}

func whatOp(s *Step) string {
	switch s.Kind {
	case MeasureStep:
		return "measure " + s.Measure
	case ConvertStep:
		return "convert"
	}
	return s.Op
}

// convertHint says how to get the dtype an input needs.
func convertHint(v *value, want registry.DType) string {
	switch want {
	case registry.Float32:
		return fmt.Sprintf(" (a label image: add a step '- {convert: float32, input: %s}' to use label numbers as intensities)", v.name)
	case registry.Uint32:
		return fmt.Sprintf(" (not a label image: label it with '- {op: label, input: %s}', or add '- {convert: uint32, input: %s}' if it holds label numbers)", v.name, v.name)
	}
	return ""
}

// resolve finds the function a step runs, reporting an unknown operation or backend.
func (c *compiler) resolve(s *Step) *registry.Function {
	if s.Op == "" {
		return nil // reported by the parser
	}
	backend, bpos, explicit := c.backendFor(s)
	if err := checkBackendName(backend); err != nil {
		if explicit {
			c.errs.add(bpos, "%v", err)
		}
		return nil // a bad top-level or --backend value is reported once, elsewhere
	}
	if strings.Contains(s.Op, ":") {
		if explicit && backend != "auto" {
			c.errs.add(bpos, "op %q is a key and names its library already; drop backend or use the bare name", s.Op)
			return nil
		}
		backend = "auto"
	}
	if backend != "auto" && !explicit {
		// The pipeline's (or Options') backend: an unavailable one is reported once.
		if err := registry.BackendStatus(backend); err != nil {
			if !c.badBackend {
				c.badBackend = true
				if c.opts.Backend != "" {
					bpos = Pos{File: c.p.File}
					err = fmt.Errorf("backend %s (given for the whole pipeline): %w", backend, err)
				}
				c.errs.add(bpos, "%v", err)
			}
			return nil
		}
	}
	f, err := registry.Resolve(s.Op, backend)
	if err != nil {
		pos := s.ValuePos("op")
		if !errors.Is(err, registry.ErrNotFound) && registry.BackendStatus(backend) != nil && backend != "auto" {
			pos = bpos
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, s.Op) {
			msg = "op " + msg
		}
		c.errs.add(pos, "%s", msg)
		return nil
	}
	return f
}

// params checks parameter names one by one (for their positions), then binds, reporting
// every bad value: after a failure the culprit is dropped and binding is tried again.
func (c *compiler) params(s *Step, f *registry.Function) {
	vals := registry.Values{}
	for k, v := range s.Params {
		if err := f.CheckNames(registry.Values{k: v}); err != nil {
			c.errs.add(s.paramPos[k], "%s: %v", f.Name, err)
			continue
		}
		vals[k] = v
	}
	for range len(vals) + 1 {
		_, err := f.Bind(vals)
		if err == nil {
			return
		}
		msg := strings.TrimPrefix(err.Error(), f.Name+": ")
		culprit := ""
		for k := range vals {
			if strings.HasPrefix(msg, k+" ") || strings.HasPrefix(msg, k+":") {
				culprit = k
			}
		}
		if culprit == "" {
			for _, p := range f.Params {
				if strings.Contains(msg, "parameter "+p.Name) {
					culprit = p.Name
				}
			}
		}
		pos := s.KeyPos("op")
		if p, ok := s.paramVPos[culprit]; ok {
			pos = p
		} else if p, ok := s.keyPos["params"]; ok {
			pos = p
		}
		c.errs.add(pos, "%s: %s", f.Name, msg)
		if _, given := vals[culprit]; !given {
			return // a missing required parameter, or an error that names none
		}
		delete(vals, culprit)
	}
}

// inputs resolves a step's input names to values, reporting undefined names and channel
// problems. It returns nil after reporting.
func (c *compiler) inputs(s *Step, prev string) []*value {
	names := s.Inputs
	var pos []Pos
	if names == nil {
		names = []string{prev}
		if s.Kind == MeasureStep {
			names = []string{prev, InputName}
		}
	} else {
		pos = s.inputPos
	}
	channel := ""
	if s.Channel != "" {
		if len(c.p.Channels) == 0 {
			c.errs.add(s.ValuePos("channel"), "channel %q: the pipeline declares no channels (add channels: [...] at the top)", s.Channel)
			return nil
		}
		ch, err := c.channel(s.Channel)
		if err != nil {
			c.errs.add(s.ValuePos("channel"), "%v", err)
			return nil
		}
		channel = ch
		if !contains(names, InputName) {
			c.errs.add(s.ValuePos("channel"), "channel %s applies to the pipeline input, but %s reads %s", s.Channel, s.What(), strings.Join(names, ", "))
			return nil
		}
	}
	out := make([]*value, len(names))
	ok := true
	for i, n := range names {
		at := s.KeyPos("op")
		if s.Kind == MeasureStep {
			at = s.KeyPos("measure")
		} else if s.Kind == ConvertStep {
			at = s.KeyPos("convert")
		}
		if pos != nil {
			at = pos[i]
		}
		if n == InputName && len(c.p.Channels) > 0 {
			if channel == "" {
				c.errs.add(at, "%s reads the input, which has channels %s: say which with channel: or name a channel as input", s.What(), strings.Join(c.p.Channels, ", "))
				ok = false
				continue
			}
			n = channel
		}
		v := c.values[n]
		if v == nil {
			ok = false
			if l := c.later[n]; l != nil {
				c.errs.add(at, "%s reads %s, which is the result of %s, a later step", s.What(), n, l.What())
				continue
			}
			known := make([]string, 0, len(c.values))
			for k := range c.values {
				known = append(known, k)
			}
			if len(c.p.Channels) > 0 {
				known = append(known, InputName)
			}
			sort.Strings(known)
			hint := ""
			if cl := closest(n, known); cl != "" {
				hint = fmt.Sprintf("did you mean %q? ", cl)
			}
			c.errs.add(at, "%s reads %q, which is not defined (%sdefined before it: %s)", s.What(), n, hint, strings.Join(known, ", "))
			continue
		}
		out[i] = v
	}
	if !ok {
		return nil
	}
	return out
}

// channel resolves a channel given by name or 0-based index.
func (c *compiler) channel(ch string) (string, error) {
	if contains(c.p.Channels, ch) {
		return ch, nil
	}
	if i, err := strconv.Atoi(ch); err == nil {
		if i >= 0 && i < len(c.p.Channels) {
			return c.p.Channels[i], nil
		}
		return "", fmt.Errorf("channel %d: the input has channels 0..%d (%s)", i, len(c.p.Channels)-1, strings.Join(c.p.Channels, ", "))
	}
	hint := ""
	if cl := closest(ch, c.p.Channels); cl != "" {
		hint = fmt.Sprintf("did you mean %q? ", cl)
	}
	return "", fmt.Errorf("unknown channel %q (%schannels: %s)", ch, hint, strings.Join(c.p.Channels, ", "))
}

func (c *compiler) inputPos(s *Step, i int) Pos {
	if i < len(s.inputPos) {
		return s.inputPos[i]
	}
	for _, k := range []string{"channel", "op", "measure", "convert"} {
		if p, ok := s.keyPos[k]; ok {
			return p
		}
	}
	return s.Pos
}

// shapes follows the symbolic shapes of a step's inputs through its contract for every
// rank the pipeline accepts, and reports inputs that must have one shape but cannot.
func (c *compiler) shapes(s *Step, ps *PlannedStep, ins []*value) map[int]symShape {
	out := map[int]symShape{}
	var bad []int
	var badA, badB symShape
	var nameA, nameB string
	for _, r := range c.ranks() {
		var first symShape
		for i, v := range ins {
			sh := v.shapes[r]
			if sh == nil {
				first = nil
				break
			}
			if i == 0 {
				first = sh
				continue
			}
			if !sh.equal(first) {
				if bad == nil {
					badA, badB, nameA, nameB = first, sh, ins[0].name, v.name
				}
				bad = append(bad, r)
			}
		}
		out[r] = outSym(ps, first)
	}
	if len(bad) > 0 {
		ranks := make([]string, len(bad))
		for i, r := range bad {
			ranks[i] = fmt.Sprintf("%dD", r)
		}
		msg := fmt.Sprintf("%s: inputs %s (%v) and %s (%v) differ in shape for %s input", whatOp(s), nameA, badA, nameB, badB, strings.Join(ranks, " and "))
		if c.p.NDim == 0 && len(bad) < len(c.ranks()) {
			msg += fmt.Sprintf("; if the pipeline takes only %s, say so with ndim: %d", map[int]string{2: "planes", 3: "volumes"}[5-bad[0]], 5-bad[0])
		}
		c.errs.add(c.inputPos(s, 1), "%s", msg)
	}
	return out
}

// outSym is the symbolic output shape of a planned step for an input shape in.
func outSym(ps *PlannedStep, in symShape) symShape {
	if in == nil {
		return nil
	}
	f := ps.Func
	if f == nil {
		return in // measure and convert keep the shape (a table has none)
	}
	if f.OutShape != nil {
		return nil
	}
	if f.Contract == registry.VolumetricToSlice && len(in) == 3 {
		return in[1:]
	}
	return in
}
