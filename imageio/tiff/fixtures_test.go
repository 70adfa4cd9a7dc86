package tiff

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fixtureValue mirrors value() in testdata/make_fixtures.py: the sample at (z, y, x) of
// a fixture of type dt.
func fixtureValue(dt DType, z, y, x int) float64 {
	k := int64(z*1000 + y*37 + x*3)
	switch dt {
	case Uint8:
		return float64(k % 251)
	case Int8:
		return float64(k%251 - 125)
	case Uint16:
		return float64(k * 7 % 65521)
	case Int16:
		return float64(k*7%65521 - 32760)
	case Uint32:
		return float64(k * 100003 % 4294967291)
	case Int32:
		return float64(k*100003%4294967291 - 2147483648)
	case Float32:
		return float64(k)/8 - 50
	case Float64:
		return float64(k)/1024 - 3.5
	}
	panic(dt)
}

// at returns sample i of pix as a float64 (exact for every type here).
func at(pix any, i int) float64 {
	switch p := pix.(type) {
	case []uint8:
		return float64(p[i])
	case []int8:
		return float64(p[i])
	case []uint16:
		return float64(p[i])
	case []int16:
		return float64(p[i])
	case []uint32:
		return float64(p[i])
	case []int32:
		return float64(p[i])
	case []float32:
		return float64(p[i])
	case []float64:
		return p[i]
	}
	panic(pix)
}

// checkFixture compares img with fixtureValue over nz planes of 20x24.
func checkFixture(t *testing.T, name string, img *Image, dt DType, nz int) {
	t.Helper()
	want := []int{nz, 20, 24}
	if nz == 1 {
		want = want[1:]
	}
	if img.DType != dt || !reflect.DeepEqual(img.Shape, want) {
		t.Fatalf("%s: got %v %v, want %v %v", name, img.DType, img.Shape, dt, want)
	}
	for z := range nz {
		for y := range 20 {
			for x := range 24 {
				if got, w := at(img.Pix, (z*20+y)*24+x), fixtureValue(dt, z, y, x); got != w {
					t.Fatalf("%s: (%d,%d,%d) = %v, want %v", name, z, y, x, got, w)
				}
			}
		}
	}
}

var fixtureTypes = map[string]DType{"u8": Uint8, "i8": Int8, "u16": Uint16, "i16": Int16,
	"u32": Uint32, "i32": Int32, "f32": Float32, "f64": Float64}

// TestFixtures reads every Z-stack fixture that tifffile and libtiff's tiffcp wrote: all
// sample types, both byte orders, BigTIFF, strips and tiles, every codec and predictor.
func TestFixtures(t *testing.T) {
	paths, _ := filepath.Glob("testdata/*.tif")
	if len(paths) < 30 {
		t.Fatalf("found %d fixtures in testdata; run testdata/make_fixtures.py", len(paths))
	}
	n := 0
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".tif")
		dt, ok := fixtureTypes[strings.SplitN(name, "_", 2)[0]]
		if !ok || strings.Contains(name, "ome") || strings.Contains(name, "imagej") {
			continue // metadata and RGB fixtures have tests of their own
		}
		img, err := ReadFile(p)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		checkFixture(t, name, img, dt, 3)
		if img.Meta.SizeZ != 3 || img.Meta.SizeC != 1 || img.Meta.SizeT != 1 || len(img.Meta.Warnings) != 0 {
			t.Errorf("%s: metadata %+v", name, img.Meta)
		}
		n++
	}
	if n < 28 {
		t.Errorf("checked %d fixtures, want at least 28", n)
	}
}

func TestFixtureCompressions(t *testing.T) {
	// The codes the fixtures are meant to cover, checked from the files themselves so
	// that a change to make_fixtures.py cannot silently drop one.
	want := map[string][2]int{ // compression, predictor
		"u16_lzw": {5, 1}, "u16_lzw_pred2": {5, 2}, "u16_zip": {8, 1}, "u16_deflate32946": {32946, 1},
		"u16_packbits": {32773, 1}, "f32_lzw_pred3": {5, 3}, "f32_lzw_pred2_be": {5, 2},
		"rgbf_tiles_pred3": {8, 3}, "rgbf_planar_pred3": {8, 3},
		"u16_tiles_zip_pred2": {8, 2}, "f64_zip_pred3": {8, 3},
	}
	for name, w := range want {
		f, pages := openFixture(t, name)
		p := pages[0]
		if int(p.compression) != w[0] || p.predictor != w[1] {
			t.Errorf("%s: compression %d predictor %d, want %v", name, p.compression, p.predictor, w)
		}
		_ = f
	}
	_, pages := openFixture(t, "u16_tiles_bigtiff_be_lzw")
	if !pages[0].tiled {
		t.Error("u16_tiles_bigtiff_be_lzw is not tiled")
	}
}

func openFixture(t *testing.T, name string) (*file, []*page) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".tif"))
	if err != nil {
		t.Fatal(err)
	}
	f, first, err := openFile(strings.NewReader(string(b)), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	ifds, err := f.readIFDs(first)
	if err != nil {
		t.Fatal(err)
	}
	var pages []*page
	for _, d := range ifds {
		p, err := f.parsePage(d)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, p)
	}
	return f, pages
}

func TestFixturePlane(t *testing.T) {
	img, err := ReadFile("testdata/plane.tif")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(img.Shape, []int{20, 24}) {
		t.Fatalf("shape %v", img.Shape)
	}
	for i := range 20 * 24 {
		if got, w := at(img.Pix, i), fixtureValue(Uint16, 1, i/24, i%24); got != w {
			t.Fatalf("pixel %d = %v, want %v", i, got, w)
		}
	}
}

func TestFixtureOME(t *testing.T) {
	img, err := ReadFile("testdata/u16_ome.tif")
	if err != nil {
		t.Fatal(err)
	}
	checkFixture(t, "u16_ome", img, Uint16, 3)
	m := img.Meta
	if m.Source != "ome" || m.SizeZ != 3 || m.SizeC != 1 || m.SizeT != 1 ||
		m.PhysicalSizeX != (Length{0.65, "µm"}) || m.PhysicalSizeY != (Length{0.7, "µm"}) ||
		m.PhysicalSizeZ != (Length{2, "µm"}) || len(m.Warnings) != 0 {
		t.Errorf("metadata %+v", m)
	}

	img, err = ReadFile("testdata/u8_ome_tczyx.tif")
	if err != nil {
		t.Fatal(err)
	}
	m = img.Meta
	if m.DimensionOrder != "XYZCT" || m.SizeZ != 3 || m.SizeC != 2 || m.SizeT != 2 ||
		!reflect.DeepEqual(m.ChannelNames, []string{"DAPI", "GFP"}) {
		t.Fatalf("metadata %+v", m)
	}
	// tifffile stored the T x C x Z x Y x X array in C order, plane (t, c, z) at index
	// (t*2+c)*3+z: Plane and Stack must find it there.
	for tt := range 2 {
		for c := range 2 {
			s, err := img.Stack(c, tt)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(s.Shape, []int{3, 20, 24}) || s.Meta.SizeC != 1 || s.Meta.ChannelNames[0] != m.ChannelNames[c] {
				t.Fatalf("Stack(%d, %d): %v %+v", c, tt, s.Shape, s.Meta)
			}
			for z := range 3 {
				src := (tt*2+c)*3 + z
				for i := range 20 * 24 {
					if got, w := at(s.Pix, z*480+i), fixtureValue(Uint8, src, i/24, i%24); got != w {
						t.Fatalf("Stack(%d, %d) plane %d pixel %d = %v, want %v", c, tt, z, i, got, w)
					}
				}
			}
		}
	}
}

func TestFixtureImageJ(t *testing.T) {
	img, err := ReadFile("testdata/u8_imagej.tif")
	if err != nil {
		t.Fatal(err)
	}
	m := img.Meta
	if m.Source != "imagej" || m.DimensionOrder != "XYCZT" || m.SizeZ != 3 || m.SizeC != 2 || m.SizeT != 1 ||
		m.PhysicalSizeX != (Length{0.5, "µm"}) || m.PhysicalSizeY != (Length{0.5, "µm"}) ||
		m.PhysicalSizeZ != (Length{2.5, "µm"}) {
		t.Fatalf("metadata %+v", m)
	}
	checkFixture(t, "u8_imagej", img, Uint8, 6)
	// Z x C in C order: plane (z, c) at z*2+c.
	if p, _ := m.Plane(2, 1, 0); p != 5 {
		t.Errorf("Plane(2, 1, 0) = %d, want 5", p)
	}
}

func TestFixtureRGB(t *testing.T) {
	for _, name := range []string{"rgb", "rgb_planar", "rgb_lzw_pred2", "rgb_planar_tiles", "rgbf", "rgbf_planar", "rgbf_tiles_pred3", "rgbf_planar_pred3"} {
		img, err := ReadFile("testdata/" + name + ".tif")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		dt := Uint8
		if strings.HasPrefix(name, "rgbf") {
			dt = Float32
		}
		// Samples become planes: the channels of value(dtype, (3, Y, X)).
		checkFixture(t, name, img, dt, 3)
		if m := img.Meta; m.SizeC != 3 || m.SizeZ != 1 || m.DimensionOrder[:3] != "XYC" {
			t.Errorf("%s: metadata %+v", name, m)
		}
	}
}

// TestFixtureImageJContiguous reads ImageJ's layout for stacks over 4 GiB: one IFD whose
// description says images=3, the planes stored back to back.
func TestFixtureImageJContiguous(t *testing.T) {
	img, err := ReadFile("testdata/u16_imagej_contiguous.tif")
	if err != nil {
		t.Fatal(err)
	}
	checkFixture(t, "u16_imagej_contiguous", img, Uint16, 3)
	if m := img.Meta; m.Source != "imagej" || m.SizeZ != 3 || len(m.Warnings) != 0 {
		t.Errorf("metadata %+v", m)
	}
}
