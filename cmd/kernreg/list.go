package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kernreg/kernreg/registry"
)

func newListCmd() *cobra.Command {
	var (
		filter   registry.Filter
		contract string
		asJSON   bool
	)
	cmd := &cobra.Command{
		Use:   "list [--library L] [--contract C] [--tag T] [--json]",
		Short: "List the registered functions, sorted by key",
		Long: `List the registered functions (one per library that implements an operation), sorted
by key. Filters combine: --library cpu --tag filter lists the CPU filters. --contract
takes PURE_2D, PURE_3D, FLEXIBLE or VOLUMETRIC_TO_SLICE in any case.

With --json the output is an array of objects with the keys key, name, library, contract,
memory_type, module, original_name, doc, tags, params and ref; each parameter has name,
type, default ("" when required) and doc, plus min, max and enum where they are set.`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if contract != "" {
				c, err := registry.ParseContract(contract)
				if err != nil {
					return &usageError{fmt.Errorf("--contract: %w", err)}
				}
				filter.Contract = c
			}
			fns := registry.Functions(filter)
			out := cmd.OutOrStdout()
			if asJSON {
				list := make([]functionJSON, len(fns))
				for i, f := range fns {
					list[i] = toFunctionJSON(f)
				}
				return writeJSON(out, list)
			}
			if len(fns) == 0 {
				fmt.Fprintln(cmd.ErrOrStderr(), "no registered function matches")
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "KEY\tCONTRACT\tTAGS\tREF")
			for _, f := range fns {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", f.Key(), f.Contract, strings.Join(f.Tags, ","), f.Ref)
			}
			return tw.Flush()
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&filter.Library, "library", "", "only functions of library `L` (cpu, opencl, cuda)")
	fl.StringVar(&contract, "contract", "", "only functions with contract `C`")
	fl.StringVar(&filter.Tag, "tag", "", "only functions tagged `T`")
	fl.BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
