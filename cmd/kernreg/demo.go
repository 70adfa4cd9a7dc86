package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/kernreg/kernreg/imageio"
	"github.com/kernreg/kernreg/registry"
)

// demoStep is one operation of the demo pipeline. Arrays are named so that a step can
// read any earlier result.
type demoStep struct {
	op      string          // bare operation name
	input   string          // the array it reads
	output  string          // the name of its result
	params  registry.Values // passed as given: a parameter the operation lacks is an error
	labels  bool            // the result is a label image (a projection of labels, say)
	scale   imageio.Scaling // grey scaling of a float32 preview
	preview string          // PNG file name
}

// demoPipeline segments the nuclei of the sample: smooth, threshold, label connected
// components, then project the labels and the smoothed stack to planes.
var demoPipeline = []demoStep{
	{op: "maximum_z_projection", input: "input", output: "input_mip", scale: imageio.Percentile, preview: "00_input_mip.png"},
	{op: "gaussian_filter", input: "input", output: "blurred", params: registry.Values{"sigma": "1,2,2"}, scale: imageio.Percentile, preview: "01_blurred.png"},
	{op: "threshold_otsu", input: "blurred", output: "mask", scale: imageio.MinMax, preview: "02_mask.png"},
	{op: "label", input: "mask", output: "labels", labels: true, preview: "03_labels.png"},
	{op: "maximum_z_projection", input: "labels", output: "labels_mip", labels: true, preview: "04_labels_mip.png"},
	{op: "maximum_z_projection", input: "blurred", output: "blurred_mip", scale: imageio.Percentile, preview: "05_blurred_mip.png"},
}

// The demo's sample: small enough to run in well under a second on one CPU core.
const (
	sampleZ, sampleY, sampleX = 24, 128, 128
	sampleNuclei              = 20
)

func newDemoCmd() *cobra.Command {
	var dir, backend string
	cmd := &cobra.Command{
		Use:   "demo [--out DIR] [--backend auto|cpu|opencl|cuda]",
		Short: "Segment nuclei in a synthetic 3D sample and write PNG previews of every step",
		Long: `Segment nuclei in a synthetic 3D sample: a 24x128x128 stack of about 20 nuclei of
varying size and brightness on an uneven background with shot noise, generated the same
way on every run. The pipeline is maximum_z_projection of the input, gaussian_filter,
threshold_otsu, label, and maximum_z_projection of the labels and of the smoothed stack;
each step is printed with the backend that ran it and the time it took.

DIR receives input.npy (the sample, to try 'kernreg apply' on) and one PNG preview per
step: grey for images (1st-99th percentile scaling; min/max for the mask), a fixed colour
per label for label images, the middle slice for 3D results.`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkBackend(backend); err != nil {
				return err
			}
			input, cells := sampleCells(sampleZ, sampleY, sampleX, sampleNuclei)
			d := demo{steps: demoPipeline, backend: backend, dir: dir, w: cmd.OutOrStdout()}
			return d.run(cmd.Context(), input, fmt.Sprintf("%d nuclei", len(cells)))
		},
	}
	cmd.Flags().StringVar(&dir, "out", "kernreg-demo", "directory for the previews `DIR`")
	addBackendFlag(cmd, &backend)
	return cmd
}

type demo struct {
	steps   []demoStep
	backend string
	dir     string
	w       io.Writer
}

func (d *demo) run(ctx context.Context, input *registry.Array, what string) error {
	fns, err := d.resolve()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := writeFileAtomic(filepath.Join(d.dir, "input.npy"), func(w io.Writer) error { return imageio.WriteNPY(w, input) }); err != nil {
		return err
	}
	fmt.Fprintf(d.w, "kernreg demo: synthetic %v stack with %s (%s)\n\n", input, what, filepath.Join(d.dir, "input.npy"))

	arrays := map[string]*registry.Array{"input": input}
	defer func() {
		for name, a := range arrays {
			if name != "input" { // the caller's
				a.Release()
			}
		}
	}()
	tw := tabwriter.NewWriter(d.w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  #\tstep\tbackend\ttime\tresult\tpreview")
	for i, s := range d.steps {
		res, elapsed, err := d.step(ctx, s, fns[i], arrays[s.input])
		if err != nil {
			tw.Flush()
			return err
		}
		arrays[s.output] = res
		host, err := toHostCopy(ctx, res)
		if err != nil {
			return fmt.Errorf("demo: %s: %w", s.op, err)
		}
		summary := res.String()
		if s.labels {
			summary += fmt.Sprintf(", %d labels", countLabels(host))
		}
		note, err := d.writePreview(s, host)
		if host != res {
			host.Release()
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%v\t%s\t%s\n", i+1, describeStep(s), fns[i].Library, elapsed.Round(10*time.Microsecond), summary, note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	abs, err := filepath.Abs(d.dir)
	if err != nil {
		abs = d.dir
	}
	fmt.Fprintf(d.w, "\nwrote %d previews and input.npy to %s\n", len(d.steps), abs)
	return nil
}

// resolve finds every step's function before anything runs, so that a build without one
// of them fails at once, naming all that are missing.
func (d *demo) resolve() ([]*registry.Function, error) {
	fns := make([]*registry.Function, len(d.steps))
	var missing []string
	for i, s := range d.steps {
		f, err := registry.Resolve(s.op, d.backend)
		switch {
		case errors.Is(err, registry.ErrNotFound):
			if !slices.Contains(missing, s.op) {
				missing = append(missing, s.op)
			}
		case err != nil:
			return nil, fmt.Errorf("demo: %w", err)
		}
		fns[i] = f
	}
	if len(missing) > 0 {
		where := "this build"
		if d.backend != "auto" {
			where = "library " + d.backend
		}
		return nil, fmt.Errorf("demo: needs operation(s) that %s does not register: %s (see 'kernreg list')",
			where, strings.Join(missing, ", "))
	}
	return fns, nil
}

// step runs one operation, converting its input to the dtype the function takes (a label
// image to float32 for a projection, say) and a label result back to uint32.
func (d *demo) step(ctx context.Context, s demoStep, f *registry.Function, in *registry.Array) (*registry.Array, time.Duration, error) {
	if in == nil {
		return nil, 0, fmt.Errorf("demo: step %s reads %q, which no earlier step makes", s.op, s.input)
	}
	if want := f.Inputs[0].DType; in.DType() != want {
		h, err := toHostCopy(ctx, in)
		if err != nil {
			return nil, 0, fmt.Errorf("demo: %s: %w", s.op, err)
		}
		if in, err = registry.ConvertDType(h, want); err != nil {
			return nil, 0, fmt.Errorf("demo: %s of %s: %w", s.op, s.input, err)
		}
	}
	start := time.Now()
	res, err := registry.CallN(ctx, s.op, []*registry.Array{in}, s.params, registry.WithBackend(d.backend))
	elapsed := time.Since(start)
	if err != nil {
		return nil, 0, fmt.Errorf("demo: %w", err)
	}
	if s.labels && res.DType() != registry.Uint32 {
		h, err := toHost(ctx, res)
		if err != nil {
			return nil, 0, fmt.Errorf("demo: %s: %w", s.op, err)
		}
		if res, err = registry.ConvertDType(h, registry.Uint32); err != nil {
			return nil, 0, fmt.Errorf("demo: %s: result is not a label image: %w", s.op, err)
		}
	}
	return res, elapsed, nil
}

// writePreview writes a step's PNG: the array itself for a plane, its middle slice for a
// volume. It returns the file name with a note on what it shows.
func (d *demo) writePreview(s demoStep, a *registry.Array) (string, error) {
	note := s.preview
	plane := a
	if a.Ndim() == 3 {
		z := a.Shape()[0] / 2
		var err error
		if plane, err = a.Slice(z); err != nil {
			return "", fmt.Errorf("demo: %s: %w", s.op, err)
		}
		note += fmt.Sprintf(" (slice z=%d)", z)
	}
	path := filepath.Join(d.dir, s.preview)
	err := writeFileAtomic(path, func(w io.Writer) error { return imageio.WritePNG(w, plane, s.scale) })
	return note, err
}

func describeStep(s demoStep) string {
	args := []string{s.input}
	keys := make([]string, 0, len(s.params))
	for k := range s.params {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		args = append(args, fmt.Sprintf("%s=%v", k, s.params[k]))
	}
	return fmt.Sprintf("%s = %s(%s)", s.output, s.op, strings.Join(args, ", "))
}

// countLabels counts the distinct non-zero labels of a host label array.
func countLabels(a *registry.Array) int {
	d, _ := a.Uint32s()
	seen := map[uint32]bool{}
	for _, v := range d {
		if v != 0 {
			seen[v] = true
		}
	}
	return len(seen)
}

// toHostCopy returns a in host memory without releasing a: a itself when it is on the
// host already, otherwise a copy the caller releases.
func toHostCopy(ctx context.Context, a *registry.Array) (*registry.Array, error) {
	return registry.To(ctx, a, registry.Host)
}
