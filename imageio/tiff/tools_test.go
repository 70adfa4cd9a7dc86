package tiff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// These tests check the package against independent implementations: libtiff's tools
// (Debian's libtiff-tools, installed by `make deps`) and tifffile (python3-tifffile).
// Where a tool is missing they are skipped; the fixtures in testdata, made by the same
// tools, still run everywhere.

func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not found (Debian: apt-get install libtiff-tools, or `make deps`); fixtures in testdata still cover reading", name)
	}
	return p
}

func run(t *testing.T, name string, args ...string) (string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), stderr.String()
}

func toolDTypes() []DType {
	if testing.Short() {
		return []DType{Uint16, Float32}
	}
	return []DType{Uint8, Int16, Uint16, Uint32, Float32, Float64}
}

var libtiffCompression = map[Compression]string{None: "None", LZW: "LZW", Deflate: "AdobeDeflate", PackBits: "PackBits"}

// TestLibtiffReadsWrittenFiles writes every option combination, checks that tiffinfo
// reads all strips or tiles without complaint and reports the intended layout, and that
// tiffcp's decoded copy holds the written pixels.
func TestLibtiffReadsWrittenFiles(t *testing.T) {
	tiffinfo, tiffcp := needTool(t, "tiffinfo"), needTool(t, "tiffcp")
	dir := t.TempDir()
	shape := []int{3, 21, 37}
	for _, dt := range toolDTypes() {
		pix := pattern(dt, 3*21*37)
		for i, c := range writeCases() {
			t.Run(fmt.Sprintf("%v/%s", dt, c.name), func(t *testing.T) {
				t.Parallel()
				img, _ := NewImage(shape, pix)
				img.Meta.PhysicalSizeX = Length{0.5, "µm"}
				img.Meta.PhysicalSizeY = Length{0.5, "µm"}
				path := filepath.Join(dir, fmt.Sprintf("%v_%d.tif", dt, i))
				if err := WriteFile(path, img, &c.opts); err != nil {
					t.Fatal(err)
				}
				out, errOut := run(t, tiffinfo, "-D", path)
				if errOut != "" {
					t.Fatalf("tiffinfo -D complained:\n%s", errOut)
				}
				want := []string{
					"Image Width: 37 Image Length: 21",
					fmt.Sprintf("Bits/Sample: %d", 8*dt.Size()),
					"Compression Scheme: " + libtiffCompression[c.opts.Compression],
					"Resolution: 20000, 20000 pixels/cm",
					"ImageDescription: <?xml",
				}
				if c.opts.TileWidth > 0 {
					want = append(want, "Tile Width: 16 Tile Length: 32")
				} else {
					want = append(want, "Rows/Strip: 5")
				}
				if c.opts.Predictor && (dt == Float32 || dt == Float64) {
					want = append(want, "Predictor: floating point predictor 3")
				} else if c.opts.Predictor {
					want = append(want, "Predictor: horizontal differencing 2")
				}
				for _, w := range want {
					if !strings.Contains(out, w) {
						t.Errorf("tiffinfo output lacks %q:\n%s", w, out)
					}
				}
				if n := strings.Count(out, "TIFF Directory at offset"); n != 3 {
					t.Errorf("tiffinfo lists %d directories, want 3", n)
				}
				plain := path + ".none.tif"
				run(t, tiffcp, "-c", "none", path, plain)
				got, err := ReadFile(plain)
				if err != nil {
					t.Fatal(err)
				}
				if !samePix(got.Pix, pix) || !reflect.DeepEqual(got.Shape, shape) {
					t.Errorf("tiffcp -c none of the file: pixels differ")
				}
			})
		}
	}
}

// TestReadTiffcpOutput reads what libtiff writes from an uncompressed file of ours: each
// codec, predictor, tiling, BigTIFF and byte order.
func TestReadTiffcpOutput(t *testing.T) {
	tiffcp := needTool(t, "tiffcp")
	dir := t.TempDir()
	shape := []int{3, 21, 37}
	variants := [][]string{
		{"-c", "lzw"}, {"-c", "lzw:2"}, {"-c", "zip"}, {"-c", "zip:2"}, {"-c", "packbits"},
		{"-r", "1"}, {"-r", "7", "-c", "zip:2"}, {"-t", "-w", "16", "-l", "16"},
		{"-t", "-w", "32", "-l", "16", "-c", "lzw:2"}, {"-8"}, {"-8", "-c", "zip:2"},
		{"-B"}, {"-B", "-c", "lzw:2"}, {"-B", "-8", "-t", "-w", "16", "-l", "16", "-c", "packbits"},
	}
	floatVariants := [][]string{{"-c", "lzw:3"}, {"-c", "zip:3"}, {"-8", "-t", "-w", "16", "-l", "16", "-c", "zip:3"}}
	for _, dt := range toolDTypes() {
		pix := pattern(dt, 3*21*37)
		img, _ := NewImage(shape, pix)
		src := filepath.Join(dir, dt.String()+".tif")
		if err := WriteFile(src, img, nil); err != nil {
			t.Fatal(err)
		}
		vs := variants
		if dt == Float32 || dt == Float64 {
			vs = append(vs, floatVariants...)
		}
		for i, args := range vs {
			t.Run(fmt.Sprintf("%v/%s", dt, strings.Join(args, " ")), func(t *testing.T) {
				t.Parallel()
				dst := filepath.Join(dir, fmt.Sprintf("%v_%d.tif", dt, i))
				run(t, tiffcp, append(append([]string{}, args...), src, dst)...)
				got, err := ReadFile(dst)
				if err != nil {
					t.Fatal(err)
				}
				if !samePix(got.Pix, pix) || !reflect.DeepEqual(got.Shape, shape) || got.DType != dt {
					t.Errorf("pixels differ (%v %v)", got.DType, got.Shape)
				}
				// tiffcp keeps the description: the OME-XML still describes the stack.
				if got.Meta.Source != "ome" || got.Meta.SizeZ != 3 {
					t.Errorf("metadata %+v", got.Meta)
				}
			})
		}
	}
}

const tifffileScript = `
import json, sys
import numpy as np
import tifffile
out = []
for path in sys.argv[1:]:
    with tifffile.TiffFile(path) as tif:
        s = tif.series[0]
        a = s.asarray()
        planes = a.reshape(-1, a.shape[-2], a.shape[-1])
        open(path + ".raw", "wb").write(planes.astype(planes.dtype.newbyteorder("<")).tobytes())
        r = {"shape": list(a.shape), "dtype": str(a.dtype), "axes": s.axes, "bigtiff": tif.is_bigtiff,
             "byteorder": tif.byteorder}
        if tif.is_ome:
            px = tifffile.xml2dict(tif.ome_metadata)["OME"]["Image"]["Pixels"]
            r["ome"] = {k: px.get(k) for k in ("SizeZ", "SizeC", "SizeT", "DimensionOrder", "Type",
                        "PhysicalSizeX", "PhysicalSizeXUnit", "PhysicalSizeZ")}
        if tif.is_imagej:
            ij = tif.imagej_metadata
            r["imagej"] = {k: ij.get(k) for k in ("images", "slices", "channels", "spacing", "unit")}
        out.append(r)
json.dump(out, sys.stdout)
`

// TestTifffileReadsWrittenFiles reads our files with tifffile: pixels, series shape and
// axes, and the OME-XML and ImageJ metadata as tifffile understands them. tifffile
// without imagecodecs decodes only uncompressed, Deflate (with the horizontal predictor)
// and PackBits data, so LZW and the float predictor are left to libtiff above.
func TestTifffileReadsWrittenFiles(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import tifffile, numpy").Run(); err != nil {
		t.Skipf("%s with tifffile and numpy not available (Debian: python3-tifffile): %v", py, err)
	}
	dir := t.TempDir()
	type written struct {
		path  string
		pix   any
		dt    DType
		meta  MetadataFormat
		opts  Options
		shape []int
	}
	var files []written
	for _, dt := range []DType{Uint8, Int16, Uint16, Float32, Float64} {
		for _, o := range []Options{
			{}, {BigTIFF: true, BigEndian: true}, {Compression: Deflate}, {Compression: PackBits, BigEndian: true},
			{Compression: Deflate, Predictor: dt != Float32 && dt != Float64, TileWidth: 16, TileHeight: 16},
			{Metadata: ImageJ}, {Metadata: ImageJ, Compression: Deflate, BigTIFF: true},
		} {
			// Z=2, C=3 in ImageJ's XYCZT order with pixel sizes.
			shape := []int{6, 21, 37}
			pix := pattern(dt, 6*21*37)
			img, _ := NewImage(shape, pix)
			img.Meta = Metadata{SizeZ: 2, SizeC: 3, SizeT: 1, DimensionOrder: "XYCZT",
				PhysicalSizeX: Length{0.25, "µm"}, PhysicalSizeY: Length{0.25, "µm"}, PhysicalSizeZ: Length{1.5, "µm"}}
			path := filepath.Join(dir, fmt.Sprintf("f%d.tif", len(files)))
			if err := WriteFile(path, img, &o); err != nil {
				t.Fatal(err)
			}
			files = append(files, written{path, pix, dt, o.Metadata, o, shape})
		}
	}
	args := []string{"-c", tifffileScript}
	for _, f := range files {
		args = append(args, f.path)
	}
	out, _ := run(t, py, args...)
	var res []struct {
		Shape     []int
		DType     string
		Axes      string
		BigTIFF   bool
		ByteOrder string
		OME       map[string]any
		ImageJ    map[string]any
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("tifffile output: %v\n%s", err, out)
	}
	for i, f := range files {
		r := res[i]
		what := fmt.Sprintf("%v %+v", f.dt, f.opts)
		if r.DType != map[DType]string{Uint8: "uint8", Int16: "int16", Uint16: "uint16", Float32: "float32", Float64: "float64"}[f.dt] {
			t.Errorf("%s: tifffile dtype %s", what, r.DType)
		}
		if r.BigTIFF != f.opts.BigTIFF || (r.ByteOrder == ">") != f.opts.BigEndian {
			t.Errorf("%s: tifffile says bigtiff=%v byteorder %s", what, r.BigTIFF, r.ByteOrder)
		}
		switch f.meta {
		case OME:
			// tifffile orders OME axes slowest first: T C Z for XYZCT... here XYCZT: T Z C.
			if !reflect.DeepEqual(r.Shape, []int{2, 3, 21, 37}) || r.Axes != "ZCYX" {
				t.Errorf("%s: tifffile OME series %v %s", what, r.Shape, r.Axes)
			}
			want := map[string]any{"SizeZ": 2.0, "SizeC": 3.0, "SizeT": 1.0, "DimensionOrder": "XYCZT",
				"PhysicalSizeX": 0.25, "PhysicalSizeXUnit": "µm", "PhysicalSizeZ": 1.5}
			for k, v := range want {
				if r.OME[k] != v {
					t.Errorf("%s: tifffile OME %s = %v, want %v", what, k, r.OME[k], v)
				}
			}
		case ImageJ:
			if !reflect.DeepEqual(r.Shape, []int{2, 3, 21, 37}) || r.Axes != "ZCYX" {
				t.Errorf("%s: tifffile ImageJ series %v %s", what, r.Shape, r.Axes)
			}
			want := map[string]any{"images": 6.0, "slices": 2.0, "channels": 3.0, "spacing": 1.5, "unit": "micron"}
			for k, v := range want {
				if r.ImageJ[k] != v {
					t.Errorf("%s: tifffile ImageJ %s = %v, want %v", what, k, r.ImageJ[k], v)
				}
			}
		}
		// tifffile's pixels, little-endian, against ours: bit for bit.
		raw, err := os.ReadFile(f.path + ".raw")
		if err != nil {
			t.Fatal(err)
		}
		if want := pack(nil, f.pix, 0, 6*21*37, false); !bytes.Equal(raw, want) {
			t.Errorf("%s: tifffile read other pixels than were written", what)
		}
	}
}
