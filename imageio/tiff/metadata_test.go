package tiff

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/registry"
)

func TestMetadataRoundTrip(t *testing.T) {
	img, _ := NewImage([]int{12, 4, 6}, pattern(Uint16, 12*24))
	img.Meta = Metadata{SizeZ: 3, SizeC: 2, SizeT: 2, DimensionOrder: "XYCZT", Name: `cells & "nuclei"`,
		ChannelNames:  []string{"DAPI", "<GFP>"},
		PhysicalSizeX: Length{0.108, "µm"}, PhysicalSizeY: Length{0.108, "µm"}, PhysicalSizeZ: Length{250, "nm"}}

	b := writeBytes(t, img, nil)
	got, err := readBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	m := got.Meta
	if m.Source != "ome" || m.SizeZ != 3 || m.SizeC != 2 || m.SizeT != 2 || m.DimensionOrder != "XYCZT" ||
		m.Name != img.Meta.Name || !reflect.DeepEqual(m.ChannelNames, img.Meta.ChannelNames) ||
		m.PhysicalSizeX != img.Meta.PhysicalSizeX || m.PhysicalSizeZ != (Length{250, "nm"}) || len(m.Warnings) != 0 || m.Software != "kernreg" {
		t.Errorf("OME: %+v", m)
	}
	if z, _ := m.PhysicalSizeZ.Micrometers(); z != 0.25 {
		t.Errorf("PhysicalSizeZ in µm = %v", z)
	}

	b = writeBytes(t, img, &Options{Metadata: ImageJ})
	got, err = readBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	m = got.Meta
	if m.Source != "imagej" || m.SizeZ != 3 || m.SizeC != 2 || m.SizeT != 2 || m.DimensionOrder != "XYCZT" ||
		m.PhysicalSizeX != (Length{0.108, "µm"}) || m.PhysicalSizeZ != (Length{0.25, "µm"}) {
		t.Errorf("ImageJ: %+v", m)
	}

	// Without a description the pixel size still travels, in XResolution (pixels/cm).
	b = writeBytes(t, img, &Options{Metadata: NoMetadata})
	got, err = readBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	m = got.Meta
	if m.Source != "tiff" || m.SizeZ != 12 || m.SizeC != 1 || m.PhysicalSizeX.Unit != "µm" ||
		m.PhysicalSizeX.Value < 0.10799 || m.PhysicalSizeX.Value > 0.10801 {
		t.Errorf("none: %+v", m)
	}
}

func TestPlaneOrder(t *testing.T) {
	m := Metadata{SizeZ: 3, SizeC: 2, SizeT: 4}
	for _, c := range []struct {
		order   string
		z, c, t int
		want    int
	}{
		{"XYZCT", 2, 1, 3, 2 + 3*(1+2*3)},
		{"XYCZT", 2, 1, 3, 1 + 2*(2+3*3)},
		{"XYTCZ", 2, 1, 3, 3 + 4*(1+2*2)},
	} {
		m.DimensionOrder = c.order
		if got, err := m.Plane(c.z, c.c, c.t); err != nil || got != c.want {
			t.Errorf("%s: Plane(%d,%d,%d) = %d, %v; want %d", c.order, c.z, c.c, c.t, got, err, c.want)
		}
	}
	if _, err := m.Plane(3, 0, 0); err == nil || !strings.Contains(err.Error(), "outside SizeZ=3") {
		t.Errorf("error %v", err)
	}
}

func TestBadMetadataIsAWarning(t *testing.T) {
	img := stack(t, 3)
	b := writeBytes(t, img, nil)
	// Damage the OME-XML: the pixels must still read, with a warning.
	i := strings.Index(string(b), `SizeZ="3"`)
	b[i+7] = 'x'
	got, err := readBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Meta.Source != "tiff" || got.Meta.SizeZ != 3 || len(got.Meta.Warnings) != 1 || !strings.Contains(got.Meta.Warnings[0], `SizeZ="x"`) {
		t.Errorf("metadata %+v", got.Meta)
	}
	// OME sizes that disagree with the pages: a plain stack, with a warning.
	b = writeBytes(t, img, nil)
	i = strings.Index(string(b), `SizeC="1"`)
	b[i+7] = '2'
	got, err = readBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Meta.SizeZ != 3 || got.Meta.SizeC != 1 || len(got.Meta.Warnings) != 1 || !strings.Contains(got.Meta.Warnings[0], "describes 6 planes") {
		t.Errorf("metadata %+v", got.Meta)
	}
}

func TestArrayConversion(t *testing.T) {
	u16, _ := NewImage([]int{2, 3}, []uint16{0, 1, 2, 65535, 4, 5})
	a, err := u16.Array()
	if err != nil || a.DType() != registry.Float32 {
		t.Fatal(a, err)
	}
	if d, _ := a.Float32s(); d[3] != 65535 {
		t.Errorf("uint16 to float32: %v", d)
	}
	lab, _ := NewImage([]int{1, 2}, []uint32{7, 1 << 30})
	if a, err := lab.Array(); err != nil || a.DType() != registry.Uint32 {
		t.Errorf("uint32 labels: %v %v", a, err)
	}
	if _, err := lab.ArrayOf(registry.Float32); err == nil || !strings.Contains(err.Error(), "uint32 value 1073741824 at index 1 is not exact in float32") {
		t.Errorf("error %v", err)
	}
	f, _ := NewImage([]int{1, 2}, []float32{1, 2.5})
	if _, err := f.ArrayOf(registry.Uint32); err == nil || !strings.Contains(err.Error(), "value 2.5 at index 1 is not a label") {
		t.Errorf("error %v", err)
	}
	shared, _ := f.Array()
	if d, _ := shared.Float32s(); &d[0] != &f.Pix.([]float32)[0] {
		t.Error("float32 pixels were copied")
	}
	back, err := FromArray(a)
	if err != nil || back.DType != Float32 || !reflect.DeepEqual(back.Shape, []int{2, 3}) {
		t.Errorf("FromArray: %+v %v", back, err)
	}
}
