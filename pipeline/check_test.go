package pipeline

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// problems compiles src as p.yaml and returns its problems, one string each.
func problems(t *testing.T, src string) []string {
	t.Helper()
	_, err := ParsePlan("p.yaml", []byte(src), Options{})
	if err == nil {
		return nil
	}
	var l ErrorList
	if !errors.As(err, &l) {
		t.Fatalf("error is not an ErrorList: %v", err)
	}
	out := make([]string, len(l))
	for i, e := range l {
		out[i] = e.Error()
	}
	return out
}

// Every bad pipeline gets exactly the problems expected, each with its position; a
// problem is matched by its "p.yaml:LINE:COL: " prefix and a substring of its message.
func TestProblems(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []string
	}{
		{"unknown top-level key", "stepz:\n  - op: gaussian_filter\n",
			[]string{`p.yaml:1:1: unknown top-level key "stepz" (did you mean "steps"?`, "p.yaml:1:1: no steps"}},
		{"unknown step key", "steps:\n  - op: gaussian_filter\n    parms: {sigma: 2}\n",
			[]string{`p.yaml:3:5: unknown step key "parms" (did you mean "params"?`}},
		{"duplicate key", "steps:\n  - op: gaussian_filter\n    op: label\n",
			[]string{`p.yaml:3:5: key "op" is given twice (first at line 2)`}},
		{"yaml syntax", "steps:\n  - op: [gaussian_filter\n",
			[]string{"p.yaml:3:1: YAML: did not find expected ',' or ']'"}},
		{"tab indentation", "steps:\n\t- op: label\n", []string{"p.yaml:2:1: YAML: found character that cannot start any token"}},
		{"empty file", "", []string{"p.yaml: YAML: empty pipeline file"}},
		{"two documents", "steps: []\n---\nsteps: []\n", []string{"p.yaml: YAML: the file holds several YAML documents"}},
		{"not a mapping", "- op: label\n", []string{"p.yaml:1:1: a pipeline is a mapping with a steps list, got a list"}},
		{"steps not a list", "steps: {op: label}\n", []string{"p.yaml:1:8: steps must be a list of steps, got a mapping"}},
		{"empty steps", "steps: []\n", []string{"p.yaml:1:8: steps is empty"}},
		{"step without kind", "steps:\n  - name: x\n", []string{"p.yaml:2:5: step 1 has no op, measure or convert"}},
		{"step with two kinds", "steps:\n  - op: label\n    convert: float32\n", []string{"p.yaml:3:5: step 1 has both op and convert"}},
		{"bad version", "version: 2\nsteps:\n  - op: label\n", []string{"p.yaml:1:10: version 2 is not supported"}},
		{"bad ndim", "ndim: 4\nsteps:\n  - op: label\n", []string{"p.yaml:1:7: ndim must be 2 (planes) or 3 (volumes), got 4"}},
		{"bad bool", "steps:\n  - op: label\n    save: maybe\n", []string{`p.yaml:3:11: want true or false, got "maybe"`}},
		{"bad name", "steps:\n  - op: label\n    name: my labels\n", []string{`p.yaml:3:11: name "my labels": want a letter`}},
		{"name is input", "steps:\n  - op: label\n    name: input\n", []string{`p.yaml:3:11: name "input" is the pipeline's input`}},
		{"duplicate name", "steps:\n  - {op: gaussian_filter, name: a}\n  - {op: label, name: a}\n",
			[]string{`p.yaml:3:23: name "a" is already the result of step 1 (gaussian_filter)`}},
		{"params on measure", "steps:\n  - op: label\n  - measure: regions\n    params: {x: 1}\n",
			[]string{"p.yaml:4:5: params applies to op steps only"}},
		{"unknown measurement", "steps:\n  - op: label\n  - measure: volume\n", []string{`p.yaml:3:14: unknown measurement "volume"`}},
		{"bad convert dtype", "steps:\n  - convert: int8\n", []string{`p.yaml:2:14: convert: unknown dtype "int8"`}},

		{"unknown op with hint", "steps:\n  - op: gausian_filter\n",
			[]string{`p.yaml:2:9: op no function "gausian_filter" (did you mean gaussian_filter?)`}},
		{"unknown param with hint", "steps:\n  - op: gaussian_filter\n    params: {sigmaa: 2}\n",
			[]string{`p.yaml:3:14: gaussian_filter: unknown parameter "sigmaa" (did you mean "sigma"?`}},
		{"bad param value", "steps:\n  - op: gaussian_filter\n    params:\n      sigma: -1\n",
			[]string{"p.yaml:4:14: gaussian_filter: sigma must be >= 0, got -1"}},
		{"every bad param", "steps:\n  - op: gaussian_filter\n    params:\n      sigma: x\n      mode: reflekt\n      truncate: -2\n",
			[]string{`p.yaml:4:14: gaussian_filter: sigma: want a number, got "x"`, `p.yaml:5:13: gaussian_filter: mode must be one of`, "p.yaml:6:17: gaussian_filter: truncate must be >= 0"}},
		{"param without value", "steps:\n  - op: gaussian_filter\n    params: {sigma: }\n", []string{"p.yaml:3:21: parameter sigma has no value"}},
		{"param list of lists", "steps:\n  - op: gaussian_filter\n    params: {sigma: [[1]]}\n", []string{"p.yaml:3:22: parameter sigma: list items are numbers, got a list"}},
		{"unknown backend", "steps:\n  - op: label\n    backend: metal\n", []string{`p.yaml:3:14: unknown backend "metal"`}},
		{"unknown top-level backend", "backend: cpuu\nsteps:\n  - op: label\n", []string{`p.yaml:1:10: unknown backend "cpuu" (did you mean "cpu"?`}},
		{"backend unavailable", "steps:\n  - op: pltest_scale\n    backend: fakeoff\n", []string{"p.yaml:3:14: pltest_scale: backend fakeoff is unavailable: no fakeoff device"}},
		{"pipeline backend unavailable, once", "backend: fakeoff\nsteps:\n  - op: pltest_scale\n  - op: pltest_scale\n", []string{"p.yaml:1:10: backend fakeoff is unavailable: no fakeoff device"}},
		{"backend lacks the op", "steps:\n  - op: pltest_quarter\n    backend: fakegpu\n", []string{`p.yaml:2:9: op no function "fakegpu:pltest_quarter" (library "fakegpu" has no pltest_quarter; registered: cpu:pltest_quarter)`}},
		{"key and backend", "steps:\n  - op: cpu:label\n    backend: cpu\n", []string{`p.yaml:3:14: op "cpu:label" is a key and names its library already`}},
		{"slice_by_slice on a projection", "steps:\n  - op: maximum_z_projection\n    slice_by_slice: true\n",
			[]string{"p.yaml:3:5: maximum_z_projection: slice_by_slice does not apply to a VOLUMETRIC_TO_SLICE operation"}},

		{"undefined input", "steps:\n  - op: gaussian_filter\n    name: smooth\n  - op: label\n    input: smoth\n",
			[]string{`p.yaml:5:12: step 2 (label) reads "smoth", which is not defined (did you mean "smooth"?`}},
		{"input defined later", "steps:\n  - op: label\n    input: later\n  - op: gaussian_filter\n    name: later\n",
			[]string{"p.yaml:3:12: step 1 (label) reads later, which is the result of step 2 (gaussian_filter), a later step"}},
		{"labels into a float op", "steps:\n  - {op: label, name: labels}\n  - {op: gaussian_filter, input: labels}\n",
			[]string{"p.yaml:3:34: gaussian_filter: input image must be float32, but labels is uint32 (a label image: add a step '- {convert: float32, input: labels}'"}},
		{"two-input op without inputs", "steps:\n  - op: add_images\n", []string{"p.yaml:2:5: add_images takes 2 images (image1, image2): name them with inputs"}},
		{"wrong number of inputs", "steps:\n  - op: add_images\n    inputs: [input]\n", []string{"p.yaml:3:5: step 1 (add_images) takes 2 image(s) (image1, image2), got 1"}},
		{"shape mismatch in 3D", "steps:\n  - {op: maximum_z_projection, name: mip}\n  - {op: add_images, inputs: [input, mip]}\n",
			[]string{"p.yaml:3:38: add_images: inputs input (Z x Y x X) and mip (Y x X) differ in shape for 3D input; if the pipeline takes only planes, say so with ndim: 2"}},
		{"shape mismatch for volumes only", "ndim: 3\nsteps:\n  - {op: maximum_z_projection, name: mip}\n  - {op: add_images, inputs: [input, mip]}\n",
			[]string{"p.yaml:4:38: add_images: inputs input (Z x Y x X) and mip (Y x X) differ in shape for 3D input"}},
		{"table as an image", "steps:\n  - {op: label, name: labels}\n  - {measure: regions, name: m}\n  - {op: gaussian_filter, input: m}\n",
			[]string{"p.yaml:4:34: m is a measurement table (from step 2 (measure regions)); steps take images"}},
		{"measure float labels", "steps:\n  - {op: threshold_otsu, name: mask}\n  - {measure: regions, inputs: [mask, input]}\n",
			[]string{"p.yaml:3:33: measure regions: input labels must be uint32, but mask is float32 (not a label image: label it with '- {op: label, input: mask}'"}},
		{"convert to the same dtype", "steps:\n  - convert: float32\n", []string{"p.yaml:2:14: convert: input is float32 already"}},

		{"channel without channels", "steps:\n  - op: label\n    channel: dna\n", []string{`p.yaml:3:14: channel "dna": the pipeline declares no channels`}},
		{"unknown channel", "channels: [dna, gfp]\nsteps:\n  - op: label\n    channel: dan\n", []string{`p.yaml:4:14: unknown channel "dan" (did you mean "dna"?`}},
		{"channel index out of range", "channels: [dna, gfp]\nsteps:\n  - op: label\n    channel: 2\n", []string{"p.yaml:4:14: channel 2: the input has channels 0..1"}},
		{"input without channel", "channels: [dna, gfp]\nsteps:\n  - op: label\n", []string{"p.yaml:3:5: step 1 (label) reads the input, which has channels dna, gfp: say which"}},
		{"channel on a step that does not read the input", "channels: [dna]\nsteps:\n  - {op: label, channel: dna, name: l}\n  - {op: gaussian_filter, input: l, channel: dna}\n",
			[]string{"p.yaml:4:46: channel dna applies to the pipeline input, but step 2 (gaussian_filter) reads l"}},
		{"duplicate channel", "channels: [dna, dna]\nsteps:\n  - op: label\n    channel: dna\n", []string{`p.yaml:1:17: channel "dna" is listed twice`}},
		{"step named like a channel", "channels: [dna]\nsteps:\n  - {op: label, channel: dna, name: dna}\n", []string{`p.yaml:3:37: name "dna" is a channel of the input`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := problems(t, tc.src)
			if len(got) != len(tc.want) {
				t.Fatalf("got %d problem(s), want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i, w := range tc.want {
				prefix, msg, _ := strings.Cut(w, ": ")
				if !strings.HasPrefix(got[i], prefix+": ") || !strings.Contains(got[i], msg) {
					t.Errorf("problem %d:\n got  %s\n want %s", i, got[i], w)
				}
			}
		})
	}
}

// One file with problems of every stage gets them all, sorted by position.
func TestAllProblemsAtOnce(t *testing.T) {
	src := `version: 1
steps:
  - op: gaussian_filter
    params: {sigma: -1, mod: nearest}
    nmae: smooth
  - op: tresholdotsu
  - op: label
    input: smoth
  - op: gaussian_filter
    input: step3_label
`
	got := problems(t, src)
	want := []string{
		`p.yaml:4:25: gaussian_filter: unknown parameter "mod" (did you mean "mode"?`,
		`p.yaml:4:21: gaussian_filter: sigma must be >= 0, got -1`,
		`p.yaml:5:5: unknown step key "nmae" (did you mean "name"?`,
		`p.yaml:6:9: op no function "tresholdotsu"`,
		`p.yaml:8:12: step 3 (label) reads "smoth", which is not defined`,
	}
	// Within a line, problems are sorted by column.
	want[0], want[1] = want[1], want[0]
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i, w := range want {
		prefix, msg, _ := strings.Cut(w, ": ")
		if !strings.HasPrefix(got[i], prefix+": ") || !strings.Contains(got[i], msg) {
			t.Errorf("problem %d:\n got  %s\n want %s", i, got[i], w)
		}
	}
}

func TestValidPipelines(t *testing.T) {
	for _, src := range []string{
		// A plane pipeline may add an image to its projection.
		"ndim: 2\nsteps:\n  - {op: maximum_z_projection, name: mip}\n  - {op: add_images, inputs: [input, mip]}\n",
		// Labels used as intensities after an explicit conversion.
		"steps:\n  - {op: label, name: labels}\n  - {convert: float32, name: lf}\n  - {op: gaussian_filter, input: lf}\n",
		// A PURE_3D operation after a projection: a plane runs as a 1-slice volume.
		"steps:\n  - op: maximum_z_projection\n  - op: subtract_z_median\n",
		// Channels by name and by index, and channel names as inputs.
		"channels: [dna, gfp]\nsteps:\n  - {op: gaussian_filter, channel: 0}\n  - {op: add_images, inputs: [dna, gfp]}\n  - {op: multiply_images, inputs: [input, step2_add_images], channel: gfp}\n",
		// Anchors share parameters.
		"steps:\n  - {op: gaussian_filter, params: &p {sigma: 2, mode: nearest}}\n  - {op: gaussian_filter, params: *p}\n",
		// A key names its library; params as lists.
		"steps:\n  - op: cpu:gaussian_filter\n    params: {sigma: [1, 2, 2]}\n",
	} {
		if got := problems(t, src); got != nil {
			t.Errorf("%s\n-> %s", src, strings.Join(got, "\n"))
		}
	}
}

func TestDefaults(t *testing.T) {
	pl, err := ParsePlan("p.yaml", []byte("steps:\n  - op: gaussian_filter\n  - op: label\n  - {op: maximum_z_projection, input: step1_gaussian_filter}\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names, ins []string
	for _, s := range pl.Steps {
		names = append(names, s.Name)
		ins = append(ins, strings.Join(s.Inputs, "+"))
	}
	if got := strings.Join(names, " "); got != "step1_gaussian_filter step2_label step3_maximum_z_projection" {
		t.Errorf("names %s", got)
	}
	if got := strings.Join(ins, " "); got != "input step1_gaussian_filter step1_gaussian_filter" {
		t.Errorf("inputs %s", got)
	}
	// Nothing says save: the last result is saved.
	if got := strings.Join(pl.SavedFiles(), " "); got != "step3_maximum_z_projection.npy" {
		t.Errorf("saved %s", got)
	}
	// Options.Backend replaces the pipeline's backend, not a step's own.
	_, err = ParsePlan("p.yaml", []byte("backend: cpu\nsteps:\n  - op: pltest_scale\n  - op: pltest_scale\n"), Options{Backend: "fakeoff"})
	if err == nil || err.Error() != "p.yaml: backend fakeoff (given for the whole pipeline): backend fakeoff is unavailable: no fakeoff device" {
		t.Errorf("Options.Backend not applied: %v", err)
	}
	if _, err = ParsePlan("p.yaml", []byte("backend: fakeoff\nsteps:\n  - {op: label, backend: cpu}\n"), Options{}); err != nil {
		t.Errorf("a step's backend should win: %v", err)
	}
}

// The example pipelines compile.
func TestExamples(t *testing.T) {
	files, _ := filepath.Glob("../examples/pipelines/*.yaml")
	if len(files) == 0 {
		t.Fatal("no example pipelines")
	}
	for _, f := range files {
		if _, err := LoadPlan(f, Options{Backend: "cpu"}); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// A step that did not parse does not make its successor report a second problem.
func TestNoCascade(t *testing.T) {
	got := problems(t, "steps:\n  - op: label\n  - {op: gaussian_filter, convert: float32}\n  - op: gaussian_filter\n")
	if len(got) != 1 || !strings.Contains(got[0], "p.yaml:3:27: step 2 has both op and convert") {
		t.Errorf("%q", got)
	}
}

// No pipeline file makes ParsePlan panic; a file it accepts explains without error.
func FuzzParsePlan(f *testing.F) {
	for _, s := range []string{
		segmentYAML, batchYAML, "steps:\n  - op: label\n",
		"channels: [a, b]\nsteps:\n  - {op: gaussian_filter, channel: 1}\n  - {measure: regions, inputs: [x, a]}\n",
		"steps:\n  - &a {op: label}\n  - *a\n", "steps: [[], {}, 1, ~]\n", "{steps: {steps: steps}}",
		"steps:\n  - {op: gaussian_filter, params: {sigma: [1, [2]], mode: {a: b}}}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		pl, err := ParsePlan("f.yaml", []byte(src), Options{Backend: "cpu"})
		if err != nil {
			var l ErrorList
			if !errors.As(err, &l) || len(l) == 0 {
				t.Fatalf("error %v is not a non-empty ErrorList", err)
			}
			return
		}
		var b strings.Builder
		if err := pl.Explain(&b, nil); err != nil {
			t.Fatal(err)
		}
	})
}
