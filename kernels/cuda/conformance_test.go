package cuda_test

import (
	"testing"

	"github.com/kernreg/kernreg/conformance"
	_ "github.com/kernreg/kernreg/generated"
	"github.com/kernreg/kernreg/kernels/cuda"
)

// needDevice skips the test, with the reason, on a machine without a CUDA device.
func needDevice(t testing.TB) *cuda.Device {
	t.Helper()
	d, err := cuda.Default()
	if err != nil {
		t.Skipf("no CUDA device: %v", err)
	}
	return d
}

// TestConformance runs every operation registered on cuda against the same reference
// outputs and tolerances as the CPU backend.
func TestConformance(t *testing.T) {
	needDevice(t)
	conformance.Run(t, "cuda")
}

// TestSliceClaims checks every FLEXIBLE cuda operation's slices= claim.
func TestSliceClaims(t *testing.T) {
	needDevice(t)
	conformance.SliceClaims(t, "cuda")
}

// TestEquivalenceWithCPU compares every cuda operation with its cpu counterpart on random
// inputs of odd shapes (conformance.Equivalence).
func TestEquivalenceWithCPU(t *testing.T) {
	needDevice(t)
	conformance.Equivalence(t, "cuda")
}

// TestPTXCurrent fails when a shared source changed after its PTX was made.
func TestPTXCurrent(t *testing.T) {
	if stale := cuda.StalePTX(); len(stale) > 0 {
		t.Fatalf("stale PTX for %v: run make generate", stale)
	}
}
