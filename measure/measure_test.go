package measure

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/imageio"
	"github.com/kernreg/kernreg/registry"
)

func readNPY(t *testing.T, path string, dt registry.DType) *registry.Array {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := imageio.ReadNPY(f)
	if err != nil {
		t.Fatal(err)
	}
	if a, err = registry.ConvertDType(a, dt); err != nil {
		t.Fatal(err)
	}
	return a
}

func readCSV(t *testing.T, path string) ([]string, [][]float64) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]float64
	for _, rec := range recs[1:] {
		row := make([]float64, len(rec))
		for k, s := range rec {
			if row[k], err = strconv.ParseFloat(s, 64); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
		}
		rows = append(rows, row)
	}
	return recs[0], rows
}

// TestRegionsMatchSkimage compares Regions with skimage.measure.regionprops_table on the
// committed cases of testdata/make_measure.py, value for value (NaN matches NaN).
func TestRegionsMatchSkimage(t *testing.T) {
	for _, name := range []string{"plane", "volume", "bigregion", "labelsonly"} {
		t.Run(name, func(t *testing.T) {
			labels := readNPY(t, filepath.Join("testdata", name+"_labels.npy"), registry.Uint32)
			var intensity *registry.Array
			if p := filepath.Join("testdata", name+"_intensity.npy"); fileExists(p) {
				intensity = readNPY(t, p, registry.Float32)
			}
			got, err := Regions(labels, intensity)
			if err != nil {
				t.Fatal(err)
			}
			cols, rows := readCSV(t, filepath.Join("testdata", name+".csv"))
			if !slices.Equal(got.Columns, cols) {
				t.Fatalf("columns %v, want %v", got.Columns, cols)
			}
			if len(got.Rows) != len(rows) {
				t.Fatalf("%d rows, want %d", len(got.Rows), len(rows))
			}
			for i, want := range rows {
				for k, w := range want {
					g := got.Rows[i][k]
					if g != w && !(math.IsNaN(g) && math.IsNaN(w)) {
						t.Errorf("row %d (label %v) %s: got %v, want %v", i, want[0], cols[k], g, w)
					}
				}
			}
		})
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

func TestRegionsErrors(t *testing.T) {
	lab, _ := registry.NewUint32([]int{2, 2}, []uint32{0, 1, 1, 2})
	f32, _ := registry.NewFloat32([]int{2, 2}, []float32{1, 2, 3, 4})
	other, _ := registry.NewFloat32([]int{4, 1}, []float32{1, 2, 3, 4})
	for _, c := range []struct {
		name       string
		labels, in *registry.Array
		want       string
	}{
		{"nil labels", nil, nil, "no label image"},
		{"float labels", f32, nil, "want uint32"},
		{"label intensity", lab, lab, "want float32"},
		{"shape", lab, other, "does not match"},
	} {
		if _, err := Regions(c.labels, c.in); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	empty, _ := registry.NewUint32([]int{2, 2}, make([]uint32, 4))
	tab, err := Regions(empty, nil)
	if err != nil || len(tab.Rows) != 0 || len(tab.Columns) != 8 {
		t.Errorf("no labels: %v, %v", tab, err)
	}
}

func TestWriteCSV(t *testing.T) {
	tab := &Table{Columns: []string{"label", "x", "y"}, Rows: [][]float64{
		{3, 0.1, math.NaN()},
		{4000000000, -2.5, math.Inf(1)},
		{7, math.Copysign(0, -1), 1e300},
	}}
	var b bytes.Buffer
	if err := tab.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	want := "label,x,y\n3,0.1,NaN\n4000000000,-2.5,+Inf\n7,0,1e+300\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if c := tab.Column("x"); len(c) != 3 || c[1] != -2.5 {
		t.Errorf("Column(x) = %v", c)
	}
	if tab.Column("nope") != nil {
		t.Error("Column of an unknown name is not nil")
	}
	bad := &Table{Columns: []string{"a"}, Rows: [][]float64{{1, 2}}}
	if err := bad.WriteCSV(&b); err == nil {
		t.Error("a row longer than the header was written")
	}
}
