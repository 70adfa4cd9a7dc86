package main

import (
	"errors"
	"strings"
	"testing"
)

// TestOpenCLDeviceFlag: --opencl-device reaches the backend before the command runs, and
// its refusal is the command's error.
func TestOpenCLDeviceFlag(t *testing.T) {
	defer func(f func(string) error) { selectOpenCLDevice = f }(selectOpenCLDevice)
	var got []string
	selectOpenCLDevice = func(spec string) error {
		got = append(got, spec)
		if spec == "busy" {
			return errors.New("opencl: cannot select device \"busy\": already in use")
		}
		return nil
	}
	if code, _, stderr := runCLI(t, "--opencl-device", "0#1", "devices"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "list", "--opencl-device", "gpu"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, _ := runCLI(t, "devices"); code != 0 {
		t.Fatal(code)
	}
	if strings.Join(got, ",") != "0#1,gpu" {
		t.Errorf("SetDevice calls %q, want 0#1 then gpu (and none without the flag)", got)
	}
	code, _, stderr := runCLI(t, "--opencl-device", "busy", "devices")
	if code != 1 || !strings.Contains(stderr, "already in use") {
		t.Errorf("refused selection: exit %d, stderr %q", code, stderr)
	}
}
