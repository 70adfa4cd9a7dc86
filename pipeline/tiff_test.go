package pipeline

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/registry"
)

// writeTIFF writes planes (uint16, h x w each) as an uncompressed little-endian TIFF, one
// page per plane, with desc (an ImageJ description, or "") on the first page.
func writeTIFF(t *testing.T, path string, h, w int, planes [][]uint16, desc string) {
	t.Helper()
	var b bytes.Buffer
	le := binary.LittleEndian
	b.Write([]byte{'I', 'I', 42, 0, 0, 0, 0, 0}) // first IFD offset patched below
	var offsets []uint32
	for _, p := range planes {
		offsets = append(offsets, uint32(b.Len()))
		binary.Write(&b, le, p)
	}
	descAt := uint32(b.Len())
	if desc != "" {
		b.WriteString(desc + "\x00")
	}
	if b.Len()%2 == 1 {
		b.WriteByte(0)
	}
	type entry struct {
		tag, typ uint16
		count    uint32
		value    uint32
	}
	for i := range planes {
		ifdAt := uint32(b.Len())
		if i == 0 {
			le.PutUint32(b.Bytes()[4:], ifdAt)
		} else {
			// Patch the previous IFD's next pointer (the last 4 bytes written).
			le.PutUint32(b.Bytes()[b.Len()-4:], ifdAt)
		}
		es := []entry{
			{256, 4, 1, uint32(w)}, {257, 4, 1, uint32(h)}, {258, 3, 1, 16}, {259, 3, 1, 1}, {262, 3, 1, 1},
		}
		if i == 0 && desc != "" {
			es = append(es, entry{270, 2, uint32(len(desc) + 1), descAt})
		}
		es = append(es, entry{273, 4, 1, offsets[i]}, entry{277, 3, 1, 1}, entry{278, 4, 1, uint32(h)},
			entry{279, 4, 1, uint32(2 * h * w)}, entry{339, 3, 1, 1})
		binary.Write(&b, le, uint16(len(es)))
		for _, e := range es {
			binary.Write(&b, le, e.tag)
			binary.Write(&b, le, e.typ)
			binary.Write(&b, le, e.count)
			binary.Write(&b, le, e.value) // SHORT values sit in the low bytes, little-endian
		}
		binary.Write(&b, le, uint32(0))
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func plane16(h, w, seed int) []uint16 {
	p := make([]uint16, h*w)
	for i := range p {
		p[i] = uint16((i*31 + seed*977) % 4000)
		if (i/w/6+i%w/5+seed)%3 == 0 {
			p[i] += 3000
		}
	}
	return p
}

func toArray(t *testing.T, shape []int, planes ...[]uint16) *registry.Array {
	t.Helper()
	var d []float32
	for _, p := range planes {
		for _, v := range p {
			d = append(d, float32(v))
		}
	}
	a, err := registry.NewFloat32(shape, d)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TIFF inputs: a Z stack, and a 2-channel ImageJ hyperstack (planes channel first).
func TestTIFFInputs(t *testing.T) {
	dir := t.TempDir()
	const h, w = 18, 20
	z := [][]uint16{plane16(h, w, 0), plane16(h, w, 1), plane16(h, w, 2)}
	writeTIFF(t, filepath.Join(dir, "stack.tif"), h, w, z, "")
	// c0z0 c1z0 c0z1 c1z1 (XYCZT)
	hs := [][]uint16{plane16(h, w, 3), plane16(h, w, 4), plane16(h, w, 5), plane16(h, w, 6)}
	writeTIFF(t, filepath.Join(dir, "hyper.tiff"), h, w, hs, "ImageJ=1.54f\nimages=4\nchannels=2\nslices=2\nhyperstack=true\n")

	pl := mustPlan(t, "steps:\n  - {op: gaussian_filter, save: true, name: s}\n", Options{})
	ins, err := pl.ReadImage(filepath.Join(dir, "stack.tif"))
	if err != nil {
		t.Fatal(err)
	}
	sameArray(t, "stack", ins[0], toArray(t, []int{3, h, w}, z...))
	if _, err := pl.ReadImage(filepath.Join(dir, "hyper.tiff")); err == nil || !strings.Contains(err.Error(), "hyper.tiff: the image has 2 channels; declare them in the pipeline") {
		t.Errorf("error %v", err)
	}

	pc := mustPlan(t, "channels: [dna, gfp]\nsteps:\n  - {op: gaussian_filter, channel: dna, name: s, save: true}\n  - {op: add_images, inputs: [s, gfp], name: sum, save: true}\n", Options{})
	ins, err = pc.ReadImage(filepath.Join(dir, "hyper.tiff"))
	if err != nil {
		t.Fatal(err)
	}
	dna, gfp := toArray(t, []int{2, h, w}, hs[0], hs[2]), toArray(t, []int{2, h, w}, hs[1], hs[3])
	sameArray(t, "dna", ins[0], dna)
	sameArray(t, "gfp", ins[1], gfp)
	if _, err := pc.ReadImage(filepath.Join(dir, "stack.tif")); err == nil || !strings.Contains(err.Error(), "the pipeline reads 2 channels (dna, gfp), the image has 1") {
		t.Errorf("error %v", err)
	}

	// End to end: a batch over the folder reads both kinds of file.
	os.Remove(filepath.Join(dir, "stack.tif"))
	images, err := CollectInputs([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, err := (&Batch{Plan: pc, Images: images, OutDir: out}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := call(t, "gaussian_filter", []*registry.Array{dna}, nil)
	sameArray(t, "hyper/s", readNPY(t, filepath.Join(out, "hyper", "s.npy")), s)
	sameArray(t, "hyper/sum", readNPY(t, filepath.Join(out, "hyper", "sum.npy")), call(t, "add_images", []*registry.Array{s, gfp}, nil))
}
