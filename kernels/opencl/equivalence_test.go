package opencl_test

import (
	"testing"

	"github.com/kernreg/kernreg/conformance"
)

// TestEquivalenceWithCPU compares every opencl operation with its cpu counterpart on
// random inputs of odd shapes (conformance.Equivalence).
func TestEquivalenceWithCPU(t *testing.T) {
	needDevice(t)
	conformance.Equivalence(t, "opencl")
}
