// Command ptxgen compiles kernels/gpu's shared kernel sources to PTX for the CUDA backend
// (NVRTC 11.8 through purego, compute_70, the CUDA preamble of kernels/cuda) and writes
// kernels/cuda/ptx/, which the backend embeds.
//
// Usage:
//
//	go run ./tools/ptxgen [-check] [-dir DIR]
//
// -check writes nothing: it exits 1 when a source changed since its PTX was made (which
// needs no NVRTC), or, where NVRTC is present, when the PTX differs from a fresh compile.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kernreg/kernreg/internal/atomicfile"
	"github.com/kernreg/kernreg/kernels/cuda"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("ptxgen: ")
	check := flag.Bool("check", false, "report stale PTX and exit 1; write nothing")
	dir := flag.String("dir", ".", "the module root")
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(filepath.Join(*dir, "kernels", "cuda", "ptx"), *check); err != nil {
		log.Print(err)
		os.Exit(1)
	}
}

func run(out string, check bool) error {
	if check {
		if stale := cuda.StalePTX(); len(stale) > 0 {
			return fmt.Errorf("kernels/cuda/ptx is stale for %s: run make generate", strings.Join(stale, ", "))
		}
	}
	files, err := cuda.GeneratePTX()
	if err != nil {
		if check {
			log.Printf("sources and PTX agree; PTX bytes not compared: %v", err)
			return nil
		}
		return err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var stale []string
	for _, n := range names {
		path := filepath.Join(out, n)
		old, _ := os.ReadFile(path)
		if bytes.Equal(old, files[n]) {
			continue
		}
		stale = append(stale, n)
		if !check {
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
			if err := atomicfile.WriteBytes(path, files[n], false); err != nil {
				return err
			}
		}
	}
	existing, _ := filepath.Glob(filepath.Join(out, "*.ptx"))
	for _, p := range existing {
		if _, ok := files[filepath.Base(p)]; !ok {
			stale = append(stale, filepath.Base(p)+" (removed)")
			if !check {
				os.Remove(p)
			}
		}
	}
	if check && len(stale) > 0 {
		return fmt.Errorf("kernels/cuda/ptx differs from a fresh NVRTC compile: %s: run make generate", strings.Join(stale, ", "))
	}
	return nil
}
