package tiff

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// omeDoc is the part of OME-XML (schema 2016-06; older ones use the same names) that
// this package reads. Names match whatever the namespace.
type omeDoc struct {
	Images []struct {
		Name   string `xml:"Name,attr"`
		Pixels struct {
			DimensionOrder string `xml:"DimensionOrder,attr"`
			Type           string `xml:"Type,attr"`
			SizeX          string `xml:"SizeX,attr"`
			SizeY          string `xml:"SizeY,attr"`
			SizeZ          string `xml:"SizeZ,attr"`
			SizeC          string `xml:"SizeC,attr"`
			SizeT          string `xml:"SizeT,attr"`
			PhysX          string `xml:"PhysicalSizeX,attr"`
			PhysXUnit      string `xml:"PhysicalSizeXUnit,attr"`
			PhysY          string `xml:"PhysicalSizeY,attr"`
			PhysYUnit      string `xml:"PhysicalSizeYUnit,attr"`
			PhysZ          string `xml:"PhysicalSizeZ,attr"`
			PhysZUnit      string `xml:"PhysicalSizeZUnit,attr"`
			Channels       []struct {
				Name string `xml:"Name,attr"`
			} `xml:"Channel"`
			TiffData []struct {
				IFD        string `xml:"IFD,attr"`
				PlaneCount string `xml:"PlaneCount,attr"`
			} `xml:"TiffData"`
		} `xml:"Pixels"`
	} `xml:"Image"`
}

// omeTypes maps OME pixel types onto DTypes.
var omeTypes = map[string]DType{"uint8": Uint8, "int8": Int8, "uint16": Uint16, "int16": Int16,
	"uint32": Uint32, "int32": Int32, "float": Float32, "double": Float64}

func omeType(d DType) string {
	for k, v := range omeTypes {
		if v == d {
			return k
		}
	}
	return ""
}

// omeInfo is what parseOME found: the metadata, the OME pixel type and where the first
// image's planes start among the IFDs (firstIFD; -1 when the file does not say).
type omeInfo struct {
	meta     Metadata
	dtype    DType
	sizeX    int
	sizeY    int
	firstIFD int
	images   int
}

// parseOME reads the first image of an OME-XML document.
func parseOME(desc string) (*omeInfo, error) {
	var doc omeDoc
	if err := xml.Unmarshal([]byte(desc), &doc); err != nil {
		return nil, fmt.Errorf("OME-XML: %v", err)
	}
	if len(doc.Images) == 0 {
		return nil, fmt.Errorf("OME-XML has no Image element")
	}
	im := doc.Images[0]
	px := im.Pixels
	info := &omeInfo{firstIFD: -1, images: len(doc.Images)}
	m := &info.meta
	m.Source, m.Name, m.DimensionOrder = "ome", im.Name, px.DimensionOrder
	var err error
	size := func(s, name string) int {
		if err != nil {
			return 0
		}
		if s == "" {
			err = fmt.Errorf("OME-XML Pixels has no %s", name)
			return 0
		}
		v, e := strconv.Atoi(strings.TrimSpace(s))
		if e != nil || v < 1 || v > maxSide {
			err = fmt.Errorf("OME-XML Pixels %s=%q is not a positive size", name, s)
		}
		return v
	}
	info.sizeX, info.sizeY = size(px.SizeX, "SizeX"), size(px.SizeY, "SizeY")
	m.SizeZ, m.SizeC, m.SizeT = size(px.SizeZ, "SizeZ"), size(px.SizeC, "SizeC"), size(px.SizeT, "SizeT")
	if err != nil {
		return nil, err
	}
	if !validOrder(m.DimensionOrder) {
		return nil, fmt.Errorf("OME-XML DimensionOrder %q is not one of XYZCT, XYZTC, XYCZT, XYCTZ, XYTZC, XYTCZ", m.DimensionOrder)
	}
	if uint64(m.SizeZ)*uint64(m.SizeC)*uint64(m.SizeT) > maxSide {
		return nil, fmt.Errorf("OME-XML SizeZ*SizeC*SizeT = %d*%d*%d is implausible", m.SizeZ, m.SizeC, m.SizeT)
	}
	info.dtype = omeTypes[px.Type]
	length := func(v, unit, name string) Length {
		if v == "" {
			return Length{}
		}
		f, e := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if e != nil || !(f > 0) || f > 1e300 {
			m.Warnings = append(m.Warnings, fmt.Sprintf("OME-XML %s=%q is not a positive number; ignored", name, v))
			return Length{}
		}
		return Length{Value: f, Unit: normalizeUnit(unit)}
	}
	m.PhysicalSizeX = length(px.PhysX, px.PhysXUnit, "PhysicalSizeX")
	m.PhysicalSizeY = length(px.PhysY, px.PhysYUnit, "PhysicalSizeY")
	m.PhysicalSizeZ = length(px.PhysZ, px.PhysZUnit, "PhysicalSizeZ")
	for _, c := range px.Channels {
		m.ChannelNames = append(m.ChannelNames, c.Name)
	}
	if len(m.ChannelNames) != m.SizeC || !anyNonEmpty(m.ChannelNames) {
		m.ChannelNames = nil
	}
	for _, td := range px.TiffData {
		if td.IFD == "" {
			continue
		}
		if v, e := strconv.Atoi(strings.TrimSpace(td.IFD)); e == nil && v >= 0 && (info.firstIFD < 0 || v < info.firstIFD) {
			info.firstIFD = v
		}
	}
	return info, nil
}

func anyNonEmpty(s []string) bool {
	for _, x := range s {
		if x != "" {
			return true
		}
	}
	return false
}

// omeXML writes the OME-XML description of an image stored one plane per IFD in the
// order of meta.DimensionOrder.
func omeXML(img *Image, h, w int, big bool) string {
	m := img.Meta
	var b strings.Builder
	esc := func(s string) string {
		var e strings.Builder
		xml.EscapeText(&e, []byte(s))
		return strings.ReplaceAll(e.String(), `"`, "&#34;")
	}
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
		`xsi:schemaLocation="http://www.openmicroscopy.org/Schemas/OME/2016-06 http://www.openmicroscopy.org/Schemas/OME/2016-06/ome.xsd" ` +
		`Creator="kernreg">`)
	fmt.Fprintf(&b, `<Image ID="Image:0" Name="%s">`, esc(m.Name))
	fmt.Fprintf(&b, `<Pixels ID="Pixels:0" DimensionOrder="%s" Type="%s" SizeX="%d" SizeY="%d" SizeZ="%d" SizeC="%d" SizeT="%d"`,
		m.DimensionOrder, omeType(img.DType), w, h, m.SizeZ, m.SizeC, m.SizeT)
	for _, l := range []struct {
		name string
		v    Length
	}{{"PhysicalSizeX", m.PhysicalSizeX}, {"PhysicalSizeY", m.PhysicalSizeY}, {"PhysicalSizeZ", m.PhysicalSizeZ}} {
		if l.v.Value > 0 {
			fmt.Fprintf(&b, ` %s="%s" %sUnit="%s"`, l.name, strconv.FormatFloat(l.v.Value, 'g', -1, 64), l.name, esc(normalizeUnit(l.v.Unit)))
		}
	}
	fmt.Fprintf(&b, ` BigEndian="%t" Interleaved="false" SignificantBits="%d">`, big, img.DType.Size()*8)
	for c := range m.SizeC {
		name := ""
		if c < len(m.ChannelNames) && m.ChannelNames[c] != "" {
			name = fmt.Sprintf(` Name="%s"`, esc(m.ChannelNames[c]))
		}
		fmt.Fprintf(&b, `<Channel ID="Channel:0:%d"%s SamplesPerPixel="1"><LightPath/></Channel>`, c, name)
	}
	fmt.Fprintf(&b, `<TiffData IFD="0" PlaneCount="%d"/>`, m.Planes())
	b.WriteString(`</Pixels></Image></OME>`)
	return b.String()
}
