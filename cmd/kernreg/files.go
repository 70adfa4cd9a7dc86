package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kernreg/kernreg/imageio"
	"github.com/kernreg/kernreg/imageio/tiff"
	"github.com/kernreg/kernreg/internal/atomicfile"
	"github.com/kernreg/kernreg/registry"
)

// isTIFF reports whether path names a TIFF file by its extension (.tif or .tiff).
func isTIFF(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".tif" || ext == ".tiff"
}

// readImage reads a .npy or TIFF file; for a TIFF it also returns the file's metadata.
// A TIFF must hold one Z stack (or plane): several channels or time points are an
// error, since apply's functions would mix them. Errors name the file.
func readImage(path string) (*registry.Array, *tiff.Metadata, error) {
	if !isTIFF(path) {
		a, err := readNPY(path)
		return a, nil, err
	}
	img, err := tiff.ReadFile(path)
	if err != nil {
		return nil, nil, err // ReadFile names the file
	}
	if m := img.Meta; m.SizeC > 1 || m.SizeT > 1 {
		return nil, nil, fmt.Errorf("%s: %d channel(s) x %d time point(s) of %d slice(s) (from the %s metadata): apply takes one Z stack per file; save each channel and time point on its own",
			path, m.SizeC, m.SizeT, m.SizeZ, m.Source)
	}
	a, err := img.Array()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return a, &img.Meta, nil
}

// writeImage writes a as .npy, or as an uncompressed TIFF (for a .tif/.tiff path) with
// the pixel size of calib when calib is not nil. Written atomically (writeFileAtomic).
func writeImage(path string, a *registry.Array, calib *tiff.Metadata) error {
	if !isTIFF(path) {
		return writeFileAtomic(path, func(w io.Writer) error { return imageio.WriteNPY(w, a) })
	}
	img, err := tiff.FromArray(a)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if calib != nil {
		img.Meta.PhysicalSizeX, img.Meta.PhysicalSizeY = calib.PhysicalSizeX, calib.PhysicalSizeY
		if a.Ndim() == 3 {
			img.Meta.PhysicalSizeZ = calib.PhysicalSizeZ
		}
	}
	return writeFileAtomic(path, func(w io.Writer) error { return tiff.Write(w, img, nil) })
}

// calibration returns the metadata of a TIFF input whose pixel size still holds for the
// result: one with the same Y x X (and Z for a 3D result); nil otherwise.
func calibration(in *registry.Array, meta *tiff.Metadata, out *registry.Array) *tiff.Metadata {
	if meta == nil {
		return nil
	}
	src, dst := in.Shape(), out.Shape()
	if src[len(src)-1] != dst[len(dst)-1] || src[len(src)-2] != dst[len(dst)-2] {
		return nil
	}
	m := *meta
	if len(dst) == 3 && (len(src) != 3 || src[0] != dst[0]) {
		m.PhysicalSizeZ = tiff.Length{}
	}
	return &m
}

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
func writeFileAtomic(path string, write func(io.Writer) error) error {
	if err := atomicfile.Write(path, false, write); err != nil {
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
