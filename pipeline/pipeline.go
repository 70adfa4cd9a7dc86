package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/kernreg/kernreg/registry"
)

// InputName is the name under which steps read the pipeline's input image.
const InputName = "input"

// Pipeline is a parsed pipeline file. Parse checks its structure; Compile checks it
// against the registry and turns it into a Plan.
type Pipeline struct {
	File        string   // the file name used in positions
	Version     int      // the schema version; 1
	Description string   // free text
	Channels    []string // names of the input's channels; nil for single-channel input
	NDim        int      // 2 or 3 when the pipeline takes only planes or only volumes; 0 for both
	Backend     string   // default backend of the steps: auto, cpu, opencl, cuda
	Steps       []*Step

	digest string // sha256 of the file's bytes
	pos    map[string]Pos
}

// Kind says what a step does.
type Kind uint8

const (
	// OpStep runs a registered operation.
	OpStep Kind = iota + 1
	// MeasureStep measures labelled regions in an intensity image into a table.
	MeasureStep
	// ConvertStep changes the dtype of an image (float32 <-> uint32 labels).
	ConvertStep
)

func (k Kind) String() string {
	switch k {
	case OpStep:
		return "op"
	case MeasureStep:
		return "measure"
	case ConvertStep:
		return "convert"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Step is one entry of the steps list, as written.
type Step struct {
	Index        int    // 1-based position in the list
	Kind         Kind   // which of op, measure and convert the step has
	Op           string // OpStep: the operation's bare name or key
	Measure      string // MeasureStep: what is measured ("regions")
	DType        registry.DType
	Params       registry.Values // OpStep: parameter values as written (strings or []string)
	Backend      string          // "" when the step does not name one
	SliceBySlice bool
	Channel      string   // "" when not given
	Inputs       []string // nil when not given: the previous step's result
	Name         string   // the result's name; defaulted by Parse when not given
	Save         bool     // write the result
	SaveSet      bool     // save was written explicitly

	Pos       Pos            // the step's mapping
	keyPos    map[string]Pos // position of each key
	valuePos  map[string]Pos // position of each key's value
	paramPos  map[string]Pos // position of each parameter's key
	paramVPos map[string]Pos // position of each parameter's value
	inputPos  []Pos          // position of each input name
	named     bool           // name was written explicitly
}

// KeyPos returns where key was written in the step, or the step's position.
func (s *Step) KeyPos(key string) Pos {
	if p, ok := s.keyPos[key]; ok {
		return p
	}
	return s.Pos
}

// ValuePos returns where key's value was written, or the step's position.
func (s *Step) ValuePos(key string) Pos {
	if p, ok := s.valuePos[key]; ok {
		return p
	}
	return s.KeyPos(key)
}

// What describes the step for messages: "step 3 (label)".
func (s *Step) What() string {
	switch s.Kind {
	case MeasureStep:
		return fmt.Sprintf("step %d (measure %s)", s.Index, s.Measure)
	case ConvertStep:
		return fmt.Sprintf("step %d (convert %v)", s.Index, s.DType)
	}
	return fmt.Sprintf("step %d (%s)", s.Index, s.Op)
}

// Digest identifies the pipeline file's content; completion markers record it so that
// a changed pipeline reruns every image.
func (p *Pipeline) Digest() string { return p.digest }

func digest(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// Pos is a position in a pipeline file; Line and Col are 1-based, 0 when unknown.
type Pos struct {
	File      string
	Line, Col int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is one problem of a pipeline file, at a position.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// ErrorList is every problem found in a pipeline file, sorted by position. Parse and
// Compile return one (as error) instead of stopping at the first problem.
type ErrorList []*Error

func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

func (l *ErrorList) add(p Pos, format string, a ...any) {
	*l = append(*l, &Error{Pos: p, Msg: fmt.Sprintf(format, a...)})
}

// err sorts the list and returns it, or nil when it is empty.
func (l ErrorList) err() error {
	if len(l) == 0 {
		return nil
	}
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	// The same problem can be found twice (a name checked per allowed rank).
	out := l[:0]
	for i, e := range l {
		if i > 0 && e.Pos == l[i-1].Pos && e.Msg == l[i-1].Msg {
			continue
		}
		out = append(out, e)
	}
	return out
}
