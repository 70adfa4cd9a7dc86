// Command regen generates kernreg's registry table, typed wrappers and parameter
// binders from the annotated kernel packages. See doc.go for the manual.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
)

// errStale is returned by run in -check mode when generated/ differs from what regen
// would write.
var errStale = errors.New("generated code is stale: run 'make generate'")

// errUsage marks a command-line mistake (exit 2).
var errUsage = errors.New("usage")

func main() {
	log.SetFlags(0)
	log.SetPrefix("regen: ")
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		log.Print(err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("regen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		check = fs.Bool("check", false, "write nothing; print a diff and exit 1 if generated code is stale")
		debug = fs.Bool("debug", false, "print the model as JSON and exit")
		out   = fs.String("out", "generated", "output directory, relative to -dir")
		dir   = fs.String("dir", ".", "module root to run in")
	)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: regen [-check] [-debug] [-dir DIR] [-out DIR] [packages]")
		fmt.Fprintln(stderr, "Packages default to ./kernels/cpu and ./kernels/gpu. See 'go doc ./tools/regen'.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	root, err := filepath.Abs(*dir)
	if err != nil {
		return err
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = presentDefaults(root)
	}
	m, err := buildModel(root, patterns)
	if err != nil {
		return err
	}
	if *debug {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	}
	files, err := emit(m)
	if err != nil {
		return err
	}
	stale, err := sync(filepath.Join(root, *out), files, *check, stdout)
	if err != nil {
		return err
	}
	if *check && stale {
		return errStale
	}
	return nil
}

// defaultPackages are the kernel packages of this repository: the reference first, then
// the GPU kernels, which a module may not have.
var defaultPackages = []string{"./kernels/cpu", "./kernels/gpu"}

// presentDefaults is defaultPackages without the GPU package when root has none.
func presentDefaults(root string) []string {
	out := []string{defaultPackages[0]}
	for _, p := range defaultPackages[1:] {
		if st, err := os.Stat(filepath.Join(root, p)); err == nil && st.IsDir() {
			out = append(out, p)
		}
	}
	return out
}

// buildModel loads and analyzes the packages; any diagnostic is an error listing all of
// them, sorted, one per line.
func buildModel(root string, patterns []string) (*Model, error) {
	ds := &Diagnostics{root: root}
	pkgs := load(root, patterns, ds)
	if ds.Len() > 0 {
		return nil, ds
	}
	m := analyze(pkgs, ds)
	if ds.Len() > 0 {
		return nil, ds
	}
	if len(m.Ops) == 0 {
		return nil, fmt.Errorf("no operations found in %v", patterns)
	}
	return m, nil
}
