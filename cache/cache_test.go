package cache

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var dev = Identity{Backend: "opencl", Name: "Test Device", Vendor: "kernreg", Platform: "Portable Computing Language", Version: "OpenCL 3.0"}

type fixture struct {
	c      *Cache
	logBuf *bytes.Buffer
	builds atomic.Int32
}

func newFixture(t *testing.T, dir, build string) *fixture {
	t.Helper()
	f := &fixture{logBuf: &bytes.Buffer{}}
	c, err := New(dir, build, log.New(f.logBuf, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	f.c = c
	return f
}

// program asks for the source "src1" under driver and checks the outcome.
func (f *fixture) program(t *testing.T, driver string, want Outcome) []byte {
	t.Helper()
	b, got, err := f.c.Program(dev, driver, "src1", "gaussian.cl", func() ([]byte, error) {
		f.builds.Add(1)
		return []byte("binary for " + driver), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("outcome %v, want %v (log: %s)", got, want, f.logBuf)
	}
	if string(b) != "binary for "+driver {
		t.Fatalf("binary %q", b)
	}
	return b
}

func (f *fixture) logged(t *testing.T, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(f.logBuf.String(), p) {
			t.Errorf("log %q does not contain %q", f.logBuf.String(), p)
		}
	}
	f.logBuf.Reset()
}

func TestSecondStartLoads(t *testing.T) {
	dir := t.TempDir()
	f := newFixture(t, dir, "build1")
	f.program(t, "580.159.04", Compiled)
	f.program(t, "580.159.04", Loaded)
	g := newFixture(t, dir, "build1") // a second process
	g.program(t, "580.159.04", Loaded)
	if f.builds.Load()+g.builds.Load() != 1 || f.logBuf.Len()+g.logBuf.Len() != 0 {
		t.Fatalf("%d builds, log %q %q", f.builds.Load()+g.builds.Load(), f.logBuf, g.logBuf)
	}
	if probs, err := f.c.Verify(); err != nil || len(probs) != 0 {
		t.Fatalf("Verify: %v %v", probs, err)
	}
}

// TestInvalidation: every reason a manifest may not be used is logged with the path and
// what changed, and the program is compiled again.
func TestInvalidation(t *testing.T) {
	dir := t.TempDir()
	f := newFixture(t, dir, "build1")
	f.program(t, "580.159.04", Compiled)
	manifest := f.c.manifestPath(dev)

	f.program(t, "580.160.01", Compiled)
	f.logged(t, manifest, "driver 580.159.04 -> 580.160.01: cache invalid")

	g := newFixture(t, dir, "build2")
	g.program(t, "580.160.01", Compiled)
	g.logged(t, manifest, "kernreg build build1 -> build2")

	g.c.now = func() time.Time { return time.Now().Add(8 * 24 * time.Hour) }
	g.program(t, "580.160.01", Compiled)
	g.logged(t, manifest, "more than 168h0m0s")

	// Another device (here: another OpenCL version) never sees this manifest.
	other := dev
	other.Version = "OpenCL 1.2"
	if _, out, _ := g.c.Program(other, "580.160.01", "src1", "gaussian.cl", func() ([]byte, error) { return []byte("x"), nil }); out != Compiled {
		t.Errorf("another device got %v", out)
	}
}

// TestCorruption: a corrupt manifest, a truncated, altered or missing binary and a
// manifest from a newer kernreg are each reported with the path and rebuilt; verify
// reports them first.
func TestCorruption(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, c *Cache, m *Manifest)
		log    string
	}{
		{"garbage manifest", func(t *testing.T, c *Cache, m *Manifest) {
			os.WriteFile(c.manifestPath(dev), []byte("{\"format\": 1, \"entr"), 0o644)
		}, "corrupt manifest"},
		{"empty manifest", func(t *testing.T, c *Cache, m *Manifest) {
			os.WriteFile(c.manifestPath(dev), []byte("{}"), 0o644)
		}, "format, device or created time missing"},
		{"truncated binary", func(t *testing.T, c *Cache, m *Manifest) {
			p := c.binPath(m.Entries[0].Binary)
			b, _ := os.ReadFile(p)
			os.WriteFile(p, b[:len(b)/2], 0o644)
		}, "truncated binary"},
		{"altered binary", func(t *testing.T, c *Cache, m *Manifest) {
			p := c.binPath(m.Entries[0].Binary)
			b, _ := os.ReadFile(p)
			b[0] ^= 0xff
			os.WriteFile(p, b, 0o644)
		}, "does not match its SHA-256"},
		{"missing binary", func(t *testing.T, c *Cache, m *Manifest) {
			os.Remove(c.binPath(m.Entries[0].Binary))
		}, "no such file"},
		{"path in binary name", func(t *testing.T, c *Cache, m *Manifest) {
			m.Entries[0].Binary = "../../../../etc/passwd" + strings.Repeat("x", 42)
			writeManifest(t, c, m)
		}, "bad entry"},
		{"newer kernreg", func(t *testing.T, c *Cache, m *Manifest) {
			m.Format = FormatVersion + 1
			writeManifest(t, c, m)
		}, "written by a newer kernreg"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, t.TempDir(), "build1")
			f.program(t, "d1", Compiled)
			m, err := readManifest(f.c.manifestPath(dev))
			if err != nil {
				t.Fatal(err)
			}
			tc.damage(t, f.c, m)
			probs, err := f.c.Verify()
			if err != nil || len(probs) != 1 || !strings.Contains(probs[0], tc.log) || !strings.HasPrefix(probs[0], f.c.dir) {
				t.Errorf("Verify = %q, %v; want one problem mentioning %q with the path", probs, err, tc.log)
			}
			f.program(t, "d1", Compiled)
			f.logged(t, f.c.dir, tc.log)
			f.program(t, "d1", Loaded)
			if probs, _ := f.c.Verify(); len(probs) != 0 {
				t.Errorf("after the rebuild Verify = %q", probs)
			}
		})
	}
}

func writeManifest(t *testing.T, c *Cache, m *Manifest) {
	t.Helper()
	data, _ := json.Marshal(m)
	if err := os.WriteFile(c.manifestPath(dev), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRejectedBinaryIsRebuilt(t *testing.T) {
	f := newFixture(t, t.TempDir(), "b")
	f.program(t, "d", Compiled)
	f.c.Reject(dev, "d", "src1", "CL_INVALID_BINARY")
	f.logged(t, f.c.manifestPath(dev), "rejected", "CL_INVALID_BINARY")
	f.program(t, "d", Compiled)
	f.program(t, "d", Loaded)
}

func TestCompileErrorIsNotCached(t *testing.T) {
	f := newFixture(t, t.TempDir(), "b")
	_, _, err := f.c.Program(dev, "d", "src1", "bad.cl", func() ([]byte, error) { return nil, fmt.Errorf("build failed") })
	if err == nil || err.Error() != "build failed" {
		t.Fatalf("got %v", err)
	}
	f.program(t, "d", Compiled)
}

func TestDisabledAndUnwritable(t *testing.T) {
	var logBuf bytes.Buffer
	logger := log.New(&logBuf, "", 0)
	t.Setenv("KERNREG_NO_CACHE", "1")
	if c := FromEnv("b", logger); c != nil || logBuf.Len() != 0 {
		t.Errorf("KERNREG_NO_CACHE=1: cache %v, log %q", c, logBuf.String())
	}
	t.Setenv("KERNREG_NO_CACHE", "")
	t.Setenv("KERNREG_CACHE_DIR", "/dev/null/kernreg")
	if c := FromEnv("b", logger); c != nil || strings.Count(logBuf.String(), "\n") != 1 || !strings.Contains(logBuf.String(), "warning: running without a kernel cache") {
		t.Errorf("unwritable dir: cache %v, log %q", c, logBuf.String())
	}
	var none *Cache
	b, out, err := none.Program(dev, "d", "s", "n", func() ([]byte, error) { return []byte("b"), nil })
	if string(b) != "b" || out != Uncached || err != nil {
		t.Errorf("nil cache: %q %v %v", b, out, err)
	}
	dir := t.TempDir()
	t.Setenv("KERNREG_CACHE_DIR", dir)
	if c := FromEnv("b", logger); c == nil || c.Path() != dir {
		t.Errorf("KERNREG_CACHE_DIR: %v", c)
	}
}

func TestClear(t *testing.T) {
	f := newFixture(t, t.TempDir(), "b")
	f.program(t, "d", Compiled)
	keep := filepath.Join(f.c.dir, "README")
	os.WriteFile(keep, []byte("not ours"), 0o644)
	n, err := f.c.Clear()
	if err != nil || n != 2 {
		t.Fatalf("Clear = %d, %v; want 2 (manifest and binary)", n, err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Error("Clear removed a file it does not own")
	}
	f.program(t, "d", Compiled)
}

// TestManyProcessesBuildOnce starts several processes together on one empty directory:
// all succeed, and the program is built once.
func TestManyProcessesBuildOnce(t *testing.T) {
	if dir := os.Getenv("KERNREG_CACHE_TEST_CHILD"); dir != "" {
		c, err := New(dir, "b", log.New(os.Stderr, "", 0))
		if err != nil {
			t.Fatal(err)
		}
		b, out, err := c.Program(dev, "d", "src1", "slow.cl", func() ([]byte, error) {
			f, err := os.OpenFile(filepath.Join(dir, "builds.txt"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			if err != nil {
				return nil, err
			}
			fmt.Fprintln(f, os.Getpid())
			f.Close()
			time.Sleep(300 * time.Millisecond)
			return []byte("the binary"), nil
		})
		if err != nil || string(b) != "the binary" {
			t.Fatalf("%q %v", b, err)
		}
		fmt.Println("outcome:", out)
		return
	}
	dir := t.TempDir()
	const n = 6
	cmds := make([]*exec.Cmd, n)
	outs := make([]bytes.Buffer, n)
	for i := range cmds {
		cmds[i] = exec.Command(os.Args[0], "-test.run=^TestManyProcessesBuildOnce$", "-test.count=1")
		cmds[i].Env = append(os.Environ(), "KERNREG_CACHE_TEST_CHILD="+dir)
		cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	loaded := 0
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("process %d: %v\n%s", i, err, outs[i].String())
		}
		loaded += strings.Count(outs[i].String(), "outcome: loaded from cache")
	}
	builds, _ := os.ReadFile(filepath.Join(dir, "builds.txt"))
	if got := strings.Count(string(builds), "\n"); got != 1 || loaded != n-1 {
		t.Fatalf("%d builds and %d loads by %d processes, want 1 and %d", got, loaded, n, n-1)
	}
}
