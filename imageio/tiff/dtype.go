package tiff

import "fmt"

// DType is the sample type of an image as the file stores it.
type DType uint8

const (
	Uint8 DType = iota + 1
	Int8
	Uint16
	Int16
	Uint32
	Int32
	Float32
	Float64
)

var dtypeNames = [...]string{Uint8: "uint8", Int8: "int8", Uint16: "uint16", Int16: "int16",
	Uint32: "uint32", Int32: "int32", Float32: "float32", Float64: "float64"}

func (d DType) String() string {
	if d > 0 && int(d) < len(dtypeNames) {
		return dtypeNames[d]
	}
	return fmt.Sprintf("DType(%d)", uint8(d))
}

// Size is the number of bytes of one sample.
func (d DType) Size() int {
	switch d {
	case Uint8, Int8:
		return 1
	case Uint16, Int16:
		return 2
	case Uint32, Int32, Float32:
		return 4
	case Float64:
		return 8
	}
	return 0
}

// sampleFormat is the TIFF SampleFormat tag value of d.
func (d DType) sampleFormat() int {
	switch d {
	case Int8, Int16, Int32:
		return formatInt
	case Float32, Float64:
		return formatFloat
	}
	return formatUint
}

// dtypeOf maps SampleFormat and BitsPerSample onto a DType; ok is false for combinations
// this package does not read (1-bit, 12-bit, float16, complex, ...).
func dtypeOf(format, bits int) (DType, bool) {
	switch {
	case format == formatUint && bits == 8:
		return Uint8, true
	case format == formatUint && bits == 16:
		return Uint16, true
	case format == formatUint && bits == 32:
		return Uint32, true
	case format == formatInt && bits == 8:
		return Int8, true
	case format == formatInt && bits == 16:
		return Int16, true
	case format == formatInt && bits == 32:
		return Int32, true
	case format == formatFloat && bits == 32:
		return Float32, true
	case format == formatFloat && bits == 64:
		return Float64, true
	}
	return 0, false
}

// makePix allocates the pixel slice of n samples of type d.
func makePix(d DType, n int) any {
	switch d {
	case Uint8:
		return make([]uint8, n)
	case Int8:
		return make([]int8, n)
	case Uint16:
		return make([]uint16, n)
	case Int16:
		return make([]int16, n)
	case Uint32:
		return make([]uint32, n)
	case Int32:
		return make([]int32, n)
	case Float32:
		return make([]float32, n)
	case Float64:
		return make([]float64, n)
	}
	return nil
}

// pixInfo returns the DType and length of a pixel slice; ok is false for any other value.
func pixInfo(pix any) (d DType, n int, ok bool) {
	switch p := pix.(type) {
	case []uint8:
		return Uint8, len(p), true
	case []int8:
		return Int8, len(p), true
	case []uint16:
		return Uint16, len(p), true
	case []int16:
		return Int16, len(p), true
	case []uint32:
		return Uint32, len(p), true
	case []int32:
		return Int32, len(p), true
	case []float32:
		return Float32, len(p), true
	case []float64:
		return Float64, len(p), true
	}
	return 0, 0, false
}
