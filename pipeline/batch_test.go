package pipeline

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kernreg/kernreg/imageio"
	"github.com/kernreg/kernreg/registry"
)

func writeNPY(t *testing.T, path string, a *registry.Array) {
	t.Helper()
	var b bytes.Buffer
	if err := imageio.WriteNPY(&b, a); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readNPY(t *testing.T, path string) *registry.Array {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := imageio.ReadNPY(f)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// tree lists every file and folder under dir, relative, sorted.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if p != dir {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return err
	})
	sort.Strings(out)
	return out
}

// plate writes images named A01.. with distinct contents into a new folder.
func plate(t *testing.T, n int, shape ...int) (string, map[string]*registry.Array) {
	t.Helper()
	dir := t.TempDir()
	ims := map[string]*registry.Array{}
	for i := range n {
		a := ramp(t, shape...)
		d, _ := a.Float32s()
		for j := range d {
			d[j] = d[j]*float32(i+1) - float32(i)
		}
		name := string(rune('A'+i/3)) + "0" + string(rune('1'+i%3))
		writeNPY(t, filepath.Join(dir, name+".npy"), a)
		ims[name] = a
	}
	return dir, ims
}

func batchFor(t *testing.T, src string, args []string, out string) *Batch {
	t.Helper()
	images, err := CollectInputs(args)
	if err != nil {
		t.Fatal(err)
	}
	return &Batch{Plan: mustPlan(t, src, Options{}), Images: images, OutDir: out}
}

const batchYAML = `
steps:
  - {op: gaussian_filter, name: smooth}
  - {op: threshold_otsu, name: mask}
  - {op: label, name: labels, save: true}
  - {op: maximum_z_projection, input: smooth, name: mip, save: true}
`

func TestBatch(t *testing.T) {
	in, ims := plate(t, 4, 3, 12, 10)
	out := filepath.Join(t.TempDir(), "out")
	var log strings.Builder
	b := batchFor(t, batchYAML, []string{in}, out)
	b.Log = &log
	res, err := b.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Images != 4 || res.Processed != 4 || res.Skipped != 0 {
		t.Errorf("result %+v", res)
	}
	want := []string{}
	for _, n := range []string{"A01", "A02", "A03", "B01"} {
		want = append(want, n, n+"/labels.npy", n+"/mip.npy", n+"/run.json")
	}
	if got := tree(t, out); !slices.Equal(got, want) {
		t.Errorf("outputs %v, want %v", got, want)
	}
	for name, im := range ims {
		smooth := call(t, "gaussian_filter", []*registry.Array{im}, nil)
		labels := call(t, "label", []*registry.Array{call(t, "threshold_otsu", []*registry.Array{smooth}, nil)}, nil)
		sameArray(t, name+"/labels", readNPY(t, filepath.Join(out, name, "labels.npy")), labels)
		sameArray(t, name+"/mip", readNPY(t, filepath.Join(out, name, "mip.npy")), call(t, "maximum_z_projection", []*registry.Array{smooth}, nil))
	}
	if !strings.Contains(log.String(), "A01: 4 steps on cpu, 0 memory conversion(s)") {
		t.Errorf("log %q", log.String())
	}

	// A rerun skips every image.
	log.Reset()
	if res, err = b.Run(context.Background()); err != nil || res.Processed != 0 || res.Skipped != 4 {
		t.Errorf("rerun: %+v, %v", res, err)
	}
	if !strings.Contains(log.String(), "A02: complete, skipped") {
		t.Errorf("log %q", log.String())
	}
	// A changed input, a missing output and a crash's leftovers: those images rerun.
	writeNPY(t, filepath.Join(in, "A02.npy"), ramp(t, 3, 12, 10))
	later := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(in, "A02.npy"), later, later)
	os.Remove(filepath.Join(out, "A03", "mip.npy"))
	os.MkdirAll(filepath.Join(out, ".B01.tmp-123", "x"), 0o755)
	os.MkdirAll(filepath.Join(out, ".zzz.tmp-123"), 0o755) // another shard's: left alone
	if res, err = b.Run(context.Background()); err != nil || res.Processed != 2 || res.Skipped != 2 {
		t.Errorf("rerun after changes: %+v, %v", res, err)
	}
	if _, err := os.Stat(filepath.Join(out, ".B01.tmp-123")); !os.IsNotExist(err) {
		t.Errorf("leftover not removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, ".zzz.tmp-123")); err != nil {
		t.Errorf("another image's folder was removed: %v", err)
	}
	os.Remove(filepath.Join(out, ".zzz.tmp-123"))
	sameArray(t, "A02/mip", readNPY(t, filepath.Join(out, "A02", "mip.npy")),
		call(t, "maximum_z_projection", []*registry.Array{call(t, "gaussian_filter", []*registry.Array{ramp(t, 3, 12, 10)}, nil)}, nil))
	// A changed pipeline reruns everything; --force too.
	b2 := batchFor(t, batchYAML+"  - {op: minimum_z_projection, input: smooth, save: true}\n", []string{in}, out)
	if res, err = b2.Run(context.Background()); err != nil || res.Processed != 4 {
		t.Errorf("changed pipeline: %+v, %v", res, err)
	}
	b2.Force = true
	if res, err = b2.Run(context.Background()); err != nil || res.Processed != 4 {
		t.Errorf("force: %+v, %v", res, err)
	}
	if got := tree(t, filepath.Join(out, "A01")); !slices.Equal(got, []string{"labels.npy", "mip.npy", "run.json", "step5_minimum_z_projection.npy"}) {
		t.Errorf("A01 holds %v", got)
	}
}

// An interrupted run leaves the images before it complete, nothing of the image it was
// in, and no temporary files; the next run does the rest.
func TestBatchInterrupted(t *testing.T) {
	in, _ := plate(t, 3, 6, 8)
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	cancelHook = func() {
		calls++
		if calls == 2 {
			cancel()
		}
	}
	defer func() { cancelHook = nil }()
	src := "steps:\n  - {op: gaussian_filter, save: true, name: smooth}\n  - {op: pltest_cancel, save: true, name: c}\n"
	b := batchFor(t, src, []string{in}, out)
	res, err := b.Run(ctx)
	if err == nil || err.Error() != "A02: interrupted (context canceled); its results were not written" {
		t.Fatalf("error %v", err)
	}
	if res.Processed != 1 {
		t.Errorf("result %+v", res)
	}
	if got := tree(t, out); !slices.Equal(got, []string{"A01", "A01/c.npy", "A01/run.json", "A01/smooth.npy"}) {
		t.Errorf("after the interruption: %v", got)
	}
	res, err = b.Run(context.Background())
	if err != nil || res.Processed != 2 || res.Skipped != 1 {
		t.Errorf("resumed: %+v, %v", res, err)
	}
}

func TestBatchFailures(t *testing.T) {
	in, _ := plate(t, 3, 6, 8)
	if err := os.WriteFile(filepath.Join(in, "A02.npy"), []byte("not npy"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	b := batchFor(t, "steps:\n  - op: gaussian_filter\n", []string{in}, out)
	_, err := b.Run(context.Background())
	if err == nil || !strings.HasPrefix(err.Error(), "A02: ") || !strings.Contains(err.Error(), "A02.npy: npy: not a .npy file") {
		t.Errorf("error %v", err)
	}
	if got := tree(t, out); !slices.Equal(got, []string{"A01", "A01/run.json", "A01/step1_gaussian_filter.npy"}) {
		t.Errorf("outputs %v", got)
	}
	b.KeepGoing = true
	res, err := b.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "1 of 3 images failed (first: A02: ") || res.Processed != 1 || res.Skipped != 1 {
		t.Errorf("keep going: %+v, %v", res, err)
	}
	// A 2D pipeline given a volume, a channel pipeline given a plane.
	b = batchFor(t, "ndim: 3\nsteps:\n  - op: gaussian_filter\n", []string{filepath.Join(in, "A01.npy")}, t.TempDir())
	if _, err := b.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "A01: input is 2D (6x8), but the pipeline takes 3D images") {
		t.Errorf("error %v", err)
	}
	b = batchFor(t, "channels: [a, b]\nsteps:\n  - {op: gaussian_filter, channel: a}\n", []string{filepath.Join(in, "A01.npy")}, t.TempDir())
	if _, err := b.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "the pipeline reads 2 channels (a, b), which a .npy file holds as a 2 x Y x X array; got 6x8") {
		t.Errorf("error %v", err)
	}
}

func TestBatchShards(t *testing.T) {
	in, _ := plate(t, 5, 4, 4)
	out := t.TempDir()
	var done []string
	for i := range 3 {
		b := batchFor(t, "steps:\n  - op: gaussian_filter\n", []string{in}, out)
		b.Shard = Shard{Index: i, Count: 3}
		res, err := b.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		done = append(done, strings.Repeat("x", res.Processed))
	}
	// 5 images in 3 shards: blocks of 1, 2 and 2.
	if got := strings.Join(done, "|"); got != "x|xx|xx" {
		t.Errorf("per shard %s", got)
	}
	if n := len(tree(t, out)); n != 15 {
		t.Errorf("%d entries, want 15: %v", n, tree(t, out))
	}
}

func TestCollectInputs(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"b.npy", "a.TIF", "c.tiff", "notes.txt", ".hidden.npy"} {
		os.WriteFile(filepath.Join(dir, n), nil, 0o644)
	}
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "d.npy"), nil, 0o644)
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "0.npy"), nil, 0o644)
	os.WriteFile(filepath.Join(other, "b.npy"), nil, 0o644)

	ims, err := CollectInputs([]string{dir, filepath.Join(dir, "sub", "d.npy"), filepath.Join(other, "0.npy")})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, im := range ims {
		names = append(names, im.Name)
	}
	if got := strings.Join(names, " "); got != "0 a b c d" {
		t.Errorf("names %s", got)
	}
	// The same file twice is one image.
	if ims, err := CollectInputs([]string{dir, filepath.Join(dir, "b.npy")}); err != nil || len(ims) != 3 {
		t.Errorf("%v %v", ims, err)
	}
	_, err = CollectInputs([]string{dir, other, filepath.Join(dir, "missing.npy"), filepath.Join(dir, "notes.txt"), t.TempDir()})
	for _, want := range []string{
		"b.npy and " + filepath.Join(other, "b.npy") + ` have the same name "b"`,
		"missing.npy: no such file or directory",
		"notes.txt: not an image file (want .npy, .tif, .tiff)",
		"folder holds no .npy, .tif, .tiff files",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}

// A measuring pipeline writes each image's table and one combined table with an image
// column, equal to measure.Regions on the step-by-step results; a shard writes its own.
func TestBatchMeasure(t *testing.T) {
	// Two-channel planes, as the example pipeline reads them: C x Y x X.
	in := t.TempDir()
	chans := map[string][2]*registry.Array{}
	for i, name := range []string{"p2", "p1", "p3"} {
		st := ramp(t, 2, 40, 36)
		d, _ := st.Float32s()
		for j := range d {
			y, x := j/36%40, j%36
			if (y/10+x/9+i)%3 == 0 {
				d[j] += 20 // blobs in both channels
			}
		}
		writeNPY(t, filepath.Join(in, name+".npy"), st)
		a, _ := st.Slice(0)
		b, _ := st.Slice(1)
		chans[name] = [2]*registry.Array{a, b}
	}
	out := t.TempDir()
	images, err := CollectInputs([]string{in})
	if err != nil {
		t.Fatal(err)
	}
	pl, err := LoadPlan("../examples/pipelines/nuclei.yaml", Options{Backend: "cpu"})
	if err != nil {
		t.Fatal(err)
	}
	b := &Batch{Plan: pl, Images: images, OutDir: out}
	res, err := b.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Tables, []string{filepath.Join(out, "nuclei.csv")}) {
		t.Errorf("tables %v", res.Tables)
	}
	var want strings.Builder
	for i, name := range []string{"p1", "p2", "p3"} {
		c := chans[name]
		smooth := call(t, "gaussian_filter", []*registry.Array{c[0]}, registry.Values{"sigma": 2, "mode": "nearest"})
		labels := call(t, "label", []*registry.Array{call(t, "threshold_otsu", []*registry.Array{smooth}, nil)}, registry.Values{"connectivity": 1})
		sameArray(t, name+"/labels", readNPY(t, filepath.Join(out, name, "labels.npy")), labels)
		tab, err := regions(labels, c[1])
		if err != nil {
			t.Fatal(err)
		}
		if len(tab.Rows) < 2 {
			t.Fatalf("%s: %d regions; the test wants several", name, len(tab.Rows))
		}
		var one strings.Builder
		tab.WriteCSV(&one)
		got, _ := os.ReadFile(filepath.Join(out, name, "nuclei.csv"))
		if string(got) != one.String() {
			t.Errorf("%s/nuclei.csv:\n%s\nwant\n%s", name, got, one.String())
		}
		lines := strings.SplitAfter(one.String(), "\n")
		if i == 0 {
			want.WriteString("image," + lines[0])
		}
		for _, l := range lines[1:] {
			if l != "" {
				want.WriteString(name + "," + l)
			}
		}
	}
	got, _ := os.ReadFile(filepath.Join(out, "nuclei.csv"))
	if string(got) != want.String() {
		t.Errorf("nuclei.csv:\n%s\nwant\n%s", got, want.String())
	}
	if !strings.HasPrefix(string(got), "image,label,area,centroid-0,centroid-1,bbox-0,") {
		t.Errorf("header %q", strings.SplitN(string(got), "\n", 2)[0])
	}

	// Shard 1/2 (p2, p3) skips its complete images and writes its own table.
	b.Shard = Shard{Index: 1, Count: 2}
	if res, err = b.Run(context.Background()); err != nil || res.Skipped != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	shard, _ := os.ReadFile(filepath.Join(out, "nuclei.shard-1-of-2.csv"))
	var wantShard []string
	for _, l := range strings.SplitAfter(want.String(), "\n") {
		if !strings.HasPrefix(l, "p1,") {
			wantShard = append(wantShard, l)
		}
	}
	if string(shard) != strings.Join(wantShard, "") {
		t.Errorf("shard table:\n%s", shard)
	}
}
