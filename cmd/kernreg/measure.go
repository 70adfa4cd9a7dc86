package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/kernreg/kernreg/measure"
	"github.com/kernreg/kernreg/registry"
)

func newMeasureCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "measure LABELS.npy [INTENSITY.npy] [--csv OUT]",
		Short: "Measure every label of a label image and print the table as CSV",
		Long: `Measure every label of a label image, as skimage.measure.regionprops_table does, and
write one CSV row per label (increasing label order; 0 is background) to stdout, or to
OUT with --csv.

Columns: label, area (pixels), centroid-0.. (mean coordinate per axis, in array order:
y, x for a plane, z, y, x for a volume), bbox-0.. (first index per axis, then one past
the last) and, with INTENSITY.npy, intensity_mean, intensity_min and intensity_max.

LABELS.npy holds non-negative integers (any integer dtype, or floats with integral
values); INTENSITY.npy has the same shape and is read as float32. OUT is written to a
temporary file and renamed into place, so a failed run never leaves a partial OUT.`,
		Example: `  kernreg measure labels.npy
  kernreg measure labels.npy cells.npy --csv regions.csv`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 2 {
				return usagef("%s takes LABELS.npy and optionally INTENSITY.npy, got %d argument(s)", cmd.Name(), len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			start := time.Now()
			labels, err := readAs(args[0], registry.Uint32, "labels")
			if err != nil {
				return err
			}
			var intensity *registry.Array
			if len(args) == 2 {
				if intensity, err = readAs(args[1], registry.Float32, "intensity"); err != nil {
					return err
				}
				if !intensity.Shape().Equal(labels.Shape()) {
					return fmt.Errorf("measure: intensity %s is %v but labels %s are %v", args[1], intensity.Shape(), args[0], labels.Shape())
				}
			}
			t, err := measure.Regions(labels, intensity)
			if err != nil {
				return err
			}
			if out == "" {
				err = t.WriteCSV(cmd.OutOrStdout())
			} else {
				err = writeFileAtomic(out, func(w io.Writer) error { return t.WriteCSV(w) })
			}
			if err != nil {
				return err
			}
			if verbose(cmd) {
				dest := out
				if dest == "" {
					dest = "stdout"
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "measure: %d regions of %v in %v -> %s\n",
					len(t.Rows), labels.Shape(), time.Since(start).Round(time.Microsecond), dest)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "csv", "", "write the table to `OUT` instead of stdout")
	return cmd
}

// readAs reads a .npy file and converts it to dtype dt; errors name the file and what
// it is for.
func readAs(path string, dt registry.DType, what string) (*registry.Array, error) {
	a, err := readNPY(path)
	if err != nil {
		return nil, err
	}
	c, err := registry.ConvertDType(a, dt)
	if err != nil {
		return nil, fmt.Errorf("measure: %s %s: %w", what, path, err)
	}
	return c, nil
}
