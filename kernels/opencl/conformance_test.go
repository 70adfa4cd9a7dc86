package opencl_test

import (
	"testing"

	"github.com/kernreg/kernreg/conformance"
	_ "github.com/kernreg/kernreg/generated"
	"github.com/kernreg/kernreg/kernels/opencl"
)

// needDevice skips the test, with the reason, on a machine without an OpenCL device.
func needDevice(t testing.TB) *opencl.Device {
	t.Helper()
	d, err := opencl.Default()
	if err != nil {
		t.Skipf("no OpenCL device: %v", err)
	}
	return d
}

// TestConformance runs every operation registered on opencl against the same reference
// outputs and tolerances as the CPU backend.
func TestConformance(t *testing.T) {
	needDevice(t)
	conformance.Run(t, "opencl")
}

// TestSliceClaims checks every FLEXIBLE opencl operation's slices= claim.
func TestSliceClaims(t *testing.T) {
	needDevice(t)
	conformance.SliceClaims(t, "opencl")
}
