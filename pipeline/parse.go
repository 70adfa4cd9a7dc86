package pipeline

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v4"

	"github.com/kernreg/kernreg/registry"
)

// Load reads and parses a pipeline file.
func Load(path string) (*Pipeline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err // *PathError names the file
	}
	return Parse(path, data)
}

// The keys a pipeline file may use, in the order the documentation lists them.
var (
	topKeys  = []string{"version", "description", "channels", "ndim", "backend", "steps"}
	stepKeys = []string{"op", "measure", "convert", "name", "input", "inputs", "channel", "params", "backend", "slice_by_slice", "save"}
)

// Parse parses a pipeline file's content. file names it in positions. Every structural
// problem (YAML syntax, unknown or duplicate keys, values of the wrong type, undefined or
// duplicate names) is reported, as an ErrorList; names of operations, parameters and
// backends are checked by Compile, which needs the registry.
func Parse(file string, data []byte) (*Pipeline, error) {
	p, err := parse(file, data)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// parse is Parse, but returns what it could parse together with the problems, so that
// ParsePlan can check the steps that parsed against the registry too. The pipeline is
// nil when the file is not a YAML mapping.
func parse(file string, data []byte) (*Pipeline, error) {
	p := &Pipeline{File: file, Version: 1, Backend: "auto", digest: digest(data), pos: map[string]Pos{}}
	var doc yaml.Node
	if err := yaml.Load(data, &doc); err != nil {
		return nil, syntaxError(file, err)
	}
	ps := parser{file: file}
	root := ps.deref(&doc)
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = ps.deref(root.Content[0])
	}
	if root.Kind != yaml.MappingNode {
		ps.errs.add(ps.pos(root), "a pipeline is a mapping with a steps list, got %s", describe(root))
		return nil, ps.errs.err()
	}
	var steps *yaml.Node
	for _, kv := range ps.mapping(root, topKeys, "top-level") {
		k, v := kv[0], kv[1]
		switch k.Value {
		case "version":
			if n, ok := ps.int(v); ok {
				if n != 1 {
					ps.errs.add(ps.pos(v), "version %d is not supported; this kernreg reads version 1", n)
				}
				p.Version = n
			}
		case "description":
			p.Description, _ = ps.string(v)
		case "channels":
			p.Channels = ps.channels(v)
		case "ndim":
			if n, ok := ps.int(v); ok {
				if n != 2 && n != 3 {
					ps.errs.add(ps.pos(v), "ndim must be 2 (planes) or 3 (volumes), got %d", n)
					break
				}
				p.NDim = n
			}
		case "backend":
			if s, ok := ps.string(v); ok {
				p.Backend = s
				p.pos["backend"] = ps.pos(v)
			}
		case "steps":
			steps = v
		}
	}
	switch {
	case steps == nil:
		ps.errs.add(ps.pos(root), "no steps: a pipeline needs a steps list")
	case steps.Kind != yaml.SequenceNode:
		ps.errs.add(ps.pos(steps), "steps must be a list of steps, got %s", describe(steps))
	case len(steps.Content) == 0:
		ps.errs.add(ps.pos(steps), "steps is empty")
	default:
		for i, n := range steps.Content {
			p.Steps = append(p.Steps, ps.step(ps.deref(n), i+1))
		}
	}
	ps.names(p)
	return p, ps.errs.err()
}

// syntaxError turns the YAML library's error into a positioned one.
func syntaxError(file string, err error) error {
	var le *yaml.LoadError
	if errors.As(err, &le) {
		msg := le.Message
		if le.ContextMsg != "" {
			msg += " " + le.ContextMsg
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		switch {
		case strings.Contains(msg, "no documents in stream"):
			msg = "empty pipeline file: a pipeline is a mapping with a steps list"
		case strings.Contains(msg, "expected single document"):
			msg = "the file holds several YAML documents; a pipeline is one"
		}
		return ErrorList{{Pos: Pos{File: file, Line: le.Mark.Line, Col: le.Mark.Column}, Msg: "YAML: " + msg}}
	}
	return ErrorList{{Pos: Pos{File: file}, Msg: "YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}}
}

type parser struct {
	file string
	errs ErrorList
}

func (ps *parser) pos(n *yaml.Node) Pos { return Pos{File: ps.file, Line: n.Line, Col: n.Column} }

// deref follows aliases, so that anchors can share parameter blocks.
func (ps *parser) deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an empty document"
}

// mapping returns the key/value pairs of a mapping node, reporting unknown keys (with
// the nearest known one) and duplicates; the returned pairs have known, unique keys.
func (ps *parser) mapping(m *yaml.Node, known []string, where string) [][2]*yaml.Node {
	var out [][2]*yaml.Node
	seen := map[string]Pos{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := ps.deref(m.Content[i]), ps.deref(m.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			ps.errs.add(ps.pos(k), "%s keys are names, got %s", where, describe(k))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			ps.errs.add(ps.pos(k), "key %q is given twice (first at line %d)", k.Value, first.Line)
			continue
		}
		seen[k.Value] = ps.pos(k)
		if !contains(known, k.Value) {
			hint := ""
			if c := closest(k.Value, known); c != "" {
				hint = fmt.Sprintf("did you mean %q? ", c)
			}
			ps.errs.add(ps.pos(k), "unknown %s key %q (%sknown: %s)", where, k.Value, hint, strings.Join(known, ", "))
			continue
		}
		out = append(out, [2]*yaml.Node{k, v})
	}
	return out
}

func (ps *parser) scalar(v *yaml.Node, want string) (string, bool) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		ps.errs.add(ps.pos(v), "want %s, got %s", want, describe(v))
		return "", false
	}
	return v.Value, true
}

func (ps *parser) string(v *yaml.Node) (string, bool) { return ps.scalar(v, "a string") }

func (ps *parser) int(v *yaml.Node) (int, bool) {
	s, ok := ps.scalar(v, "an integer")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		ps.errs.add(ps.pos(v), "want an integer, got %q", s)
		return 0, false
	}
	return n, true
}

func (ps *parser) bool(v *yaml.Node) (bool, bool) {
	s, ok := ps.scalar(v, "true or false")
	if !ok {
		return false, false
	}
	switch strings.ToLower(s) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	ps.errs.add(ps.pos(v), "want true or false, got %q", s)
	return false, false
}

// nameRE is what a result or channel name may be: it becomes a file name.
var nameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)

func (ps *parser) name(v *yaml.Node, what string) (string, bool) {
	s, ok := ps.string(v)
	if !ok {
		return "", false
	}
	if !nameRE.MatchString(s) {
		ps.errs.add(ps.pos(v), "%s %q: want a letter followed by letters, digits, '_' or '-' (it names output files)", what, s)
		return "", false
	}
	return s, true
}

func (ps *parser) channels(v *yaml.Node) []string {
	if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
		ps.errs.add(ps.pos(v), "channels must be a list of channel names, e.g. [dapi, gfp]")
		return nil
	}
	var out []string
	for _, c := range v.Content {
		c = ps.deref(c)
		s, ok := ps.name(c, "channel name")
		if !ok {
			continue
		}
		switch {
		case s == InputName:
			ps.errs.add(ps.pos(c), "%q names the whole input; pick another channel name", s)
		case contains(out, s):
			ps.errs.add(ps.pos(c), "channel %q is listed twice", s)
		default:
			out = append(out, s)
		}
	}
	return out
}

// step parses one entry of the steps list.
func (ps *parser) step(n *yaml.Node, index int) *Step {
	s := &Step{Index: index, Pos: ps.pos(n), keyPos: map[string]Pos{}, valuePos: map[string]Pos{},
		paramPos: map[string]Pos{}, paramVPos: map[string]Pos{}}
	if n.Kind != yaml.MappingNode {
		ps.errs.add(ps.pos(n), "step %d: want a mapping with op, measure or convert, got %s", index, describe(n))
		return s
	}
	var kinds []string
	for _, kv := range ps.mapping(n, stepKeys, "step") {
		k, v := kv[0], kv[1]
		s.keyPos[k.Value] = ps.pos(k)
		s.valuePos[k.Value] = ps.pos(v)
		switch k.Value {
		case "op":
			kinds = append(kinds, k.Value)
			s.Kind = OpStep
			s.Op, _ = ps.string(v)
		case "measure":
			kinds = append(kinds, k.Value)
			s.Kind = MeasureStep
			if m, ok := ps.string(v); ok {
				s.Measure = m
				if m != "regions" {
					ps.errs.add(ps.pos(v), "unknown measurement %q (known: regions)", m)
				}
			}
		case "convert":
			kinds = append(kinds, k.Value)
			s.Kind = ConvertStep
			if d, ok := ps.string(v); ok {
				dt, err := registry.ParseDType(d)
				if err != nil {
					ps.errs.add(ps.pos(v), "convert: %v", err)
				}
				s.DType = dt
			}
		case "name":
			if name, ok := ps.name(v, "name"); ok {
				s.Name, s.named = name, true
			}
		case "input":
			if name, ok := ps.string(v); ok {
				s.Inputs = []string{name}
				s.inputPos = []Pos{ps.pos(v)}
			}
		case "inputs":
			if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
				ps.errs.add(ps.pos(v), "inputs must be a list of result names, e.g. [labels, input]")
				break
			}
			s.Inputs = []string{}
			for _, c := range v.Content {
				c = ps.deref(c)
				if name, ok := ps.string(c); ok {
					s.Inputs = append(s.Inputs, name)
					s.inputPos = append(s.inputPos, ps.pos(c))
				}
			}
		case "channel":
			s.Channel, _ = ps.string(v)
		case "params":
			s.Params = ps.params(s, v)
		case "backend":
			s.Backend, _ = ps.string(v)
		case "slice_by_slice":
			s.SliceBySlice, _ = ps.bool(v)
		case "save":
			s.Save, _ = ps.bool(v)
			s.SaveSet = true
		}
	}
	switch {
	case len(kinds) == 0:
		ps.errs.add(s.Pos, "step %d has no op, measure or convert: say what it does", index)
	case len(kinds) > 1:
		ps.errs.add(s.KeyPos(kinds[1]), "step %d has both %s and %s: one step does one thing", index, kinds[0], kinds[1])
		s.Kind = 0 // not compiled: which one was meant is unknown
	}
	if _, ok := s.keyPos["input"]; ok {
		if _, both := s.keyPos["inputs"]; both {
			ps.errs.add(s.KeyPos("inputs"), "step %d has both input and inputs: use one", index)
		}
	}
	if s.Kind != OpStep {
		for _, k := range []string{"params", "backend", "slice_by_slice"} {
			if _, ok := s.keyPos[k]; ok && len(kinds) == 1 {
				ps.errs.add(s.KeyPos(k), "%s applies to op steps only; %s runs on the host", k, kinds[0])
			}
		}
	}
	if s.Kind == MeasureStep && !s.SaveSet {
		s.Save = true // a measurement nobody writes is pointless
	}
	if !s.named {
		switch s.Kind {
		case OpStep:
			_, bare, _ := strings.Cut(s.Op, ":")
			if bare == "" {
				bare = s.Op
			}
			s.Name = fmt.Sprintf("step%d_%s", index, bare)
		default:
			s.Name = fmt.Sprintf("step%d_%s", index, s.Kind)
		}
	}
	return s
}

// params converts a params mapping into registry values: scalars as the strings a user
// types on the command line, lists as []string. The schema is checked by Compile.
func (ps *parser) params(s *Step, v *yaml.Node) registry.Values {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil // "params:" with nothing after it
	}
	if v.Kind != yaml.MappingNode {
		ps.errs.add(ps.pos(v), "params must be a mapping of parameter names to values, got %s", describe(v))
		return nil
	}
	out := registry.Values{}
	seen := map[string]bool{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := ps.deref(v.Content[i]), ps.deref(v.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			ps.errs.add(ps.pos(k), "parameter names are names, got %s", describe(k))
			continue
		}
		if seen[k.Value] {
			ps.errs.add(ps.pos(k), "parameter %q is given twice", k.Value)
			continue
		}
		seen[k.Value] = true
		s.paramPos[k.Value] = ps.pos(k)
		s.paramVPos[k.Value] = ps.pos(val)
		switch {
		case val.Kind == yaml.ScalarNode && val.Tag == "!!null":
			ps.errs.add(ps.pos(val), "parameter %s has no value (leave it out to take its default)", k.Value)
		case val.Kind == yaml.ScalarNode:
			out[k.Value] = val.Value
		case val.Kind == yaml.SequenceNode:
			list := make([]string, 0, len(val.Content))
			for _, it := range val.Content {
				it = ps.deref(it)
				if it.Kind != yaml.ScalarNode || it.Tag == "!!null" {
					ps.errs.add(ps.pos(it), "parameter %s: list items are numbers, got %s", k.Value, describe(it))
					continue
				}
				list = append(list, it.Value)
			}
			out[k.Value] = list
		default:
			ps.errs.add(ps.pos(val), "parameter %s: want a value or a list, got %s", k.Value, describe(val))
		}
	}
	return out
}

// names checks result names: unique, not the input's or a channel's, and that every
// input name refers to something defined before the step.
func (ps *parser) names(p *Pipeline) {
	defined := map[string]*Step{}
	for _, s := range p.Steps {
		if s.Kind == 0 {
			continue
		}
		if s.named {
			switch {
			case s.Name == InputName:
				ps.errs.add(s.ValuePos("name"), "name %q is the pipeline's input; pick another", s.Name)
			case contains(p.Channels, s.Name):
				ps.errs.add(s.ValuePos("name"), "name %q is a channel of the input; pick another", s.Name)
			case defined[s.Name] != nil:
				ps.errs.add(s.ValuePos("name"), "name %q is already the result of %s", s.Name, defined[s.Name].What())
			}
		}
		defined[s.Name] = s
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// closest returns the candidate within edit distance 2 of s, or "".
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
