package tiff

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"testing"
)

// pattern returns n samples of dt with values that exercise the type's whole range
// (negative, large, fractional, NaN and infinities for floats), identical every run.
func pattern(dt DType, n int) any {
	pix := makePix(dt, n)
	for i := range n {
		v := uint64(i)*2654435761 + uint64(i/7)
		switch p := pix.(type) {
		case []uint8:
			p[i] = uint8(i*3 + i/5)
		case []int8:
			p[i] = int8(i*5 - i/3)
		case []uint16:
			p[i] = uint16(v)
			if i%4 == 0 {
				p[i] = uint16(i) // smooth runs, so that predictors and compression have work
			}
		case []int16:
			p[i] = int16(v)
			if i%4 == 0 {
				p[i] = int16(-i)
			}
		case []uint32:
			p[i] = uint32(v)
			if i%4 == 0 {
				p[i] = 7
			}
		case []int32:
			p[i] = int32(v)
		case []float32:
			p[i] = float32(i)*0.25 - 100
			switch i % 97 {
			case 3:
				p[i] = float32(math.NaN())
			case 5:
				p[i] = float32(math.Inf(-1))
			case 7:
				p[i] = 3.4e38
			case 11:
				p[i] = -1e-40 // subnormal
			}
		case []float64:
			p[i] = math.Sin(float64(i)) * 1e300
			if i%13 == 0 {
				p[i] = math.NaN()
			}
		}
	}
	return pix
}

// samePix compares pixel slices bit for bit (NaN equals NaN).
func samePix(a, b any) bool {
	switch x := a.(type) {
	case []float32:
		y, ok := b.([]float32)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if math.Float32bits(x[i]) != math.Float32bits(y[i]) {
				return false
			}
		}
		return true
	case []float64:
		y, ok := b.([]float64)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

var allDTypes = []DType{Uint8, Int8, Uint16, Int16, Uint32, Int32, Float32, Float64}

type writeCase struct {
	name string
	opts Options
}

// writeCases covers every writer option, alone and in the combinations that interact.
func writeCases() []writeCase {
	var cs []writeCase
	for _, comp := range []Compression{None, LZW, Deflate, PackBits} {
		for _, pred := range []bool{false, true} {
			if pred && (comp == None || comp == PackBits) {
				continue
			}
			for _, tiles := range []bool{false, true} {
				for _, bigTIFF := range []bool{false, true} {
					for _, bigEndian := range []bool{false, true} {
						o := Options{Compression: comp, Predictor: pred, BigTIFF: bigTIFF, BigEndian: bigEndian}
						name := fmt.Sprintf("%v", comp)
						if pred {
							name += "+pred"
						}
						if tiles {
							o.TileWidth, o.TileHeight = 16, 32
							name += "/tiles"
						} else {
							o.RowsPerStrip = 5
							name += "/strips"
						}
						if bigTIFF {
							name += "/bigtiff"
						}
						if bigEndian {
							name += "/be"
						}
						cs = append(cs, writeCase{name, o})
					}
				}
			}
		}
	}
	return cs
}

func TestRoundTrip(t *testing.T) {
	for _, dt := range allDTypes {
		for _, shape := range [][]int{{3, 21, 37}, {1, 1}, {40, 17}} {
			n := 1
			for _, d := range shape {
				n *= d
			}
			pix := pattern(dt, n)
			for _, c := range writeCases() {
				img, err := NewImage(shape, pix)
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := Write(&buf, img, &c.opts); err != nil {
					t.Fatalf("%v %v %s: write: %v", dt, shape, c.name, err)
				}
				got, err := Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
				if err != nil {
					t.Fatalf("%v %v %s: read: %v", dt, shape, c.name, err)
				}
				if !reflect.DeepEqual(got.Shape, shape) || got.DType != dt || !samePix(got.Pix, pix) {
					t.Fatalf("%v %v %s: read back %v %v, differs", dt, shape, c.name, got.DType, got.Shape)
				}
			}
		}
	}
}
