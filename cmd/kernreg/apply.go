package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kernreg/kernreg/imageio/tiff"
	"github.com/kernreg/kernreg/registry"
)

func newApplyCmd() *cobra.Command {
	var (
		backend      string
		params       []string
		sliceBySlice bool
	)
	cmd := &cobra.Command{
		Use:   "apply NAME [--backend auto|cpu|opencl|cuda] [-p key=value]... [--slice-by-slice] IN.npy|IN.tif... OUT.npy|OUT.tif",
		Short: "Run one function on .npy or TIFF images and write the result as .npy or TIFF",
		Long: `Run one function on .npy or TIFF images and write the result as .npy or TIFF.

NAME is a bare name (gaussian_filter), which runs on the first available library in
preference order unless --backend picks one, or a key (cpu:gaussian_filter). Give one IN
file per image input of the function ('kernreg info NAME' lists them) and then OUT.

Inputs may be float32, float64, uint8, uint16, uint32, int8, int16, int32 or bool arrays
of 2 or 3 dimensions; each is converted to the dtype the function expects without loss
(float64 values outside float32's range, or fractional values given to a label input,
are errors). A TIFF input (.tif, .tiff: a plane or a Z stack, any codec package
imageio/tiff reads) must hold a single channel and time point. OUT holds float32, or
uint32 for label results; a .tif/.tiff OUT is an uncompressed TIFF with OME-XML that
keeps the first input's pixel size when the result has its Y x X. OUT is written
through a temporary file in its directory and renamed into place, so a failed run never
leaves a partial OUT behind.

Parameters are given as -p name=value, in the syntax 'kernreg info NAME' shows:
-p sigma=2, -p sigma=1,2,2 (one value per axis), -p mode=nearest. Parameters not given
take their defaults.`,
		Example: `  kernreg apply gaussian_filter -p sigma=2 cells.npy blurred.npy
  kernreg apply --backend cpu -p sigma=0,2,2 gaussian_filter cells.npy blurred.npy
  kernreg apply -v cpu:maximum_z_projection cells.npy mip.npy
  kernreg apply threshold_otsu stack.tif mask.tif`,
		Args:              minArgs(3, "NAME, one or more IN files (.npy, .tif) and OUT"),
		ValidArgsFunction: completeNames,
		RunE: func(cmd *cobra.Command, args []string) error {
			name, ins, out := args[0], args[1:len(args)-1], args[len(args)-1]
			if err := checkBackend(backend); err != nil {
				return err
			}
			if strings.Contains(name, ":") && backend != "auto" {
				return usagef("%s is a key and names its library already; drop --backend or use the bare name", name)
			}
			if !strings.EqualFold(filepath.Ext(out), ".npy") && !isTIFF(out) {
				return usagef("OUT %q: want a .npy, .tif or .tiff file name (the last argument is the output)", out)
			}
			values, err := parseParams(params)
			if err != nil {
				return err
			}
			a := applyRun{name: name, backend: backend, values: values, sliceBySlice: sliceBySlice, ins: ins, out: out}
			if verbose(cmd) {
				a.log = cmd.ErrOrStderr()
			}
			return a.run(cmd)
		},
	}
	fl := cmd.Flags()
	addBackendFlag(cmd, &backend)
	fl.StringArrayVarP(&params, "param", "p", nil, "parameter `name=value` (repeatable)")
	fl.BoolVar(&sliceBySlice, "slice-by-slice", false, "run a FLEXIBLE function on each slice of a 3D input")
	return cmd
}

// parseParams turns repeated -p name=value flags into registry values. Only the syntax
// is checked here; names and values are checked against the function's schema.
func parseParams(flags []string) (registry.Values, error) {
	v := registry.Values{}
	for _, kv := range flags {
		k, val, ok := strings.Cut(kv, "=")
		if !ok || k == "" || strings.ContainsAny(k, " \t") {
			return nil, usagef("-p %q: want name=value, e.g. -p sigma=2", kv)
		}
		if _, dup := v[k]; dup {
			return nil, usagef("-p %s is given twice", k)
		}
		v[k] = val
	}
	return v, nil
}

type applyRun struct {
	name, backend string
	values        registry.Values
	sliceBySlice  bool
	ins           []string
	out           string
	log           io.Writer // nil unless -v
}

func (a *applyRun) run(cmd *cobra.Command) error {
	ctx := cmd.Context()
	f, err := registry.Resolve(a.name, a.backend)
	if err != nil {
		return err
	}
	// Everything that does not need the data is checked before any file is read.
	if len(a.ins) != len(f.Inputs) {
		names := make([]string, len(f.Inputs))
		for i, in := range f.Inputs {
			names[i] = in.Name
		}
		return fmt.Errorf("%s takes %d image input(s) (%s) and then OUT, got %d input file(s): %s",
			f.Name, len(f.Inputs), strings.Join(names, ", "), len(a.ins), strings.Join(a.ins, " "))
	}
	if err := f.CheckNames(a.values); err != nil {
		return fmt.Errorf("%s: %w", f.Name, err)
	}
	if _, err := f.Bind(a.values); err != nil {
		return fmt.Errorf("%s: %w", f.Name, err)
	}

	arrays := make([]*registry.Array, len(a.ins))
	var first *registry.Array
	var firstMeta *tiff.Metadata
	for i, path := range a.ins {
		x, meta, err := readImage(path)
		if err != nil {
			return err
		}
		if i == 0 {
			first, firstMeta = x, meta
		}
		if arrays[i], err = registry.ConvertDType(x, f.Inputs[i].DType); err != nil {
			return fmt.Errorf("%s: input %s (%s): %w", f.Name, f.Inputs[i].Name, path, err)
		}
	}

	start := time.Now()
	res, err := registry.CallN(ctx, a.name, arrays, a.values,
		registry.WithBackend(a.backend), registry.SliceBySlice(a.sliceBySlice))
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	if res, err = toHost(ctx, res); err != nil {
		return fmt.Errorf("%s: copy result to host: %w", f.Name, err)
	}
	if err := writeImage(a.out, res, calibration(first, firstMeta, res)); err != nil {
		return err
	}
	if a.log != nil {
		fmt.Fprintf(a.log, "%s: ran on %s in %v: %v -> %s\n", f.Name, f.Library, elapsed.Round(time.Microsecond), res, a.out)
	}
	return nil
}
