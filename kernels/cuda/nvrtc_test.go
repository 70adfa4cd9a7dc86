package cuda

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// needNVRTC skips the test, with the reason, on a machine without libnvrtc, and returns
// the architectures it lists (nil for an NVRTC before 11.2).
func needNVRTC(t *testing.T) (version string, archs []int) {
	t.Helper()
	v, err := NVRTCVersion()
	if err != nil {
		t.Skip(err)
	}
	archs, err = SupportedArchs()
	if err != nil {
		t.Fatal(err)
	}
	return v, archs
}

// cubinArch is a real architecture the loaded NVRTC targets: sm_70 where it still does
// (NVRTC 13 dropped Volta), else the oldest it lists.
func cubinArch(archs []int) string {
	if archs == nil || archs[0] <= 70 {
		return "sm_70"
	}
	return fmt.Sprintf("sm_%d", archs[0])
}

// TestCompileCUBIN needs only libnvrtc (no GPU): saxpy compiles to a cubin (an ELF file)
// for a real architecture; an architecture NVRTC does not know, or a virtual one, is an
// error naming it, and a broken source returns NVRTC's log.
func TestCompileCUBIN(t *testing.T) {
	v, archs := needNVRTC(t)
	arch := cubinArch(archs)
	cubin, err := CompileCUBIN("saxpy.cu", saxpy, arch, NVRTCOptions...)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(cubin, []byte("\x7fELF")) || !bytes.Contains(cubin, []byte("saxpy")) {
		t.Fatalf("NVRTC %s, %s: not an ELF cubin with saxpy: % x", v, arch, cubin[:min(16, len(cubin))])
	}
	t.Logf("NVRTC %s: %d-byte cubin for %s; it targets %v", v, len(cubin), arch, archs)
	for _, bad := range []string{"sm_13", "compute_70", "sm_x"} {
		if _, err := CompileCUBIN("saxpy.cu", saxpy, bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("arch %s: got %v, want an error naming it", bad, err)
		}
	}
	_, err = CompileCUBIN("broken.cu", "__global__ void f() { undefined_thing(); }", arch)
	if err == nil || !strings.Contains(err.Error(), "undefined_thing") || !strings.Contains(err.Error(), "broken.cu") {
		t.Fatalf("broken source: got %v, want the compile log", err)
	}
}
