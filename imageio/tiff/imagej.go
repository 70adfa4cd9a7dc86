package tiff

import (
	"fmt"
	"strconv"
	"strings"
)

// imagejInfo is what an ImageJ description ("ImageJ=1.54f\nimages=60\nslices=60\n...")
// says. ImageJ orders hyperstack planes channel first: XYCZT.
type imagejInfo struct {
	images int // planes in the file; may exceed the IFD count (ImageJ's files over 4 GiB)
	meta   Metadata
}

// parseImageJ reads an ImageJ description; ok is false when desc is not one.
func parseImageJ(desc string) (info *imagejInfo, ok bool) {
	if !strings.HasPrefix(desc, "ImageJ=") {
		return nil, false
	}
	kv := map[string]string{}
	for _, line := range strings.Split(desc, "\n") {
		k, v, found := strings.Cut(strings.TrimSpace(line), "=")
		if found {
			kv[k] = strings.TrimSpace(v)
		}
	}
	count := func(k string) int {
		v, err := strconv.Atoi(kv[k])
		if err != nil || v < 1 || v > maxSide {
			return 1
		}
		return v
	}
	info = &imagejInfo{images: count("images")}
	m := &info.meta
	m.Source, m.DimensionOrder = "imagej", "XYCZT"
	m.SizeC, m.SizeZ, m.SizeT = count("channels"), count("slices"), count("frames")
	if s, err := strconv.ParseFloat(kv["spacing"], 64); err == nil && s > 0 && s < 1e300 {
		m.PhysicalSizeZ = Length{Value: s, Unit: imagejUnit(kv["unit"])}
	}
	return info, true
}

// imagejUnit turns ImageJ's unit names ("micron", "\u00B5m", "pixel") into OME's.
func imagejUnit(u string) string {
	u = strings.ReplaceAll(u, `\u00B5`, "µ")
	if u == "" || u == "pixel" || u == "pixels" {
		return "pixel"
	}
	return normalizeUnit(u)
}

// imagejDescription writes the description ImageJ and Fiji read as a hyperstack.
func imagejDescription(m Metadata) (string, error) {
	if m.DimensionOrder != "XYCZT" && m.SizeC > 1 && (m.SizeZ > 1 || m.SizeT > 1) {
		return "", fmt.Errorf("tiff: ImageJ stores planes in XYCZT order, the image is %s", m.DimensionOrder)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "ImageJ=1.11a\nimages=%d\n", m.Planes())
	if m.SizeC > 1 {
		fmt.Fprintf(&b, "channels=%d\n", m.SizeC)
	}
	if m.SizeZ > 1 {
		fmt.Fprintf(&b, "slices=%d\n", m.SizeZ)
	}
	if m.SizeT > 1 {
		fmt.Fprintf(&b, "frames=%d\n", m.SizeT)
	}
	if m.SizeC > 1 || m.SizeT > 1 {
		b.WriteString("hyperstack=true\n")
	}
	if _, ok := m.PhysicalSizeX.Micrometers(); ok {
		b.WriteString("unit=micron\n")
	}
	if z, ok := m.PhysicalSizeZ.Micrometers(); ok {
		fmt.Fprintf(&b, "spacing=%s\n", strconv.FormatFloat(z, 'g', -1, 64))
	}
	b.WriteString("loop=false\n")
	return b.String(), nil
}
