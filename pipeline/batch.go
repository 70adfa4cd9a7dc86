package pipeline

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kernreg/kernreg/imageio"
	"github.com/kernreg/kernreg/internal/atomicfile"
	"github.com/kernreg/kernreg/registry"
)

// MarkerFile is the file in an image's output folder that records a complete run.
const MarkerFile = "run.json"

// Batch runs a plan over many images, writing each image's results into its own folder
// OutDir/NAME. A folder appears only complete: it is assembled under a temporary name
// and renamed into place after its last file, so an interrupted run (a crash, Ctrl-C)
// leaves no partial results; the next run removes the leftovers of this shard's images.
// An image whose folder is complete for the same pipeline and the same input file is
// skipped, so a rerun continues where an interrupted one stopped.
type Batch struct {
	Plan   *Plan
	Images []Image // sorted (CollectInputs), before sharding
	OutDir string
	Shard  Shard
	// Force recomputes images whose results are complete.
	Force bool
	// KeepGoing goes on with the next image when one fails; the run still fails at the
	// end, and the combined tables are not written.
	KeepGoing bool
	// Log, when set, gets one line per image.
	Log io.Writer
	// Progress, when set, is called before each image (done images so far) and at the
	// end (done == total).
	Progress func(done, total int, image string)
}

// BatchResult reports what a batch did.
type BatchResult struct {
	Images      int      // images of this shard
	Processed   int      // images run
	Skipped     int      // images whose results were complete
	Failed      []string // "NAME: error" of images that failed (KeepGoing)
	Conversions int      // memory conversions made, over all images run
	Tables      []string // combined tables written
	Elapsed     time.Duration
}

// marker is the content of MarkerFile: what produced the folder, and how.
type marker struct {
	Pipeline    string     `json:"pipeline"`
	Digest      string     `json:"pipeline_sha256"`
	Input       string     `json:"input"`
	InputSize   int64      `json:"input_size"`
	InputMTime  time.Time  `json:"input_mtime"`
	Shape       []int      `json:"shape"`
	Outputs     []string   `json:"outputs"`
	Conversions int        `json:"conversions"`
	Steps       []stepJSON `json:"steps"`
}

type stepJSON struct {
	Index   int     `json:"index"`
	Name    string  `json:"name"`
	Library string  `json:"library"`
	Result  string  `json:"result"`
	Seconds float64 `json:"seconds"`
}

// Run processes the shard's images in order. It stops at the first failure unless
// KeepGoing, and at once when ctx is cancelled (the current image's temporary folder is
// removed). After the last image, each measurement table is gathered from the images'
// folders into OutDir/NAME.csv (NAME.shard-I-of-N.csv for a shard) with an image column.
func (b *Batch) Run(ctx context.Context) (*BatchResult, error) {
	start := time.Now()
	images := Select(b.Shard, b.Images)
	res := &BatchResult{Images: len(images)}
	if err := os.MkdirAll(b.OutDir, 0o755); err != nil {
		return res, err
	}
	removeLeftovers(b.OutDir, images)
	for i, im := range images {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if b.Progress != nil {
			b.Progress(i, len(images), im.Name)
		}
		if !b.Force && b.complete(im) {
			res.Skipped++
			b.logf("%s: complete, skipped", im.Name)
			continue
		}
		t0 := time.Now()
		r, err := b.image(ctx, im)
		if err != nil {
			if ctx.Err() != nil {
				return res, fmt.Errorf("%s: interrupted (%w); its results were not written", im.Name, ctx.Err())
			}
			if !b.KeepGoing {
				return res, fmt.Errorf("%s: %w", im.Name, err)
			}
			res.Failed = append(res.Failed, fmt.Sprintf("%s: %v", im.Name, err))
			b.logf("%s: FAILED: %v", im.Name, err)
			continue
		}
		res.Processed++
		res.Conversions += r.Conversions
		libs := []string{}
		for _, s := range r.Steps {
			if !contains(libs, s.Library) {
				libs = append(libs, s.Library)
			}
		}
		b.logf("%s: %d steps on %s, %d memory conversion(s), %v", im.Name, len(r.Steps), strings.Join(libs, "+"), r.Conversions, time.Since(t0).Round(time.Millisecond))
	}
	if b.Progress != nil {
		b.Progress(len(images), len(images), "")
	}
	if len(res.Failed) > 0 {
		return res, fmt.Errorf("%d of %d images failed (first: %s)", len(res.Failed), len(images), res.Failed[0])
	}
	if len(images) == 0 {
		return res, nil // a shard of more shards than images
	}
	for _, t := range b.Plan.Tables() {
		path, err := b.combine(t, images)
		if err != nil {
			return res, err
		}
		res.Tables = append(res.Tables, path)
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

func (b *Batch) logf(format string, a ...any) {
	if b.Log != nil {
		fmt.Fprintf(b.Log, format+"\n", a...)
	}
}

// removeLeftovers deletes the temporary folders an interrupted run left for images.
// Only these images' are touched: shards running at the same time own other images.
func removeLeftovers(dir string, images []Image) {
	mine := map[string]bool{}
	for _, im := range images {
		mine[im.Name] = true
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		n := e.Name()
		if !strings.HasPrefix(n, ".") {
			continue
		}
		for _, sep := range []string{".tmp-", ".old-"} {
			if i := strings.LastIndex(n, sep); i > 0 && mine[n[1:i]] {
				os.RemoveAll(filepath.Join(dir, n))
			}
		}
	}
}

// complete reports whether image im's folder holds every output of this pipeline, made
// from the input file as it is now.
func (b *Batch) complete(im Image) bool {
	dir := filepath.Join(b.OutDir, im.Name)
	data, err := os.ReadFile(filepath.Join(dir, MarkerFile))
	if err != nil {
		return false
	}
	var m marker
	if json.Unmarshal(data, &m) != nil || m.Digest != b.Plan.Pipeline.Digest() {
		return false
	}
	st, err := os.Stat(im.Path)
	if err != nil || st.Size() != m.InputSize || !st.ModTime().Equal(m.InputMTime) {
		return false
	}
	for _, f := range b.Plan.SavedFiles() {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return false
		}
	}
	return true
}

// image runs the plan on one image into a temporary folder and renames it into place.
func (b *Batch) image(ctx context.Context, im Image) (*Result, error) {
	st, err := os.Stat(im.Path)
	if err != nil {
		return nil, err
	}
	ins, err := b.Plan.ReadImage(im.Path)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(b.OutDir, "."+im.Name+".tmp-")
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	r, err := b.Plan.Run(ctx, ins, &dirOutput{dir: tmp})
	if err != nil {
		return nil, err
	}
	m := marker{
		Pipeline: b.Plan.Pipeline.File, Digest: b.Plan.Pipeline.Digest(),
		Input: im.Path, InputSize: st.Size(), InputMTime: st.ModTime(),
		Shape: ins[0].Shape(), Outputs: b.Plan.SavedFiles(), Conversions: r.Conversions,
	}
	for _, s := range r.Steps {
		m.Steps = append(m.Steps, stepJSON{Index: s.Index, Name: s.Name, Library: s.Library, Result: s.Result, Seconds: s.Elapsed.Seconds()})
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := writeFile(filepath.Join(tmp, MarkerFile), func(w io.Writer) error { _, err := w.Write(append(data, '\n')); return err }); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil { // MkdirTemp makes it 0700
		return nil, err
	}
	if err := replaceDir(tmp, filepath.Join(b.OutDir, im.Name)); err != nil {
		return nil, err
	}
	ok = true
	return r, nil
}

// replaceDir renames folder tmp to dst, replacing what dst holds: the old folder is
// moved aside first and removed after, so dst is always either the old or the new one
// (or, after a crash in between, missing, and the image is run again).
func replaceDir(tmp, dst string) error {
	if _, err := os.Lstat(dst); err == nil {
		old, err := os.MkdirTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".old-")
		if err != nil {
			return err
		}
		if err := os.Remove(old); err != nil {
			return err
		}
		if err := os.Rename(dst, old); err != nil {
			return err
		}
		defer os.RemoveAll(old)
	}
	return os.Rename(tmp, dst)
}

// dirOutput writes saved results into a folder.
type dirOutput struct{ dir string }

func (o *dirOutput) Image(name string, a *registry.Array) error {
	return writeFile(filepath.Join(o.dir, name+".npy"), func(w io.Writer) error { return imageio.WriteNPY(w, a) })
}

func (o *dirOutput) Table(name string, t *Table) error {
	return writeFile(filepath.Join(o.dir, name+".csv"), t.WriteCSV)
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := write(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// CombinedTableName is the file a batch gathers table name's rows into.
func CombinedTableName(name string, s Shard) string {
	if s.Sharded() {
		return fmt.Sprintf("%s.shard-%d-of-%d.csv", name, s.Index, s.Count)
	}
	return name + ".csv"
}

// combine gathers table name from every image's folder into one CSV with an image
// column first, written atomically.
func (b *Batch) combine(name string, images []Image) (string, error) {
	path := filepath.Join(b.OutDir, CombinedTableName(name, b.Shard))
	removeTemps(path)
	err := writeFileAtomic(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		var header []string
		for _, im := range images {
			src := filepath.Join(b.OutDir, im.Name, name+".csv")
			rows, err := readCSV(src)
			if err != nil {
				return err
			}
			if len(rows) == 0 {
				return fmt.Errorf("%s: empty table (no header)", src)
			}
			if header == nil {
				header = rows[0]
				if err := cw.Write(append([]string{"image"}, header...)); err != nil {
					return err
				}
			} else if strings.Join(rows[0], ",") != strings.Join(header, ",") {
				return fmt.Errorf("%s: columns %v differ from the first image's %v", src, rows[0], header)
			}
			for _, r := range rows[1:] {
				if err := cw.Write(append([]string{im.Name}, r...)); err != nil {
					return err
				}
			}
		}
		cw.Flush()
		return cw.Error()
	})
	return path, err
}

func readCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
}

// removeTemps deletes the temporary files an interrupted writeFileAtomic left for path.
func removeTemps(path string) {
	dir, base := filepath.Split(path)
	entries, _ := os.ReadDir(filepath.Clean(dir))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "."+base+".tmp-") {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// writeFileAtomic writes path through a temporary file in its folder renamed into place.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	if err := atomicfile.Write(path, false, write); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
