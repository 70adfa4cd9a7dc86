package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kernreg/kernreg/registry"
)

// Exit codes; see the package doc for which errors get which.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// version is set at link time (-ldflags "-X main.version=v1.2.3"); otherwise the module
// version from the build info is used.
var version = ""

// run executes the command line args and returns the process exit code. It writes
// results to stdout and diagnostics to stderr, one line per error.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetContext(ctx)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	if cmd == nil {
		cmd = root
	}
	msg := oneLine(err.Error())
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "kernreg: %s (see '%s --help')\n", msg, cmd.CommandPath())
		return exitUsage
	}
	fmt.Fprintf(stderr, "kernreg: %s\n", msg)
	return exitFailure
}

// usageError marks a malformed command line: exit code 2 and a pointer to --help.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return &usageError{fmt.Errorf(format, a...)} }

// oneLine folds a multi-line message (a compiler log, say) onto one line, so that every
// error is exactly one line of stderr.
func oneLine(s string) string {
	lines := strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' })
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	lines = slices.DeleteFunc(lines, func(l string) bool { return l == "" })
	return strings.Join(lines, " | ")
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "kernreg",
		Short: "Run and inspect kernreg's registry of image-processing operations",
		Long: `kernreg runs scientific image-processing operations (filters, thresholds, labelling,
projections, ...) on .npy images with CPU, OpenCL or CUDA backends, and describes what
the registry holds.

Exit status: 0 on success, 1 when the operation fails (unknown function or parameter,
unreadable input, unavailable backend, ...), 2 when the command line is malformed.`,
		Version:                    versionString(),
		SilenceUsage:               true,
		SilenceErrors:              true,
		Args:                       cobra.ArbitraryArgs,
		SuggestionsMinimumDistance: 2,
		// Without a RunE cobra prints help for unknown commands and exits 0; with it, the
		// first argument that is not a command is reported as a usage error.
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("no command given")
			}
			msg := fmt.Sprintf("unknown command %q", args[0])
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(s, ", "))
			}
			return usagef("%s", msg)
		},
	}
	root.SetVersionTemplate("kernreg {{.Version}}\n")
	// The root runs only to report a missing or unknown command: keep "kernreg [flags]"
	// out of the usage, which would suggest it does something on its own.
	root.SetUsageTemplate(strings.Replace(root.UsageTemplate(), "Usage:{{if .Runnable}}", "Usage:{{if and .Runnable .HasParent}}", 1))
	root.SetHelpCommand(newHelpCmd())
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	root.PersistentFlags().BoolP("verbose", "v", false, "report the backend used and the time taken on stderr")
	addOpenCLDeviceFlag(root)
	root.AddCommand(newListCmd(), newInfoCmd(), newDevicesCmd(), newApplyCmd(), newDemoCmd(), newCacheCmd())
	root.AddCommand(newRunCmd())
	root.AddCommand(newMeasureCmd())
	return root
}

// exactArgs and minArgs are cobra's validators, returning usage errors.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s takes %s, got %d argument(s)", cmd.Name(), what, len(args))
		}
		return nil
	}
}

func minArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usagef("%s takes %s, got %d argument(s)", cmd.Name(), what, len(args))
		}
		return nil
	}
}

func verbose(cmd *cobra.Command) bool {
	v, _ := cmd.Flags().GetBool("verbose")
	return v
}

func versionString() string {
	v := version
	if v == "" {
		v = "(devel)"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
			v = bi.Main.Version
		}
	}
	return fmt.Sprintf("%s %s %s/%s", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// completeNames offers the registered bare names and keys for shell completion.
func completeNames(_ *cobra.Command, args []string, prefix string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveDefault // the .npy files
	}
	var out []cobra.Completion
	for _, n := range registry.Names() {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	for _, f := range registry.Functions(registry.Filter{}) {
		if strings.HasPrefix(f.Key(), prefix) {
			out = append(out, f.Key())
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// addBackendFlag adds --backend with its fixed set of values.
func addBackendFlag(cmd *cobra.Command, backend *string) {
	cmd.Flags().StringVar(backend, "backend", "auto", "library to run on: auto, "+strings.Join(registry.KnownBackends, ", "))
	cmd.RegisterFlagCompletionFunc("backend", cobra.FixedCompletions(backendChoices(), cobra.ShellCompDirectiveNoFileComp))
}

func backendChoices() []string { return append([]string{"auto"}, registry.KnownBackends...) }

// checkBackend validates a --backend value; anything outside the fixed set is a usage error.
func checkBackend(backend string) error {
	if !slices.Contains(backendChoices(), backend) {
		return usagef("--backend %q: want %s", backend, strings.Join(backendChoices(), ", "))
	}
	return nil
}

// newHelpCmd replaces cobra's help command, which prints the root's help and exits 0 for
// an unknown topic, with one that reports it as a usage error.
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil || len(rest) > 0 {
				return usagef("unknown help topic %q", strings.Join(args, " "))
			}
			cmd.InitDefaultHelpFlag()
			cmd.InitDefaultVersionFlag()
			return cmd.Help()
		},
	}
}
