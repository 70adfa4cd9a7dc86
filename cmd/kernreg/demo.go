package main

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/kernreg/kernreg/imageio"
	"github.com/kernreg/kernreg/measure"
	"github.com/kernreg/kernreg/pipeline"
	"github.com/kernreg/kernreg/registry"
	"github.com/kernreg/kernreg/report"
)

// demoYAML is the demo's pipeline, an ordinary pipeline file ('kernreg run' takes it too).
//
//go:embed demo.yaml
var demoYAML []byte

// The demo's plate: a few fields, each a stack small enough to run in well under a second.
const (
	sampleZ, sampleY, sampleX = 24, 128, 128
	sampleNuclei              = 20
	demoFields                = 3
)

// demoPreviews are the saved results shown in the report, in order, with their scaling.
var demoPreviews = []struct {
	name, caption string
	scale         imageio.Scaling
	labels        bool
}{
	{"input_mip", "input (max over z)", imageio.Percentile, false},
	{"corrected_mip", "background subtracted (max over z)", imageio.Percentile, false},
	{"mask_mip", "Otsu mask (max over z)", imageio.MinMax, false},
	{"labels_mip", "nuclei (labels, max over z)", 0, true},
}

func newDemoCmd() *cobra.Command {
	var dir, backend string
	cmd := &cobra.Command{
		Use:   "demo [--out DIR] [--backend auto|cpu|opencl|cuda]",
		Short: "Segment and measure nuclei on a synthetic plate; write an HTML report",
		Long: `Run a nuclei pipeline on a synthetic plate of 3 fields, each a 24x128x128 stack of about
20 nuclei of varying size and brightness on an uneven background with shot noise (the same
on every run): subtract_gaussian_background, gaussian_filter, threshold_otsu, label,
per-nucleus measurements (area, centroid, bounding box, intensity), and maximum
projections. Each step is printed with the backend that ran it and its time.

DIR receives index.html (previews before and after, the measurement table and a chart of
the time per step), nuclei.csv (every nucleus of every field), the PNG previews, and
pipeline.yaml, the pipeline that ran, for 'kernreg run'.`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkBackend(backend); err != nil {
				return err
			}
			return runDemo(cmd.Context(), cmd.OutOrStdout(), dir, backend)
		},
	}
	cmd.Flags().StringVar(&dir, "out", "kernreg-demo", "directory for the report `DIR`")
	addBackendFlag(cmd, &backend)
	return cmd
}

// demoOutput keeps what one field's run saves, in host memory.
type demoOutput struct {
	images map[string]*registry.Array
	tables map[string]*measure.Table
}

func (o *demoOutput) Image(name string, a *registry.Array) error {
	c, err := a.Clone()
	o.images[name] = c
	return err
}

func (o *demoOutput) Table(name string, t *measure.Table) error {
	o.tables[name] = t
	return nil
}

func runDemo(ctx context.Context, w io.Writer, dir, backend string) error {
	plan, err := pipeline.ParsePlan("demo.yaml", demoYAML, pipeline.Options{Backend: backend})
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	rep := &report.Report{Title: "kernreg demo: nuclei on a synthetic plate", MeasureFile: "nuclei.csv"}
	var (
		all         measure.Table
		steps       []report.Step
		conversions int
	)
	fmt.Fprintf(w, "kernreg demo: %d synthetic fields of %dx%dx%d float32, pipeline demo.yaml (backend %s)\n\n",
		demoFields, sampleZ, sampleY, sampleX, backend)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  field\tstep\tbackend\ttime\tresult")
	for f := range demoFields {
		field := fmt.Sprintf("field_%d", f+1)
		input, cells := sampleCells(sampleZ, sampleY, sampleX, sampleNuclei+5*f)
		out := &demoOutput{images: map[string]*registry.Array{}, tables: map[string]*measure.Table{}}
		res, err := plan.Run(ctx, []*registry.Array{input}, out)
		if err != nil {
			tw.Flush()
			return fmt.Errorf("demo: %s: %w", field, err)
		}
		conversions += res.Conversions
		for i, s := range res.Steps {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%v\t%s\n", field, s.Name, s.Library, s.Elapsed.Round(10*time.Microsecond), s.Result)
			if f == 0 {
				steps = append(steps, report.Step{Name: s.Name, Op: stepOp(plan, i), Backend: s.Library})
			}
			steps[i].Time += s.Elapsed
		}
		img := report.Image{Name: fmt.Sprintf("%s (%d nuclei placed)", field, len(cells))}
		for _, p := range demoPreviews {
			file := filepath.Join(field, p.name+".png")
			if err := writePreview(filepath.Join(dir, file), out.images[p.name], p.scale, p.labels); err != nil {
				return fmt.Errorf("demo: %s: %w", field, err)
			}
			img.Previews = append(img.Previews, report.Preview{Caption: p.caption, File: file})
		}
		rep.Images = append(rep.Images, img)
		if t := out.tables["nuclei"]; t != nil {
			if all.Columns == nil {
				all.Columns = t.Columns
			}
			for _, row := range t.Rows {
				all.Rows = append(all.Rows, row)
				rep.RowImages = append(rep.RowImages, field)
			}
		}
		for _, a := range out.images {
			a.Release()
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	rep.Steps, rep.Columns, rep.Rows = steps, all.Columns, all.Rows
	rep.Summary = []string{
		fmt.Sprintf("%d fields of %dx%dx%d float32; %d nuclei found; %d memory conversions between backends.",
			demoFields, sampleZ, sampleY, sampleX, len(all.Rows), conversions),
		"Pipeline: pipeline.yaml (run it on your own images with 'kernreg run pipeline.yaml IMAGES... -o OUT').",
	}
	var csv bytes.Buffer
	if err := writeFieldCSV(&csv, &all, rep.RowImages); err != nil {
		return err
	}
	for name, data := range map[string][]byte{"nuclei.csv": csv.Bytes(), "pipeline.yaml": demoYAML} {
		if err := writeFileAtomic(filepath.Join(dir, name), func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			return err
		}
	}
	path, err := report.Write(dir, rep)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	fmt.Fprintf(w, "\n%d nuclei measured in %d fields, %d memory conversions\nreport: %s\n", len(all.Rows), demoFields, conversions, path)
	return nil
}

// stepOp is what step i of the plan does: its operation, or measure/convert.
func stepOp(plan *pipeline.Plan, i int) string {
	if i < len(plan.Steps) {
		return plan.Steps[i].Step.What()
	}
	return ""
}

// writePreview writes a plane as PNG: grey with the given scaling, or one colour per label.
func writePreview(path string, a *registry.Array, scale imageio.Scaling, labels bool) error {
	if a == nil {
		return fmt.Errorf("the pipeline saved no %s", filepath.Base(path))
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if labels {
		l, err := registry.ConvertDType(a, registry.Uint32)
		if err != nil {
			return err
		}
		a = l
	}
	return writeFileAtomic(path, func(w io.Writer) error { return imageio.WritePNG(w, a, scale) })
}

// writeFieldCSV writes the table with a leading image column.
func writeFieldCSV(w io.Writer, t *measure.Table, images []string) error {
	var buf bytes.Buffer
	if err := t.WriteCSV(&buf); err != nil {
		return err
	}
	lines := bytes.Split(bytes.TrimRight(buf.Bytes(), "\n"), []byte("\n"))
	if len(lines) == 0 {
		return nil
	}
	fmt.Fprintf(w, "image,%s\n", lines[0])
	for i, l := range lines[1:] {
		fmt.Fprintf(w, "%s,%s\n", images[i], l)
	}
	return nil
}
