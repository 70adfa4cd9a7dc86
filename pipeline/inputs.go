package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kernreg/kernreg/imageio"
	"github.com/kernreg/kernreg/registry"
)

// Image is one input image of a batch.
type Image struct {
	Path string // as found: an argument, or a folder joined with the file's name
	Name string // the file name without its extension; names its output folder
}

// imageExts are the file types a batch reads, lower case.
var imageExts = []string{".npy", ".tif", ".tiff"}

func isImage(name string) bool { return contains(imageExts, strings.ToLower(filepath.Ext(name))) }

// CollectInputs expands the command line's INPUT arguments into images: a file is taken
// as it is (it must have an image extension), a folder contributes every .npy, .tif and
// .tiff file directly inside it (not in subfolders). The result is sorted by name, so
// that every shard of a job sees the same list. Missing paths, folders without images
// and two images with the same name (they would share an output folder) are errors,
// all reported at once.
func CollectInputs(args []string) ([]Image, error) {
	var (
		out  []Image
		errs []string
	)
	seen := map[string]string{} // name -> path
	add := func(path string) {
		name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		if prev, dup := seen[name]; dup {
			if filepath.Clean(prev) != filepath.Clean(path) {
				errs = append(errs, fmt.Sprintf("%s and %s have the same name %q and would write the same output folder", prev, path, name))
			}
			return
		}
		seen[name] = path
		out = append(out, Image{Path: path, Name: name})
	}
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		if !st.IsDir() {
			if !isImage(arg) {
				errs = append(errs, fmt.Sprintf("%s: not an image file (want %s)", arg, strings.Join(imageExts, ", ")))
				continue
			}
			add(arg)
			continue
		}
		entries, err := os.ReadDir(arg)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		n := 0
		for _, e := range entries {
			if e.Type().IsRegular() && isImage(e.Name()) && !strings.HasPrefix(e.Name(), ".") {
				add(filepath.Join(arg, e.Name()))
				n++
			}
		}
		if n == 0 {
			errs = append(errs, fmt.Sprintf("%s: folder holds no %s files", arg, strings.Join(imageExts, ", ")))
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// ReadImage reads one image file as the plan's inputs: one float32 array, or one per
// declared channel. Integer and float64 data are converted to float32 without loss
// (imageio's rules; uint32 data must be below 2^24). A .npy file holds channels on its
// first axis (C x Y x X); a TIFF file's channels come from its OME-XML or ImageJ
// metadata (see readTIFF).
func (pl *Plan) ReadImage(path string) ([]*registry.Array, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".npy":
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		a, err := imageio.ReadNPY(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if a, err = registry.ConvertDType(a, registry.Float32); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return pl.splitChannels(path, a)
	case ".tif", ".tiff":
		return pl.readTIFF(path)
	}
	return nil, fmt.Errorf("%s: not an image file (want %s)", path, strings.Join(imageExts, ", "))
}

// splitChannels views a C x Y x X array as C planes when the pipeline declares C
// channels.
func (pl *Plan) splitChannels(path string, a *registry.Array) ([]*registry.Array, error) {
	chans := pl.Pipeline.Channels
	if len(chans) == 0 {
		return []*registry.Array{a}, nil
	}
	sh := a.Shape()
	if len(sh) != 3 || sh[0] != len(chans) {
		return nil, fmt.Errorf("%s: the pipeline reads %d channels (%s), which a .npy file holds as a %d x Y x X array; got %v",
			path, len(chans), strings.Join(chans, ", "), len(chans), sh)
	}
	out := make([]*registry.Array, len(chans))
	for i := range chans {
		out[i], _ = a.Slice(i)
	}
	return out, nil
}
