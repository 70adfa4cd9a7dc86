package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/kernreg/kernreg/imageio"
	"github.com/kernreg/kernreg/registry"
)

// readNPY reads one .npy file; errors name the file.
func readNPY(path string) (*registry.Array, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // *PathError names the file already
	}
	defer f.Close()
	a, err := imageio.ReadNPY(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
}

// writeFileAtomic writes path through a temporary file in the same directory and renames
// it into place, so that path is either left as it was or holds the complete new content,
// whatever fails (including the write function).
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<20)
	if err := write(bw); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	// CreateTemp makes the file 0600; an output file is ordinary data.
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// toHost returns a in host memory: a itself, or a host copy with the device array released.
func toHost(ctx context.Context, a *registry.Array) (*registry.Array, error) {
	if a.Memory() == registry.Host {
		return a, nil
	}
	h, err := registry.To(ctx, a, registry.Host)
	a.Release()
	return h, err
}
