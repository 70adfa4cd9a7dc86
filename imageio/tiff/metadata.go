package tiff

import (
	"fmt"
	"strings"
)

// Metadata is what a file says about its planes and pixel size, from OME-XML or an ImageJ
// description in the first page's ImageDescription, else from the pages alone.
type Metadata struct {
	// SizeZ, SizeC and SizeT count the planes along Z, channel and time point; their
	// product is the number of planes (Image.Shape[0], or 1 for a 2D image).
	SizeZ, SizeC, SizeT int
	// DimensionOrder is the OME plane order: "XYZCT" means Z varies fastest, then C, then
	// T. Plane turns (z, c, t) into a plane index.
	DimensionOrder string
	// PhysicalSizeX, Y and Z are the pixel size and the Z step; Value is 0 when unknown.
	PhysicalSizeX, PhysicalSizeY, PhysicalSizeZ Length
	// Name is the OME image name; ChannelNames the OME channel names (empty when not given).
	Name         string
	ChannelNames []string
	// Source says where the fields above came from: "ome", "imagej" or "tiff".
	Source string
	// Description is the first page's ImageDescription as stored; Software its Software tag.
	Description string
	Software    string
	// Warnings lists metadata that was present but could not be used (malformed OME-XML,
	// sizes that disagree with the page count, ...); the image itself was read.
	Warnings []string
}

// Length is a physical length in the unit the file names.
type Length struct {
	Value float64 // 0 when unknown
	Unit  string  // an OME unit symbol: "µm" (the OME default), "nm", "mm", ...
}

func (l Length) String() string {
	if l.Value == 0 {
		return "unknown"
	}
	return fmt.Sprintf("%g %s", l.Value, l.Unit)
}

// micrometresPer converts lengths in the units OME and ImageJ write to micrometres.
var micrometresPer = map[string]float64{
	"µm": 1, "μm": 1, "um": 1, "micron": 1, "microns": 1, "micrometer": 1, "micrometre": 1,
	"nm": 1e-3, "pm": 1e-6, "Å": 1e-4, "mm": 1e3, "cm": 1e4, "dm": 1e5, "m": 1e6,
	"in": 25400, "inch": 25400, "ft": 304800,
}

// Micrometers returns the length in µm; ok is false when it is unknown or its unit is
// not a length (ImageJ's "pixel").
func (l Length) Micrometers() (v float64, ok bool) {
	k, known := micrometresPer[l.Unit]
	if l.Value == 0 || !known {
		return 0, false
	}
	return l.Value * k, true
}

// normalizeUnit spells a unit the way OME does ("micron" and "um" become "µm").
func normalizeUnit(u string) string {
	u = strings.TrimSpace(u)
	switch strings.ToLower(u) {
	case "", "µm", "μm", "um", "micron", "microns", "micrometer", "micrometre", `\u00b5m`:
		return "µm"
	}
	return u
}

// Planes is SizeZ*SizeC*SizeT.
func (m *Metadata) Planes() int { return m.SizeZ * m.SizeC * m.SizeT }

// Plane returns the index along Image.Shape[0] of the plane at (z, c, t).
func (m *Metadata) Plane(z, c, t int) (int, error) {
	if z < 0 || z >= m.SizeZ || c < 0 || c >= m.SizeC || t < 0 || t >= m.SizeT {
		return 0, fmt.Errorf("tiff: plane (z=%d, c=%d, t=%d) is outside SizeZ=%d SizeC=%d SizeT=%d",
			z, c, t, m.SizeZ, m.SizeC, m.SizeT)
	}
	if !validOrder(m.DimensionOrder) {
		return 0, fmt.Errorf("tiff: DimensionOrder %q is not one of XYZCT, XYZTC, XYCZT, XYCTZ, XYTZC, XYTCZ", m.DimensionOrder)
	}
	idx, stride := 0, 1
	for _, axis := range m.DimensionOrder[2:] {
		switch axis {
		case 'Z':
			idx += z * stride
			stride *= m.SizeZ
		case 'C':
			idx += c * stride
			stride *= m.SizeC
		case 'T':
			idx += t * stride
			stride *= m.SizeT
		}
	}
	return idx, nil
}

func validOrder(o string) bool {
	switch o {
	case "XYZCT", "XYZTC", "XYCZT", "XYCTZ", "XYTZC", "XYTCZ":
		return true
	}
	return false
}

// plainMetadata describes n planes of one channel each: a Z stack.
func plainMetadata(n int) Metadata {
	return Metadata{SizeZ: n, SizeC: 1, SizeT: 1, DimensionOrder: "XYZCT", Source: "tiff"}
}
