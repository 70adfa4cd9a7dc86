package cpu_test

import (
	"testing"

	"github.com/kernreg/kernreg/conformance"
	_ "github.com/kernreg/kernreg/generated"
)

// TestConformance runs every registered CPU operation against its reference outputs.
func TestConformance(t *testing.T) { conformance.Run(t, "cpu") }

// TestSliceClaims checks every FLEXIBLE CPU operation's slices= claim.
func TestSliceClaims(t *testing.T) { conformance.SliceClaims(t, "cpu") }
