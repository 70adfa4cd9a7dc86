package tiff

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeBytes(t *testing.T, img *Image, o *Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, img, o); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readBytes(b []byte) (*Image, error) { return Read(bytes.NewReader(b), int64(len(b))) }

// entryAt returns the position of tag's entry in the classic little-endian IFD at off.
func entryAt(t *testing.T, b []byte, off int, tag uint16) int {
	t.Helper()
	n := int(binary.LittleEndian.Uint16(b[off:]))
	for i := range n {
		e := off + 2 + 12*i
		if binary.LittleEndian.Uint16(b[e:]) == tag {
			return e
		}
	}
	t.Fatalf("no tag %d in IFD at %d", tag, off)
	return 0
}

// nextPtr returns the position of the next-IFD pointer of the classic IFD at off.
func nextPtr(b []byte, off int) int {
	return off + 2 + 12*int(binary.LittleEndian.Uint16(b[off:]))
}

func stack(t *testing.T, n int) *Image {
	img, err := NewImage([]int{n, 8, 10}, pattern(Uint16, n*80))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func wantErr(t *testing.T, b []byte, want string) {
	t.Helper()
	_, err := readBytes(b)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want one containing %q", err, want)
	}
}

func TestCorruptFiles(t *testing.T) {
	one := writeBytes(t, stack(t, 1), &Options{RowsPerStrip: 4, Metadata: NoMetadata})
	three := writeBytes(t, stack(t, 3), &Options{RowsPerStrip: 4, Metadata: NoMetadata})
	patched := func(src []byte, f func(b []byte)) []byte {
		b := append([]byte(nil), src...)
		f(b)
		return b
	}
	le := binary.LittleEndian

	wantErr(t, []byte("hello, world"), `not a TIFF file: starts with "he"`)
	wantErr(t, []byte("II*"), "not a TIFF file: 3 bytes is shorter than a header")
	wantErr(t, patched(one, func(b []byte) { b[2] = 44 }), "version 44")
	wantErr(t, patched(one, func(b []byte) { le.PutUint32(b[4:], 1<<30) }), "first IFD offset 1073741824 is outside the file")

	// An IFD whose next pointer points at itself, and a chain that loops back.
	wantErr(t, patched(one, func(b []byte) { le.PutUint32(b[nextPtr(b, 8):], 8) }), "IFD 0 points back to IFD 0 at offset 8: the IFD chain is a cycle")
	wantErr(t, patched(three, func(b []byte) {
		off := 8
		for range 2 {
			off = int(le.Uint32(b[nextPtr(b, off):]))
		}
		le.PutUint32(b[nextPtr(b, off):], 8)
	}), "IFD 2 points back to IFD 0 at offset 8")
	wantErr(t, patched(three, func(b []byte) { le.PutUint32(b[nextPtr(b, 8):], uint32(len(b)+100)) }),
		"IFD 1: offset 1106 (from IFD 0) is outside the file (size 1006)")

	// Strip offsets and counts outside the file, naming strip and page.
	wantErr(t, patched(three, func(b []byte) {
		off := int(le.Uint32(b[nextPtr(b, 8):])) // page 1
		e := entryAt(t, b, off, tagStripOffsets)
		arr := int(le.Uint32(b[e+8:]))
		le.PutUint32(b[arr+4:], 123456) // strip 1
	}), "strip 1 of page 1: offset 123456 past end of file (size 1006)")
	wantErr(t, patched(one, func(b []byte) {
		e := entryAt(t, b, 8, tagStripByteCounts)
		arr := int(le.Uint32(b[e+8:]))
		le.PutUint32(b[arr:], 1<<31)
	}), "strip 0 of page 0: 2147483648 bytes at offset")
	wantErr(t, patched(one, func(b []byte) {
		e := entryAt(t, b, 8, tagStripByteCounts)
		arr := int(le.Uint32(b[e+8:]))
		le.PutUint32(b[arr:], 10)
	}), "strip 0 of page 0: 10 bytes, but an uncompressed strip of this page needs 80")
	wantErr(t, patched(one, func(b []byte) {
		le.PutUint32(b[entryAt(t, b, 8, tagStripOffsets)+4:], 1)
	}), "page 0: 10x8 pixels in 10x4 strips need 2 of them, but StripOffsets lists 1")

	// A huge image claimed by a small file: refused before allocating.
	deflated := writeBytes(t, stack(t, 1), &Options{Compression: Deflate, Metadata: NoMetadata})
	wantErr(t, patched(deflated, func(b []byte) {
		le.PutUint32(b[entryAt(t, b, 8, tagImageWidth)+8:], 1<<20)
		le.PutUint32(b[entryAt(t, b, 8, tagImageLength)+8:], 1<<20)
		le.PutUint32(b[entryAt(t, b, 8, tagRowsPerStrip)+8:], 1<<20)
	}), "tiff: 1 plane(s) of 1048576x1048576 pixels: more than registry.MaxElements (2147483648) samples")
	wantErr(t, patched(deflated, func(b []byte) {
		le.PutUint32(b[entryAt(t, b, 8, tagImageWidth)+8:], 1<<15)
		le.PutUint32(b[entryAt(t, b, 8, tagImageLength)+8:], 1<<15)
		le.PutUint32(b[entryAt(t, b, 8, tagRowsPerStrip)+8:], 1<<15)
	}), "page 0: 32768x32768 uint16 pixels (2147483648 bytes) cannot come from 176 bytes of Deflate data (corrupt file)")
	wantErr(t, patched(one, func(b []byte) {
		le.PutUint16(b[entryAt(t, b, 8, tagCompression)+8:], 7)
	}), "page 0: compression 7 (JPEG) is not supported (supported: none, LZW, Deflate, PackBits)")
	wantErr(t, patched(one, func(b []byte) {
		le.PutUint16(b[entryAt(t, b, 8, tagBitsPerSample)+8:], 12)
	}), "page 0: 12-bit samples of SampleFormat 1 (unsigned integer) are not supported")
	wantErr(t, patched(deflated, func(b []byte) {
		e := entryAt(t, b, 8, tagStripOffsets)
		strip := int(le.Uint32(b[e+8:])) // one strip: the value is its offset
		b[strip+5] ^= 0xff               // damage the zlib stream
	}), "strip 0 of page 0: Deflate data")

	// Pages of different sizes cannot be stacked.
	small := writeBytes(t, stack(t, 1), &Options{Metadata: NoMetadata})
	wantErr(t, patched(three, func(b []byte) {
		off := int(le.Uint32(b[nextPtr(b, 8):]))
		le.PutUint32(b[entryAt(t, b, off, tagImageWidth)+8:], 5)
	}), "page 1 is 5x8 uint16, page 0 is 10x8 uint16: a stack needs pages of one size and type")
	_ = small
}

// TestCorruptNoPanic reads every truncation and every single-byte change of small files
// in each codec and layout: errors are fine, panics and hangs are not.
func TestCorruptNoPanic(t *testing.T) {
	opts := []Options{
		{Compression: LZW, Predictor: true, RowsPerStrip: 3},
		{Compression: Deflate, TileWidth: 16, TileHeight: 16, BigTIFF: true},
		{Compression: PackBits, BigEndian: true},
		{Metadata: ImageJ},
	}
	for _, o := range opts {
		img, _ := NewImage([]int{2, 9, 20}, pattern(Float32, 2*9*20))
		if o.Compression == PackBits {
			img, _ = NewImage([]int{2, 9, 20}, pattern(Int16, 2*9*20))
		}
		b := writeBytes(t, img, &o)
		deadline := time.Now().Add(20 * time.Second)
		step := 1
		if testing.Short() {
			step = 7
		}
		for n := 0; n < len(b); n += step {
			readBytes(b[:n])
		}
		for i := 0; i < len(b); i += step {
			for _, x := range []byte{0xff, 0x80, 0x01} {
				c := append([]byte(nil), b...)
				c[i] ^= x
				readBytes(c)
			}
			if time.Now().After(deadline) {
				t.Fatalf("%+v: reading corrupted files is too slow", o)
			}
		}
	}
}

func TestWriteErrors(t *testing.T) {
	img := stack(t, 2)
	for _, c := range []struct {
		opts Options
		want string
	}{
		{Options{TileWidth: 20, TileHeight: 16}, "tile size 20x16: TIFF wants positive multiples of 16"},
		{Options{Predictor: true}, "a predictor needs LZW or Deflate compression, not none"},
		{Options{Compression: 7}, "cannot write compression JPEG"},
		{Options{DeflateLevel: 12, Compression: Deflate}, "DeflateLevel 12 is outside 1..9"},
		{Options{RowsPerStrip: 4, TileWidth: 16, TileHeight: 16}, "RowsPerStrip and a tile size exclude each other"},
	} {
		if err := Write(new(bytes.Buffer), img, &c.opts); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.opts, err, c.want)
		}
	}
	bad := stack(t, 2)
	bad.Meta.SizeC = 3
	if err := Write(new(bytes.Buffer), bad, nil); err == nil || !strings.Contains(err.Error(), "metadata says SizeZ=2 SizeC=3 SizeT=1 (6 planes), the image has 2 planes") {
		t.Errorf("error %v", err)
	}
	ij := stack(t, 6)
	ij.Meta = Metadata{SizeZ: 2, SizeC: 3, SizeT: 1, DimensionOrder: "XYZCT"}
	if err := Write(new(bytes.Buffer), ij, &Options{Metadata: ImageJ}); err == nil || !strings.Contains(err.Error(), "ImageJ stores planes in XYCZT order") {
		t.Errorf("error %v", err)
	}

	// WriteFile leaves neither a partial file nor its temporary behind, and keeps an
	// existing file as it was.
	dir := t.TempDir()
	path := filepath.Join(dir, "out.tif")
	if err := WriteFile(path, bad, nil); err == nil {
		t.Fatal("no error")
	}
	os.WriteFile(path, []byte("old"), 0o644)
	if err := WriteFile(path, bad, nil); err == nil {
		t.Fatal("no error")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("existing file changed to %q", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("directory holds %d entries, want only out.tif", len(ents))
	}
}
