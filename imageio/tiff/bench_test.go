package tiff

import (
	"bytes"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"
)

// benchStack is a 64x512x512 float32 stack that compresses like microscopy data: smooth
// structures plus noise.
func benchStack(b testing.TB) *Image {
	const z, y, x = 64, 512, 512
	rng := rand.New(rand.NewPCG(1, 2))
	pix := make([]float32, z*y*x)
	for k := range z {
		for j := range y {
			for i := range x {
				v := 100 + 50*math.Sin(float64(i)/17+float64(k)/5)*math.Cos(float64(j)/23)
				pix[(k*y+j)*x+i] = float32(math.Round(v + rng.NormFloat64()*3))
			}
		}
	}
	img, err := NewImage([]int{z, y, x}, pix)
	if err != nil {
		b.Fatal(err)
	}
	return img
}

var benchOptions = []struct {
	name string
	opts Options
}{
	{"none", Options{}},
	{"deflate", Options{Compression: Deflate}},
	{"deflate_pred", Options{Compression: Deflate, Predictor: true}},
	{"deflate6", Options{Compression: Deflate, DeflateLevel: 6}},
	{"deflate1_pred", Options{Compression: Deflate, Predictor: true, DeflateLevel: 1}},
	{"lzw_pred", Options{Compression: LZW, Predictor: true}},
	{"packbits", Options{Compression: PackBits}},
	{"none_tiles", Options{TileWidth: 256, TileHeight: 256}},
}

// BenchmarkWrite64x512x512 writes the stack to memory; MB/s is of the raw float32 data.
func BenchmarkWrite64x512x512(b *testing.B) {
	img := benchStack(b)
	for _, c := range benchOptions {
		b.Run(c.name, func(b *testing.B) {
			var buf bytes.Buffer
			buf.Grow(64 << 21)
			b.SetBytes(64 * 512 * 512 * 4)
			for b.Loop() {
				buf.Reset()
				if err := Write(&buf, img, &c.opts); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len())/(64*512*512*4), "size_ratio")
		})
	}
}

// BenchmarkRead64x512x512 reads the stack from memory; MB/s is of the raw float32 data.
func BenchmarkRead64x512x512(b *testing.B) {
	img := benchStack(b)
	for _, c := range benchOptions {
		b.Run(c.name, func(b *testing.B) {
			var buf bytes.Buffer
			if err := Write(&buf, img, &c.opts); err != nil {
				b.Fatal(err)
			}
			data := buf.Bytes()
			b.SetBytes(64 * 512 * 512 * 4)
			for b.Loop() {
				if _, err := Read(bytes.NewReader(data), int64(len(data))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFile64x512x512 writes and reads the stack through a file (WriteFile and
// ReadFile, page cache included); MB/s is of the raw float32 data.
func BenchmarkFile64x512x512(b *testing.B) {
	img := benchStack(b)
	path := filepath.Join(b.TempDir(), "stack.tif")
	for _, c := range benchOptions[:3] {
		b.Run("write_"+c.name, func(b *testing.B) {
			b.SetBytes(64 * 512 * 512 * 4)
			for b.Loop() {
				if err := WriteFile(path, img, &c.opts); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("read_"+c.name, func(b *testing.B) {
			b.SetBytes(64 * 512 * 512 * 4)
			for b.Loop() {
				if _, err := ReadFile(path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
