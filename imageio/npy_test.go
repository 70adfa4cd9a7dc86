package imageio

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/registry"
)

func readFile(t *testing.T, name string) (*registry.Array, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return ReadNPY(f)
}

// TestReadNumpyFixtures reads files numpy wrote (testdata/make_npy.py) in every supported
// dtype, byte order, header version and memory order.
func TestReadNumpyFixtures(t *testing.T) {
	for _, name := range []string{"u1", "u2", "i1", "i2", "i4", "f4", "f8", "f4be", "i4be", "i8", "u8", "f2", "fortran", "v2"} {
		a, err := readFile(t, name+".npy")
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		d, err := a.Float32s()
		if err != nil || a.Shape().String() != "3x4" {
			t.Errorf("%s: %v %v", name, a, err)
			continue
		}
		for i, v := range d {
			if v != float32(i) {
				t.Errorf("%s: element %d = %v, want %d", name, i, v, i)
				break
			}
		}
	}
	for _, name := range []string{"c3d", "fortran3d"} {
		a, err := readFile(t, name+".npy")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		d, _ := a.Float32s()
		if a.Shape().String() != "2x3x2" || fmt.Sprint(d) != "[0 1 2 3 4 5 6 7 8 9 10 11]" {
			t.Errorf("%s: %v %v", name, a.Shape(), d)
		}
	}
	b, err := readFile(t, "bool.npy")
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := b.Float32s(); d[0] != 0 || d[1] != 1 {
		t.Errorf("bool: %v", d[:2])
	}
	u, err := readFile(t, "u4.npy")
	if err != nil {
		t.Fatal(err)
	}
	if d, err := u.Uint32s(); err != nil || d[11] != 11 {
		t.Errorf("uint32 should stay a label array: %v %v", u, err)
	}
}

// TestFloat16Specials: infinities, the smallest normal and subnormal, -0 and the largest
// half-precision value convert exactly.
func TestFloat16Specials(t *testing.T) {
	a, err := readFile(t, "f2special.npy")
	if err != nil {
		t.Fatal(err)
	}
	d, _ := a.Float32s()
	want := []float32{float32(math.Inf(1)), float32(math.Inf(-1)), 6.1035156e-05, 5.9604645e-08, 0, 65504}
	for i := range want {
		if d[i] != want[i] {
			t.Errorf("element %d = %g, want %g", i, d[i], want[i])
		}
	}
	if !math.Signbit(float64(d[4])) {
		t.Error("-0 lost its sign")
	}
}

func TestReadRejects(t *testing.T) {
	for name, want := range map[string]string{
		"complex.npy": "dtype c8 is not supported",
		"onedim.npy":  "shape [5]: kernreg reads 2D",
		"fourdim.npy": "shape [1 1 2 2]",
		"i4big.npy":   "int32 value 33554432 at index 0 is not exact in float32",
		"i8big.npy":   "int64 value -1099511627776 at index 1 is not exact in float32",
	} {
		_, err := readFile(t, name)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", name, err, want)
		}
	}
	good, _ := os.ReadFile("testdata/f4.npy")
	for name, tc := range map[string]struct {
		data []byte
		want string
	}{
		"empty":       {nil, "too short"},
		"bad magic":   {append([]byte("\x93NUMPX"), good[6:]...), "bad magic"},
		"version 9":   {append(append([]byte{}, good[:6]...), append([]byte{9, 0}, good[8:]...)...), "unsupported format version 9.0"},
		"cut header":  {good[:20], "truncated header"},
		"cut data":    {good[:len(good)-5], "is truncated"},
		"huge header": {append(append([]byte{}, good[:6]...), 2, 0, 0xff, 0xff, 0xff, 0x7f), "implausible"},
		"huge shape":  {npyHeader1("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 100000), }\n"), "too large"},
	} {
		_, err := ReadNPY(bytes.NewReader(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", name, err, tc.want)
		}
	}
}

// npyHeader1 frames a header dict as a version 1.0 .npy prefix with no data.
func npyHeader1(h string) []byte {
	return append([]byte{0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, byte(len(h)), byte(len(h) >> 8)}, h...)
}

func TestWriteRoundTrip(t *testing.T) {
	f, _ := registry.NewFloat32([]int{2, 3, 4}, func() []float32 {
		d := make([]float32, 24)
		for i := range d {
			d[i] = float32(i) - 0.5
		}
		return d
	}())
	l, _ := registry.NewUint32([]int{3, 5}, []uint32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 1 << 31})
	for _, a := range []*registry.Array{f, l} {
		var buf bytes.Buffer
		if err := WriteNPY(&buf, a); err != nil {
			t.Fatal(err)
		}
		if (buf.Len()-a.Len()*4)%64 != 0 {
			t.Errorf("header of %v not padded to 64 bytes", a)
		}
		b, err := ReadNPY(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if b.DType() != a.DType() || !b.Shape().Equal(a.Shape()) || fmt.Sprint(mustData(b)) != fmt.Sprint(mustData(a)) {
			t.Errorf("round trip of %v gave %v", a, b)
		}
	}
}

func mustData(a *registry.Array) any {
	if a.DType() == registry.Uint32 {
		d, _ := a.Uint32s()
		return d
	}
	d, _ := a.Float32s()
	return d
}

// FuzzReadNPY: no input makes the reader panic or allocate beyond its limits.
func FuzzReadNPY(f *testing.F) {
	for _, n := range []string{"f4", "u1", "fortran3d", "v2", "bool"} {
		b, _ := os.ReadFile(filepath.Join("testdata", n+".npy"))
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ReadNPY(bytes.NewReader(data))
		if err == nil && a.Len() > len(data) {
			t.Errorf("read %d elements from %d bytes", a.Len(), len(data))
		}
	})
}

// TestClaimedSizeIsNotAllocated: a header claiming 4 GB over a tiny file fails fast
// without allocating the claimed size.
func TestClaimedSizeIsNotAllocated(t *testing.T) {
	data := npyHeader1("{'descr': '<f8', 'fortran_order': False, 'shape': (20000, 25000), }\n")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ReadNPY(bytes.NewReader(data))
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "truncated: 0 of 4000000000 bytes") {
		t.Fatalf("got %v", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("allocated %d bytes for a 4 GB claim over an empty body", got)
	}
}
