package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kernreg/kernreg/registry"
)

// runtestStarted receives a value when runtest_wait's kernel starts; the kernel then
// waits for its context to end, like a long kernel that checks for cancellation.
var runtestStarted = make(chan struct{}, 1)

func init() {
	registry.Register(registry.Function{
		Name: "runtest_wait", Library: "cpu", Contract: registry.Flexible, Memory: registry.Host,
		Tags: []string{"runtest"}, Ref: "none", Doc: "Waits until the run is cancelled.",
		Inputs: []registry.Input{{Name: "image", DType: registry.Float32}}, Output: registry.Float32,
		Bind: func(registry.Values) (registry.Kernel, error) {
			return func(ctx context.Context, _ *registry.Array, _ []*registry.Array) error {
				runtestStarted <- struct{}{}
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(20 * time.Second):
					return nil
				}
			}, nil
		},
	})
}

// listTree lists every path under dir, relative and sorted; nil if dir does not exist.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && p != dir {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// runFixture writes a pipeline and a plate folder of three 3D images.
func runFixture(t *testing.T, pipelineSrc string) (pipe, plateDir string, ims map[string]*registry.Array) {
	t.Helper()
	dir := t.TempDir()
	pipe = writeFile(t, dir, "p.yaml", []byte(pipelineSrc))
	plateDir = filepath.Join(dir, "plate")
	os.Mkdir(plateDir, 0o755)
	ims = map[string]*registry.Array{}
	for i, name := range []string{"w2", "w1", "w3"} {
		a := ramp(t, 3, 10, 12)
		d, _ := a.Float32s()
		for j := range d {
			d[j] = d[j]*float32(i+1) + float32(j%5)
		}
		writeArray(t, plateDir, name+".npy", a)
		ims[name] = a
	}
	return pipe, plateDir, ims
}

const runYAML = `# a small segmentation
steps:
  - {op: gaussian_filter, name: smooth, params: {sigma: 1.5}}
  - {op: threshold_otsu}
  - {op: label, name: labels, save: true}
  - {op: maximum_z_projection, input: smooth, name: mip, save: true}
`

func TestRun(t *testing.T) {
	ctx := context.Background()
	pipe, plateDir, ims := runFixture(t, runYAML)
	out := filepath.Join(t.TempDir(), "results")
	code, stdout, stderr := runCLI(t, "run", pipe, plateDir, "-o", out)
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "w1: 4 steps on cpu, 0 memory conversion(s), ") ||
		lines[3] != "3 image(s): 3 run, 0 complete already (skipped); 0 memory conversion(s); results in "+out {
		t.Errorf("stderr %q", stderr)
	}
	want := []string{}
	for _, n := range []string{"w1", "w2", "w3"} {
		want = append(want, n, n+"/labels.npy", n+"/mip.npy", n+"/run.json")
	}
	if got := listTree(t, out); !slices.Equal(got, want) {
		t.Errorf("results %v", got)
	}
	for name, im := range ims {
		smooth, err := registry.Call(ctx, "gaussian_filter", im, registry.Values{"sigma": "1.5"})
		if err != nil {
			t.Fatal(err)
		}
		mask, _ := registry.Call(ctx, "threshold_otsu", smooth, nil)
		labels, _ := registry.Call(ctx, "label", mask, nil)
		mip, _ := registry.Call(ctx, "maximum_z_projection", smooth, nil)
		sameArray(t, readArray(t, filepath.Join(out, name, "labels.npy")), labels)
		sameArray(t, readArray(t, filepath.Join(out, name, "mip.npy")), mip)
	}

	// A rerun skips the complete images; files given one by one are the same images.
	code, _, stderr = runCLI(t, "run", pipe, filepath.Join(plateDir, "w3.npy"), filepath.Join(plateDir, "w1.npy"), "-o", out)
	if code != 0 || !strings.Contains(stderr, "w1: complete, skipped\nw3: complete, skipped\n2 image(s): 0 run, 2 complete already") {
		t.Errorf("rerun: exit %d, stderr %q", code, stderr)
	}
}

func TestRunExplain(t *testing.T) {
	pipe, plateDir, _ := runFixture(t, runYAML)
	code, stdout, stderr := runCLI(t, "run", "--explain", pipe)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{
		"pipeline " + pipe + ": 4 steps, 0 memory conversion(s) per image\ninput: float32 image, 2D or 3D\n",
		"  1. smooth = gaussian_filter(input) on cpu [FLEXIBLE] -> float32\n     params sigma=1.5\n",
		"  3. labels = label(step2_threshold_otsu) on cpu [FLEXIBLE] -> uint32\n",
		"     save mip -> mip.npy\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("explain lacks %q:\n%s", want, stdout)
		}
	}
	// With inputs: shapes for the first image of the shard, and the shard's images.
	code, stdout, stderr = runCLI(t, "run", "--explain", "--shard", "1/2", pipe, plateDir)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{
		"input: float32 image, 3x10x12\n",
		"  4. mip = maximum_z_projection(smooth) on cpu [VOLUMETRIC_TO_SLICE] -> float32 10x12\n",
		"inputs: 2 of 3 image(s) (shard 1/2, --shard), w2 .. w3; shapes above are for " + filepath.Join(plateDir, "w2.npy"),
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("explain lacks %q:\n%s", want, stdout)
		}
	}
}

// Bad pipeline files, missing inputs and usage errors stop the run before anything is
// written; the pipeline's problems are listed one per line with their positions.
func TestRunErrors(t *testing.T) {
	bad := `steps:
  - op: gaussian_filter
    parms: {sigma: 2}
  - op: labl
  - op: gaussian_filter
    params: {sigma: -1}
    input: nothing
`
	for _, tc := range []struct {
		name     string
		pipeline string
		args     func(pipe, plateDir string) []string // after "run"
		code     int
		problems []string // lines before the error line
		want     string
	}{
		{"bad pipeline", bad, func(p, d string) []string { return []string{p, d, "-o"} }, exitFailure, []string{
			`p.yaml:3:5: unknown step key "parms" (did you mean "params"?`,
			`p.yaml:4:9: op no function "labl" (did you mean label?)`,
			`p.yaml:6:21: gaussian_filter: sigma must be >= 0, got -1`,
			`p.yaml:7:12: step 3 (gaussian_filter) reads "nothing", which is not defined`,
		}, "p.yaml: 4 problems (above)"},
		{"uint32 labels into a float op", "steps:\n  - op: label\n  - op: gaussian_filter\n", func(p, d string) []string { return []string{p, d, "-o"} }, exitFailure, []string{
			"p.yaml:3:5: gaussian_filter: input image must be float32, but step1_label is uint32 (a label image: add a step '- {convert: float32, input: step1_label}'",
		}, "p.yaml: 1 problem (above)"},
		{"missing pipeline", runYAML, func(p, d string) []string { return []string{p + ".nope", d, "-o"} }, exitFailure, nil, "p.yaml.nope: no such file or directory"},
		{"missing input", runYAML, func(p, d string) []string { return []string{p, d, filepath.Join(d, "w9.npy"), "-o"} }, exitFailure, nil, "w9.npy: no such file or directory"},
		{"corrupt input", runYAML, func(p, d string) []string {
			os.WriteFile(filepath.Join(d, "w2.npy"), []byte("garbage"), 0o644)
			return []string{p, d, "-o"}
		}, exitFailure, nil, "w2: " + "%PLATE%/w2.npy: npy: not a .npy file"},
		{"no OUTDIR", runYAML, func(p, d string) []string { return []string{p, d} }, exitUsage, nil, "run needs -o OUTDIR"},
		{"no inputs", runYAML, func(p, d string) []string { return []string{p, "-o"} }, exitUsage, nil, "run takes PIPELINE and one or more INPUT files or folders, got 1"},
		{"bad shard", runYAML, func(p, d string) []string { return []string{"--shard", "2/2", p, d, "-o"} }, exitUsage, nil, "--shard 2/2: the index must be in [0, 2), got 2 (indexes are 0-based)"},
		{"shards without index", runYAML, func(p, d string) []string { return []string{"--shards", "4", p, d, "-o"} }, exitUsage, nil, "--shards 4 needs a shard index"},
		{"bad backend", runYAML, func(p, d string) []string { return []string{"--backend", "metal", p, d, "-o"} }, exitUsage, nil, `--backend "metal"`},
		{"backend unavailable", runYAML, func(p, d string) []string { return []string{"--backend", "cuda", p, d, "-o"} }, exitFailure,
			[]string{": backend cuda (given for the whole pipeline): backend cuda is "}, "p.yaml: 1 problem (above)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "backend unavailable" && registry.BackendStatus("cuda") == nil {
				t.Skip("CUDA is available here")
			}
			pipe, plateDir, _ := runFixture(t, tc.pipeline)
			out := filepath.Join(t.TempDir(), "results")
			args := tc.args(pipe, plateDir)
			if args[len(args)-1] == "-o" {
				args = append(args, out)
			}
			code, stdout, stderr := runCLI(t, append([]string{"run"}, args...)...)
			if code != tc.code || stdout != "" {
				t.Errorf("exit %d (want %d), stdout %q", code, tc.code, stdout)
			}
			lines := strings.SplitAfter(stderr, "\n")
			if len(lines) > 0 && lines[len(lines)-1] == "" {
				lines = lines[:len(lines)-1]
			}
			if len(lines) < 1 {
				t.Fatalf("no stderr")
			}
			for i, p := range tc.problems {
				if i >= len(lines)-1 || !strings.HasPrefix(lines[i], filepath.Dir(pipe)+"/"+p) && !strings.HasPrefix(lines[i], pipe+p) {
					t.Errorf("problem %d: want %q in stderr:\n%s", i, p, stderr)
				}
			}
			if tc.problems != nil && len(lines)-1 != len(tc.problems) {
				t.Errorf("%d problem lines, want %d:\n%s", len(lines)-1, len(tc.problems), stderr)
			}
			want := strings.ReplaceAll(tc.want, "%PLATE%", plateDir)
			last := lines[len(lines)-1]
			if !strings.HasPrefix(last, "kernreg: ") || !strings.Contains(last, want) {
				t.Errorf("error line %q, want %q", last, want)
			}
			if tc.name != "corrupt input" {
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("OUTDIR was made: %v", listTree(t, out))
				}
			} else if got := listTree(t, out); !slices.Equal(got, []string{"w1", "w1/labels.npy", "w1/mip.npy", "w1/run.json"}) {
				// Images are sorted: w1 was done, w2 failed, w3 never started.
				t.Errorf("results %v", got)
			}
		})
	}
}

func TestRunShardFromSlurm(t *testing.T) {
	pipe, plateDir, _ := runFixture(t, runYAML)
	out := t.TempDir()
	t.Setenv("SLURM_ARRAY_TASK_ID", "2")
	t.Setenv("SLURM_ARRAY_TASK_MIN", "1")
	t.Setenv("SLURM_ARRAY_TASK_COUNT", "2")
	code, _, stderr := runCLI(t, "run", pipe, plateDir, "-o", out)
	if code != 0 || !strings.HasPrefix(stderr, "shard 1/2 (SLURM_ARRAY_TASK_ID=2, SLURM_ARRAY_TASK_MIN=1): 2 of 3 images\nw2: ") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if got := listTree(t, out); len(got) != 8 || got[0] != "w2" || got[4] != "w3" {
		t.Errorf("results %v", got)
	}
	// --shard wins over the environment.
	code, _, stderr = runCLI(t, "run", "--shard", "0/2", pipe, plateDir, "-o", out)
	if code != 0 || !strings.HasPrefix(stderr, "shard 0/2 (--shard): 1 of 3 images\nw1: 4 steps") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// Ctrl-C (SIGINT) and SIGTERM (Slurm, Kubernetes) stop the run: the image being
// processed leaves nothing behind, and the error says so.
func TestRunInterrupted(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			pipe, plateDir, _ := runFixture(t, "steps:\n  - {op: gaussian_filter, save: true}\n  - {op: runtest_wait, save: true}\n")
			out := t.TempDir()
			done := make(chan struct{})
			var code int
			var stderr string
			go func() {
				defer close(done)
				code, _, stderr = runCLI(t, "run", pipe, plateDir, "-o", out)
			}()
			select {
			case <-runtestStarted:
			case <-time.After(10 * time.Second):
				t.Fatal("the kernel did not start")
			}
			syscall.Kill(os.Getpid(), sig)
			<-done
			if code != exitFailure || !strings.Contains(stderr, "kernreg: w1: interrupted (context canceled); its results were not written\n") {
				t.Errorf("exit %d, stderr %q", code, stderr)
			}
			if got := listTree(t, out); len(got) != 0 {
				t.Errorf("left behind: %v", got)
			}
		})
	}
}

func TestProgressBar(t *testing.T) {
	var b strings.Builder
	p := &progressBar{w: &b}
	p.update(0, 4, "A01")
	p.update(2, 4, "A03")
	p.Write([]byte("A03: a log line\n"))
	p.update(4, 4, "")
	p.finish()
	got := b.String()
	for _, want := range []string{
		"\r\033[K[>                             ] 0/4 A01  0:00",
		"\r\033[K[===============>              ] 2/4 A03  0:00, about 0:00 left",
		"\r\033[KA03: a log line\n\r\033[K[===============>",
		"\r\033[K[==============================] 4/4   0:00",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("bar output lacks %q:\n%q", want, got)
		}
	}
	if !strings.HasSuffix(got, "\r\033[K") {
		t.Errorf("finish does not clear the line: %q", got)
	}
	if isTerminal(&b) {
		t.Errorf("a strings.Builder is no terminal")
	}
	if clock(3725*time.Second) != "1:02:05" || clock(65*time.Second) != "1:05" {
		t.Errorf("clock %s %s", clock(3725*time.Second), clock(65*time.Second))
	}
}
