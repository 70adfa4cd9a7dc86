package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const measureWant = `label,area,centroid-0,centroid-1,bbox-0,bbox-1,bbox-2,bbox-3,intensity_mean,intensity_min,intensity_max
2,3,0.3333333333333333,0.3333333333333333,0,0,2,2,2,1,3
9,1,1,2,1,2,2,3,6,6,6
`

func measureInputs(t *testing.T) (dir, labels, intensity string) {
	t.Helper()
	dir = t.TempDir()
	// uint16 labels (read as float32, converted to uint32) and float64 intensities.
	labels = writeFile(t, dir, "labels.npy", rawNPY("<u2", []int{2, 3}, []uint16{2, 2, 0, 2, 0, 9}))
	intensity = writeFile(t, dir, "cells.npy", rawNPY("<f8", []int{2, 3}, []float64{1, 2, 7, 3, 5, 6}))
	return dir, labels, intensity
}

func TestMeasure(t *testing.T) {
	dir, labels, intensity := measureInputs(t)
	code, stdout, stderr := runCLI(t, "measure", labels, intensity)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if stdout != measureWant {
		t.Errorf("stdout\n%s\nwant\n%s", stdout, measureWant)
	}

	out := filepath.Join(dir, "regions.csv")
	code, stdout, stderr = runCLI(t, "-v", "measure", labels, intensity, "--csv", out)
	if code != exitOK || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "measure: 2 regions of 2x3") || !strings.Contains(stderr, "-> "+out) {
		t.Errorf("verbose stderr %q", stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != measureWant {
		t.Errorf("%s\n%s\nwant\n%s", out, b, measureWant)
	}

	code, stdout, _ = runCLI(t, "measure", labels)
	if code != exitOK || !strings.HasPrefix(stdout, "label,area,centroid-0,centroid-1,bbox-0,bbox-1,bbox-2,bbox-3\n2,3,") {
		t.Errorf("labels only: exit %d, stdout %q", code, stdout)
	}
}

func TestMeasureErrors(t *testing.T) {
	dir, labels, intensity := measureInputs(t)
	fractional := writeFile(t, dir, "frac.npy", rawNPY("<f4", []int{1, 2}, []float32{1, 1.5}))
	other := writeArray(t, dir, "other.npy", ramp(t, 3, 2))
	out := filepath.Join(dir, "keep.csv")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no args", []string{"measure"}, exitUsage, "measure takes LABELS.npy and optionally INTENSITY.npy, got 0"},
		{"three args", []string{"measure", labels, intensity, labels}, exitUsage, "got 3 argument(s)"},
		{"missing file", []string{"measure", filepath.Join(dir, "nope.npy")}, exitFailure, "nope.npy"},
		{"fractional labels", []string{"measure", fractional}, exitFailure, "measure: labels " + fractional},
		{"shape mismatch", []string{"measure", labels, other, "--csv", out}, exitFailure, "intensity " + other + " is 3x2 but labels"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, c.args...)
			if code != c.code || stdout != "" {
				t.Errorf("exit %d, stdout %q; want exit %d", code, stdout, c.code)
			}
			checkOneLineError(t, stderr, c.want)
		})
	}
	if b, _ := os.ReadFile(out); string(b) != "old" {
		t.Errorf("a failed measure changed %s: %q", out, b)
	}
}
