package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kernreg/kernreg/registry"
)

// infoJSON is 'info --json': the list entry plus what a caller needs to run the function.
type infoJSON struct {
	functionJSON
	Inputs      []inputJSON   `json:"inputs"`
	Output      string        `json:"output_dtype"`
	ContractDoc string        `json:"contract_doc"`
	Libraries   []libraryJSON `json:"libraries"`
}

type inputJSON struct {
	Name  string `json:"name"`
	DType string `json:"dtype"`
}

// libraryJSON is one library that registers the operation, and whether it can run here.
type libraryJSON struct {
	Key       string `json:"key"`
	Library   string `json:"library"`
	Available bool   `json:"available"`
	Reason    string `json:"reason,omitempty"` // why it is unavailable
	Selected  bool   `json:"selected"`         // the one 'apply NAME' runs
}

func newInfoCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "info NAME [--json]",
		Short: "Describe one function: parameters, inputs, output and contract",
		Long: `Describe one function. NAME is a key (cpu:gaussian_filter) or a bare name
(gaussian_filter); a bare name describes the implementation that 'apply NAME' would run,
the first available library in preference order (see 'kernreg devices'), and lists every
library that has the operation.`,
		Args:              exactArgs(1, "one function NAME"),
		ValidArgsFunction: completeNames,
		RunE: func(cmd *cobra.Command, args []string) error {
			info, err := describe(args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), info)
			}
			return printInfo(cmd.OutOrStdout(), info)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// describe finds the function a name refers to and the libraries that have it. A bare
// name registered only by unavailable libraries is still described, from the most
// preferred of them, so that 'info' works on a machine that cannot run it.
func describe(name string) (*infoJSON, error) {
	selected, lookupErr := registry.Lookup(name)
	bare := name
	if selected != nil {
		bare = selected.Name
	}
	all := registry.Functions(registry.Filter{Name: bare})
	if len(all) == 0 || (strings.Contains(name, ":") && lookupErr != nil) {
		return nil, lookupErr
	}
	rank := func(lib string) int {
		if i := slices.Index(registry.Preference, lib); i >= 0 {
			return i
		}
		return len(registry.Preference)
	}
	slices.SortStableFunc(all, func(a, b *registry.Function) int { return rank(a.Library) - rank(b.Library) })
	shown := selected
	if shown == nil {
		shown = all[0]
	}
	info := &infoJSON{
		functionJSON: toFunctionJSON(shown),
		Output:       shown.Output.String(),
		ContractDoc:  contractDoc(shown.Contract),
		Inputs:       make([]inputJSON, len(shown.Inputs)),
	}
	for i, in := range shown.Inputs {
		info.Inputs[i] = inputJSON{Name: in.Name, DType: in.DType.String()}
	}
	for _, f := range all {
		l := libraryJSON{Key: f.Key(), Library: f.Library, Available: true, Selected: f == selected}
		if err := registry.BackendStatus(f.Library); err != nil {
			l.Available, l.Reason = false, err.Error()
		}
		info.Libraries = append(info.Libraries, l)
	}
	return info, nil
}

func printInfo(w io.Writer, info *infoJSON) error {
	fmt.Fprintf(w, "%s (%s)\n", info.Name, info.Key)
	if info.Doc != "" {
		fmt.Fprintf(w, "  %s\n", info.Doc)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "  %s\t%s\n", k, v)
		}
	}
	row("contract", info.Contract+": "+info.ContractDoc)
	if info.SliceIndependent != nil {
		claim := "coupled: a stack's result mixes slices, so --slice-by-slice changes it"
		if *info.SliceIndependent {
			claim = "independent: a stack's result equals its per-slice results"
		}
		row("slices", claim)
	}
	if info.ShapeChanging {
		row("output shape", "computed from the input shape and the parameters")
	}
	ins := make([]string, len(info.Inputs))
	for i, in := range info.Inputs {
		ins[i] = fmt.Sprintf("%s (%s)", in.Name, in.DType)
	}
	row("inputs", strings.Join(ins, ", "))
	row("output", info.Output)
	row("reference", info.Ref)
	row("tags", strings.Join(info.Tags, ", "))
	if info.Module != "" {
		row("implemented by", info.Module+"."+info.OriginalName)
	}
	row("memory", info.MemoryType)
	libs := make([]string, len(info.Libraries))
	anyAvailable := false
	for i, l := range info.Libraries {
		switch {
		case l.Selected:
			libs[i] = l.Library + " (selected)"
		case l.Available:
			libs[i] = l.Library
		default:
			libs[i] = fmt.Sprintf("%s (unavailable: %s)", l.Library, l.Reason)
		}
		anyAvailable = anyAvailable || l.Available
	}
	row("libraries", strings.Join(libs, ", "))
	if !anyAvailable {
		row("note", "no library that has this operation can run on this machine")
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w)
	if len(info.Params) == 0 {
		fmt.Fprintln(w, "parameters: none")
	} else {
		fmt.Fprintln(w, "parameters:")
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  NAME\tTYPE\tDEFAULT\tRANGE\tDOC")
		for _, p := range info.Params {
			def := p.Default
			if def == "" {
				def = "(required)"
			}
			rng := paramRange(registry.Param{Min: p.Min, Max: p.Max, Enum: p.Enum})
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", p.Name, p.Type, def, rng, p.Doc)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}

	var ex strings.Builder
	fmt.Fprintf(&ex, "kernreg apply %s", info.Name)
	for _, p := range info.Params {
		if p.Default == "" {
			fmt.Fprintf(&ex, " -p %s=VALUE", p.Name)
		}
	}
	for _, in := range info.Inputs {
		fmt.Fprintf(&ex, " %s.npy", strings.ToUpper(in.Name))
	}
	ex.WriteString(" OUT.npy")
	fmt.Fprintf(w, "\nusage: %s\n", ex.String())
	return nil
}
