package tiff

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzRead reads arbitrary bytes: any error is fine, a panic, a hang or a huge
// allocation is not. Whatever reads must also write and read back unchanged. Seeds are
// the fixtures (tifffile and libtiff files) and small files of every writer option;
// crashers found earlier live in testdata/fuzz/FuzzRead.
//
//	go test ./imageio/tiff -run '^$' -fuzz FuzzRead -fuzztime 5m
func FuzzRead(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.tif")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for i, c := range writeCases() {
		dt := allDTypes[i%len(allDTypes)]
		img, _ := NewImage([]int{2, 5, 18}, pattern(dt, 2*5*18))
		var buf bytes.Buffer
		if err := Write(&buf, img, &c.opts); err == nil {
			f.Add(buf.Bytes())
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		img, err := Read(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		_, n, ok := pixInfo(img.Pix)
		want := 1
		for _, d := range img.Shape {
			want *= d
		}
		if !ok || n != want || img.Meta.Planes() != want/(img.Shape[len(img.Shape)-1]*img.Shape[len(img.Shape)-2]) {
			t.Fatalf("inconsistent image: shape %v, %d pixels, metadata %+v", img.Shape, n, img.Meta)
		}
		var buf bytes.Buffer
		if err := Write(&buf, img, &Options{Compression: LZW, Predictor: true}); err != nil {
			t.Fatalf("writing what was read: %v", err)
		}
		back, err := Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatalf("reading what was written: %v", err)
		}
		if !reflect.DeepEqual(back.Shape, img.Shape) || !samePix(back.Pix, img.Pix) {
			t.Fatalf("round trip changed the image")
		}
	})
}
