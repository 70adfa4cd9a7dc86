package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/imageio"
	"github.com/kernreg/kernreg/registry"
)

// runCLI runs the command line and returns its exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// checkOneLineError checks that stderr is exactly one "kernreg: ..." line containing want.
func checkOneLineError(t *testing.T, stderr, want string) {
	t.Helper()
	if !strings.HasPrefix(stderr, "kernreg: ") || strings.Count(stderr, "\n") != 1 || !strings.HasSuffix(stderr, "\n") {
		t.Errorf("stderr is not one 'kernreg: ' line: %q", stderr)
	}
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr %q does not contain %q", stderr, want)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string // in the one stderr line
	}{
		{"no command", nil, "no command given (see 'kernreg --help')"},
		{"unknown command", []string{"lst"}, `unknown command "lst" (did you mean list?)`},
		{"unknown flag", []string{"list", "--colour"}, "unknown flag: --colour (see 'kernreg list --help')"},
		{"unknown global flag", []string{"--frobnicate"}, "unknown flag: --frobnicate"},
		{"flag without value", []string{"apply", "x", "a.npy", "b.npy", "--backend"}, "flag needs an argument"},
		{"list takes no args", []string{"list", "extra"}, "list takes no arguments, got 1"},
		{"bad contract", []string{"list", "--contract", "pure_4d"}, `--contract: unknown contract "pure_4d"`},
		{"info without name", []string{"info"}, "info takes one function NAME, got 0"},
		{"info with two names", []string{"info", "a", "b"}, "info takes one function NAME, got 2"},
		{"devices takes no args", []string{"devices", "gpu"}, "devices takes no arguments"},
		{"apply too few args", []string{"apply", "clitest_scale", "in.npy"}, "apply takes NAME, one or more IN files (.npy, .tif) and OUT, got 2"},
		{"apply malformed -p", []string{"apply", "-p", "factor", "clitest_scale", "in.npy", "out.npy"}, `-p "factor": want name=value`},
		{"apply empty -p name", []string{"apply", "-p", "=3", "clitest_scale", "in.npy", "out.npy"}, `-p "=3": want name=value`},
		{"apply duplicate -p", []string{"apply", "-p", "factor=1", "-p", "factor=2", "clitest_scale", "in.npy", "out.npy"}, "-p factor is given twice"},
		{"apply unknown backend", []string{"apply", "--backend", "metal", "clitest_scale", "in.npy", "out.npy"}, `--backend "metal": want auto, cpu, opencl, cuda`},
		{"apply key and backend", []string{"apply", "--backend", "cpu", "cpu:clitest_scale", "in.npy", "out.npy"}, "names its library already"},
		{"apply OUT not npy", []string{"apply", "clitest_scale", "in.npy", "out.png"}, `OUT "out.png": want a .npy, .tif or .tiff file name`},
		{"unknown help topic", []string{"help", "nosuch"}, `unknown help topic "nosuch"`},
		{"demo unknown backend", []string{"demo", "--backend", "vulkan"}, `--backend "vulkan"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tc.args...)
			if code != exitUsage {
				t.Errorf("exit code %d, want %d (stderr %q)", code, exitUsage, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			checkOneLineError(t, stderr, tc.want)
			if !strings.Contains(stderr, "--help')") {
				t.Errorf("usage error %q has no hint to --help", stderr)
			}
		})
	}
}

func TestVersionAndHelp(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--version"}, "kernreg "},
		{[]string{"--help"}, "Available Commands:"},
		{[]string{"apply", "--help"}, "--slice-by-slice"},
		{[]string{"help", "demo"}, "--out DIR"},
		{[]string{"help"}, "Usage:\n  kernreg [command]\n"}, // not "kernreg [flags]": the root does nothing alone
	} {
		code, stdout, stderr := runCLI(t, tc.args...)
		if code != exitOK || stderr != "" || !strings.Contains(stdout, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want 0, no stderr, stdout containing %q", tc.args, code, stderr, stdout, tc.want)
		}
	}
}

func TestListTable(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		want   []string // keys, in order
		absent []string
	}{
		{"by tag", []string{"--tag", "clitest"}, []string{"cpu:clitest_add", "cpu:clitest_fail", "cpu:clitest_label_area", "cpu:clitest_mip", "cpu:clitest_scale", "cpu:clitest_threshold", "opencl:clitest_gpu_only"}, nil},
		{"by library", []string{"--library", "opencl", "--tag", "clitest"}, []string{"opencl:clitest_gpu_only"}, []string{"cpu:"}},
		{"by contract, any case", []string{"--contract", "volumetric_to_slice", "--tag", "clitest"}, []string{"cpu:clitest_mip"}, []string{"FLEXIBLE"}},
		{"everything", nil, []string{"cpu:clitest_add", "cpu:gaussian_filter", "cpu:maximum_z_projection"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, append([]string{"list"}, tc.args...)...)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			lines := strings.Split(strings.TrimSpace(stdout), "\n")
			if f := strings.Fields(lines[0]); !slices.Equal(f, []string{"KEY", "CONTRACT", "TAGS", "REF"}) {
				t.Errorf("header %q", lines[0])
			}
			var keys []string
			for _, l := range lines[1:] {
				keys = append(keys, strings.Fields(l)[0])
			}
			if !slices.IsSorted(keys) {
				t.Errorf("keys not sorted: %v", keys)
			}
			pos := -1
			for _, w := range tc.want {
				i := slices.Index(keys, w)
				if i < 0 || i < pos {
					t.Errorf("key %s missing or out of order in %v", w, keys)
				}
				pos = i
			}
			if tc.want != nil && len(tc.absent) > 0 && len(keys) != len(tc.want) {
				t.Errorf("keys %v, want exactly %v", keys, tc.want)
			}
			for _, a := range tc.absent {
				if strings.Contains(strings.Join(lines[1:], "\n"), a) {
					t.Errorf("output contains %q:\n%s", a, stdout)
				}
			}
		})
	}

	code, stdout, stderr := runCLI(t, "list", "--tag", "no-such-tag")
	if code != 0 || stdout != "" || !strings.Contains(stderr, "no registered function matches") {
		t.Errorf("empty list: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestListJSON(t *testing.T) {
	code, stdout, stderr := runCLI(t, "list", "--json")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var list []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &list); err != nil {
		t.Fatalf("list --json is not a JSON array of objects: %v", err)
	}
	wantKeys := []string{"contract", "doc", "key", "library", "memory_type", "module", "name", "original_name", "params", "ref", "tags"}
	var keys []string
	byKey := map[string]map[string]json.RawMessage{}
	for _, obj := range list {
		got := make([]string, 0, len(obj))
		for k := range obj {
			if k != "slice_independent" && k != "shape_changing" { // optional keys
				got = append(got, k)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, wantKeys) {
			t.Fatalf("object keys %v, want exactly %v (plus optional slice_independent, shape_changing)", got, wantKeys)
		}
		var key string
		json.Unmarshal(obj["key"], &key)
		keys = append(keys, key)
		byKey[key] = obj
		if string(obj["tags"]) == "null" || string(obj["params"]) == "null" {
			t.Errorf("%s: tags and params must be arrays, got %s and %s", key, obj["tags"], obj["params"])
		}
	}
	if !slices.IsSorted(keys) || len(keys) != len(registry.Functions(registry.Filter{})) {
		t.Errorf("keys not sorted or incomplete: %v", keys)
	}

	var f functionJSON
	if err := json.Unmarshal(mustJSON(t, byKey["cpu:clitest_scale"]), &f); err != nil {
		t.Fatal(err)
	}
	if f.Contract != "FLEXIBLE" || f.MemoryType != "host" || f.OriginalName != "Scale" || f.Module != "example.com/clitest" ||
		f.Ref != "numpy.multiply" || !slices.Equal(f.Tags, []string{"clitest", "arithmetic"}) || f.Name != "clitest_scale" || f.Library != "cpu" {
		t.Errorf("cpu:clitest_scale = %+v", f)
	}
	var params []map[string]json.RawMessage
	json.Unmarshal(byKey["cpu:clitest_scale"]["params"], &params)
	if len(params) != 2 {
		t.Fatalf("params %v", params)
	}
	for i, want := range [][]string{
		{"default", "doc", "max", "min", "name", "type"}, // factor: a range
		{"default", "doc", "enum", "name", "type"},       // mode: an enum
	} {
		var got []string
		for k := range params[i] {
			got = append(got, k)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("param %d keys %v, want %v", i, got, want)
		}
	}
	if string(params[0]["min"]) != "0" || string(params[0]["max"]) != "100" || string(params[0]["default"]) != `"2"` || string(params[0]["type"]) != `"float"` {
		t.Errorf("factor = %v", params[0])
	}
	var enum []string
	if json.Unmarshal(params[1]["enum"], &enum); !slices.Equal(enum, []string{"plain", "plus_one"}) {
		t.Errorf("mode enum = %s", params[1]["enum"])
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestInfo(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string // in stdout, or in the error line
	}{
		{"bare name", []string{"clitest_scale"}, 0, []string{
			"clitest_scale (cpu:clitest_scale)", "Multiplies by factor.", "FLEXIBLE: 2D or 3D -> same shape",
			"image (float32)", "factor", "[0, 100]", "one of plain, plus_one", "cpu (selected)",
			"example.com/clitest.Scale", "usage: kernreg apply clitest_scale IMAGE.npy OUT.npy"}},
		{"key", []string{"cpu:clitest_mip"}, 0, []string{"clitest_mip (cpu:clitest_mip)", "volume -> plane", "parameters: none"}},
		{"required param", []string{"clitest_threshold"}, 0, []string{"(required)", "uint32\n", "-p level=VALUE IMAGE.npy OUT.npy", "plane -> plane"}},
		{"two inputs", []string{"clitest_add"}, 0, []string{"image1 (float32), image2 (float32)", "IMAGE1.npy IMAGE2.npy OUT.npy"}},
		{"label input", []string{"clitest_label_area"}, 0, []string{"labels (uint32)"}},
		{"registered but unavailable", []string{"clitest_gpu_only"}, 0, []string{
			"opencl:clitest_gpu_only", "opencl (unavailable: backend opencl is unavailable: opencl: no OpenCL library",
			"no library that has this operation can run on this machine"}},
		{"real operation", []string{"gaussian_filter"}, 0, []string{"cpu:gaussian_filter", "sigma", "scipy.ndimage.gaussian_filter", "one of reflect"}},
		{"unknown name", []string{"clitest_scael"}, 1, []string{`no function "clitest_scael"`, "did you mean clitest_scale?"}},
		{"unknown key", []string{"cuda:clitest_scale"}, 1, []string{`no function "cuda:clitest_scale"`, "cpu:clitest_scale"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, append([]string{"info"}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tc.code, stderr)
			}
			text := stdout
			if code != 0 {
				text = stderr
				checkOneLineError(t, stderr, "")
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("output does not contain %q:\n%s", w, text)
				}
			}
		})
	}
}

func TestInfoJSON(t *testing.T) {
	code, stdout, stderr := runCLI(t, "info", "--json", "clitest_add")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var info infoJSON
	if err := json.Unmarshal([]byte(stdout), &info); err != nil {
		t.Fatal(err)
	}
	if info.Key != "cpu:clitest_add" || info.Output != "float32" || len(info.Inputs) != 2 || info.Inputs[1] != (inputJSON{"image2", "float32"}) ||
		len(info.Libraries) != 1 || !info.Libraries[0].Selected || !info.Libraries[0].Available || info.ContractDoc == "" {
		t.Errorf("info --json = %+v", info)
	}
}

// TestDescribeDevice: a device's line names how its programs are compiled, where the
// backend says (CUDA: NVRTC or the embedded PTX).
func TestDescribeDevice(t *testing.T) {
	d := registry.Device{Name: "#0 NVIDIA H100", Vendor: "NVIDIA", Version: "compute 9.0", Compiler: "nvrtc 13.0 -> sm_90", Selected: true}
	if got, want := describeDevice(d), "#0 NVIDIA H100, vendor NVIDIA, version compute 9.0, compiler nvrtc 13.0 -> sm_90, (selected)"; got != want {
		t.Errorf("describeDevice = %q, want %q", got, want)
	}
}

func TestDevices(t *testing.T) {
	code, stdout, stderr := runCLI(t, "devices")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, w := range []string{"cpu: available", "device 0: Go ", "opencl: unavailable: backend opencl is unavailable: opencl: no OpenCL library", "cuda: ", "preference: cuda > opencl > cpu (available here: cpu)"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("devices output does not contain %q:\n%s", w, stdout)
		}
	}

	code, stdout, _ = runCLI(t, "devices", "--json")
	if code != 0 {
		t.Fatal(code)
	}
	var d devicesJSON
	if err := json.Unmarshal([]byte(stdout), &d); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Preference, registry.Preference) {
		t.Errorf("preference %v", d.Preference)
	}
	var names []string
	for _, b := range d.Backends {
		names = append(names, b.Name)
		switch b.Name {
		case "cpu":
			if !b.Registered || !b.Available || b.MemoryType != "host" || len(b.Devices) != 1 || b.Functions == 0 {
				t.Errorf("cpu = %+v", b)
			}
		case "opencl":
			if !b.Registered || b.Available || !strings.Contains(b.Reason, "no OpenCL library") || b.Functions < 2 || b.Devices == nil {
				t.Errorf("opencl = %+v", b)
			}
		}
	}
	if !slices.Equal(names, registry.KnownBackends) {
		t.Errorf("backends %v, want %v", names, registry.KnownBackends)
	}
}

// writeArray writes a as .npy at dir/name and returns the path.
func writeArray(t *testing.T, dir, name string, a *registry.Array) string {
	t.Helper()
	var buf bytes.Buffer
	if err := imageio.WriteNPY(&buf, a); err != nil {
		t.Fatal(err)
	}
	return writeFile(t, dir, name, buf.Bytes())
}

func writeFile(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// rawNPY makes a .npy file of any dtype, for inputs kernreg does not write itself.
func rawNPY(descr string, shape []int, data any) []byte {
	dims := make([]string, len(shape))
	for i, d := range shape {
		dims[i] = fmt.Sprint(d)
	}
	h := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%s,), }", descr, strings.Join(dims, ", "))
	h += strings.Repeat(" ", 63-(10+len(h))%64) + "\n"
	var b bytes.Buffer
	b.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&b, binary.LittleEndian, uint16(len(h)))
	b.WriteString(h)
	binary.Write(&b, binary.LittleEndian, data)
	return b.Bytes()
}

func readArray(t *testing.T, path string) *registry.Array {
	t.Helper()
	a, err := readNPY(path)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func ramp(t *testing.T, shape ...int) *registry.Array {
	t.Helper()
	n := registry.Shape(shape).Len()
	d := make([]float32, n)
	for i := range d {
		d[i] = float32(i%17) - 3.5
	}
	a, err := registry.NewFloat32(shape, d)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func sameArray(t *testing.T, got, want *registry.Array) {
	t.Helper()
	if got.DType() != want.DType() || !got.Shape().Equal(want.Shape()) {
		t.Fatalf("got %v, want %v", got, want)
	}
	var g, w bytes.Buffer
	imageio.WriteNPY(&g, got)
	imageio.WriteNPY(&w, want)
	if !bytes.Equal(g.Bytes(), w.Bytes()) {
		t.Errorf("%v: values differ from the direct registry call", got)
	}
}

func TestApply(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	vol := ramp(t, 3, 4, 5)
	volPath := writeArray(t, dir, "vol.npy", vol)
	plane := ramp(t, 4, 5)
	planePath := writeArray(t, dir, "plane.npy", plane)
	u8 := writeFile(t, dir, "u8.npy", rawNPY("|u1", []int{2, 3}, []uint8{0, 1, 2, 200, 254, 255}))
	f64 := writeFile(t, dir, "f64.npy", rawNPY("<f8", []int{2, 3}, []float64{0, 1, 2, 3, 4, 5}))
	u8Arr, _ := registry.NewFloat32([]int{2, 3}, []float32{0, 1, 2, 200, 254, 255})
	f64Labels, _ := registry.NewUint32([]int{2, 3}, []uint32{0, 1, 2, 3, 4, 5})

	for _, tc := range []struct {
		name   string
		args   []string // after "apply"; OUT is appended
		fn     string
		ins    []*registry.Array
		params registry.Values
		opts   []registry.Option
	}{
		{"defaults", []string{"clitest_scale", volPath}, "clitest_scale", []*registry.Array{vol}, nil, nil},
		{"params", []string{"-p", "factor=0.5", "-p", "mode=plus_one", "clitest_scale", volPath}, "clitest_scale", []*registry.Array{vol}, registry.Values{"factor": "0.5", "mode": "plus_one"}, nil},
		{"key", []string{"cpu:clitest_scale", planePath}, "cpu:clitest_scale", []*registry.Array{plane}, nil, nil},
		{"explicit backend, flags after args", []string{"clitest_scale", volPath, "--backend", "cpu", "--slice-by-slice"}, "clitest_scale", []*registry.Array{vol}, nil, []registry.Option{registry.WithBackend("cpu"), registry.SliceBySlice(true)}},
		{"two inputs", []string{"clitest_add", volPath, volPath}, "clitest_add", []*registry.Array{vol, vol}, nil, nil},
		{"label output", []string{"clitest_threshold", "-p", "level=0", volPath}, "clitest_threshold", []*registry.Array{vol}, registry.Values{"level": "0"}, nil},
		{"uint8 input", []string{"clitest_scale", u8}, "clitest_scale", []*registry.Array{u8Arr}, nil, nil},
		{"float64 to label input", []string{"clitest_label_area", f64}, "clitest_label_area", []*registry.Array{f64Labels}, nil, nil},
		{"volume to slice", []string{"clitest_mip", volPath}, "clitest_mip", []*registry.Array{vol}, nil, nil},
		{"real gaussian_filter", []string{"gaussian_filter", "-p", "sigma=1,0.5,2", "-p", "mode=nearest", volPath}, "gaussian_filter", []*registry.Array{vol}, registry.Values{"sigma": "1,0.5,2", "mode": "nearest"}, nil},
		{"real maximum_z_projection", []string{"maximum_z_projection", volPath}, "maximum_z_projection", []*registry.Array{vol}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.npy")
			code, stdout, stderr := runCLI(t, append(append([]string{"apply"}, tc.args...), out)...)
			if code != 0 || stdout != "" || stderr != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
			}
			want, err := registry.CallN(ctx, tc.fn, tc.ins, tc.params, tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			sameArray(t, readArray(t, out), want)
			if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o644 {
				t.Errorf("OUT mode: %v %v", st.Mode(), err)
			}
		})
	}
}

func TestApplyVerbose(t *testing.T) {
	dir := t.TempDir()
	in := writeArray(t, dir, "in.npy", ramp(t, 4, 5))
	out := filepath.Join(dir, "out.npy")
	code, stdout, stderr := runCLI(t, "-v", "apply", "clitest_scale", in, out)
	if code != 0 || stdout != "" || !strings.HasPrefix(stderr, "clitest_scale: ran on cpu in ") || !strings.Contains(stderr, "-> "+out) {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestApplyErrors(t *testing.T) {
	dir := t.TempDir()
	vol := writeArray(t, dir, "vol.npy", ramp(t, 3, 4, 5))
	frac := writeArray(t, dir, "frac.npy", ramp(t, 4, 5))
	corrupt := writeFile(t, dir, "corrupt.npy", []byte("this is not an npy file"))
	truncated := writeFile(t, dir, "truncated.npy", rawNPY("<f4", []int{4, 5}, make([]float32, 7)))
	fourD := writeFile(t, dir, "4d.npy", rawNPY("<f4", []int{1, 1, 2, 2}, make([]float32, 4)))
	complexNPY := writeFile(t, dir, "complex.npy", rawNPY("<c8", []int{2, 2}, make([]float32, 8)))
	missing := filepath.Join(dir, "missing.npy")

	for _, tc := range []struct {
		name string
		args []string // after "apply"; OUT is appended
		want string
	}{
		{"missing file", []string{"clitest_scale", missing}, "open " + missing + ": no such file or directory"},
		{"corrupt npy", []string{"clitest_scale", corrupt}, corrupt + ": npy: not a .npy file (bad magic)"},
		{"truncated npy", []string{"clitest_scale", truncated}, "is truncated"},
		{"4D npy", []string{"clitest_scale", fourD}, "kernreg reads 2D (Y x X) and 3D (Z x Y x X) arrays"},
		{"unsupported dtype", []string{"clitest_scale", complexNPY}, "c8"},
		{"too many inputs", []string{"clitest_scale", vol, vol}, "clitest_scale takes 1 image input(s) (image) and then OUT, got 2 input file(s)"},
		{"too few inputs", []string{"clitest_add", vol}, "clitest_add takes 2 image input(s) (image1, image2) and then OUT, got 1"},
		{"unknown param", []string{"-p", "factr=2", "clitest_scale", vol}, `clitest_scale: unknown parameter "factr" (did you mean "factor"?`},
		{"param on a function without params", []string{"-p", "x=1", "clitest_add", vol, vol}, "clitest_add takes no parameters"},
		{"bad param value", []string{"-p", "factor=two", "clitest_scale", vol}, `factor: want a number, got "two"`},
		{"param out of range", []string{"-p", "factor=1000", "clitest_scale", vol}, "factor must be <= 100, got 1000"},
		{"bad enum value", []string{"-p", "mode=plus_two", "clitest_scale", vol}, `mode must be one of plain, plus_one, got "plus_two"`},
		{"missing required param", []string{"clitest_threshold", vol}, "missing required parameter level"},
		{"lossy label conversion", []string{"clitest_label_area", frac}, "clitest_label_area: input labels (" + frac + "): convert float32 to uint32"},
		{"unknown function", []string{"clitest_scael", vol}, `no function "clitest_scael" (did you mean clitest_scale?)`},
		{"backend unavailable", []string{"--backend", "opencl", "clitest_scale", vol}, "backend opencl is unavailable: opencl: no OpenCL library"},
		{"backend lacks the function", []string{"--backend", "cpu", "clitest_gpu_only", vol}, `no function "cpu:clitest_gpu_only"`},
		{"no available backend", []string{"clitest_gpu_only", vol}, "clitest_gpu_only is registered but no backend for it is available"},
		{"slice-by-slice on a projection", []string{"--slice-by-slice", "clitest_mip", vol}, "slice_by_slice does not apply to a VOLUMETRIC_TO_SLICE function"},
		{"kernel fails", []string{"clitest_fail", vol}, "kernel exploded | second line of a build log"},
		{"real op, bad sigma", []string{"-p", "sigma=-1", "gaussian_filter", vol}, "sigma must be >= 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			outDir := t.TempDir()
			out := filepath.Join(outDir, "out.npy")
			code, stdout, stderr := runCLI(t, append(append([]string{"apply"}, tc.args...), out)...)
			if code != exitFailure {
				t.Errorf("exit %d, want %d", code, exitFailure)
			}
			if stdout != "" {
				t.Errorf("stdout %q", stdout)
			}
			checkOneLineError(t, stderr, tc.want)
			if left, _ := os.ReadDir(outDir); len(left) != 0 {
				t.Errorf("files left in OUT's directory: %v", left)
			}
		})
	}
}

// A failed run leaves an existing OUT as it was.
func TestApplyKeepsOutOnFailure(t *testing.T) {
	dir := t.TempDir()
	vol := writeArray(t, dir, "vol.npy", ramp(t, 3, 4, 5))
	out := writeFile(t, dir, "out.npy", []byte("previous result"))
	if code, _, stderr := runCLI(t, "apply", "clitest_fail", vol, out); code != exitFailure {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if b, _ := os.ReadFile(out); string(b) != "previous result" {
		t.Errorf("OUT was changed to %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("directory holds %v, want vol.npy and out.npy only", entries)
	}
	// And a successful run replaces it.
	if code, _, stderr := runCLI(t, "apply", "clitest_scale", vol, out); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if got := readArray(t, out); !got.Shape().Equal(registry.Shape{3, 4, 5}) {
		t.Errorf("OUT = %v", got)
	}
}

func TestApplyOutDirMissing(t *testing.T) {
	dir := t.TempDir()
	vol := writeArray(t, dir, "vol.npy", ramp(t, 4, 5))
	code, _, stderr := runCLI(t, "apply", "clitest_scale", vol, filepath.Join(dir, "no", "such", "out.npy"))
	if code != exitFailure {
		t.Errorf("exit %d", code)
	}
	checkOneLineError(t, stderr, "no such file or directory")
}
