package main

import (
	"encoding/json"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kernreg/kernreg/cache"
)

func TestCacheCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("KERNREG_CACHE_DIR", dir)
	c, err := cache.New(dir, cache.Build(), log.New(io.Discard, "", 0))
	if err != nil {
		t.Fatal(err)
	}
	id := cache.Identity{Backend: "opencl", Name: "cpu-test", Platform: "PoCL", Version: "OpenCL 3.0"}
	if _, _, err := c.Program(id, "6.0", "abc", "gaussian.cl", func() ([]byte, error) { return []byte("binary"), nil }); err != nil {
		t.Fatal(err)
	}

	code, stdout, stderr := runCLI(t, "cache", "show")
	if code != 0 || stderr != "" || !strings.Contains(stdout, "opencl: cpu-test (PoCL, OpenCL 3.0)") || !strings.Contains(stdout, "gaussian.cl") || !strings.Contains(stdout, "(current)") {
		t.Errorf("cache show: exit %d, stderr %q, stdout:\n%s", code, stderr, stdout)
	}
	code, stdout, _ = runCLI(t, "cache", "show", "--json")
	var js struct {
		Dir       string          `json:"dir"`
		Manifests []cache.Summary `json:"manifests"`
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &js) != nil || js.Dir != dir || len(js.Manifests) != 1 || js.Manifests[0].Bytes != 6 {
		t.Errorf("cache show --json: exit %d: %s", code, stdout)
	}
	if code, stdout, _ := runCLI(t, "cache", "verify"); code != 0 || !strings.Contains(stdout, "ok") {
		t.Errorf("verify of a good cache: exit %d %q", code, stdout)
	}

	bins, _ := filepath.Glob(filepath.Join(dir, "bin", "*.bin"))
	os.WriteFile(bins[0], []byte("bin"), 0o644) // truncated
	code, _, stderr = runCLI(t, "cache", "verify")
	if code != exitFailure || !strings.Contains(stderr, "truncated binary") || !strings.Contains(stderr, "1 problem(s)") {
		t.Errorf("verify of a truncated binary: exit %d, stderr %q", code, stderr)
	}

	if code, stdout, _ := runCLI(t, "cache", "clear"); code != 0 || !strings.Contains(stdout, "removed 2 file(s)") {
		t.Errorf("clear: exit %d %q", code, stdout)
	}
	if code, _, stderr := runCLI(t, "cache"); code != exitUsage || !strings.Contains(stderr, "subcommand") {
		t.Errorf("bare cache: exit %d %q", code, stderr)
	}
	t.Setenv("KERNREG_NO_CACHE", "1")
	if code, _, stderr := runCLI(t, "cache", "show"); code != exitFailure || !strings.Contains(stderr, "turned off") {
		t.Errorf("show with KERNREG_NO_CACHE=1: exit %d %q", code, stderr)
	}
}
