package gpu

import (
	"strings"
	"testing"
)

// TestMemoryDeviceUnknown: a memory type no backend registered is an error that says so.
func TestMemoryDeviceUnknown(t *testing.T) {
	d, err := MemoryDevice("nowhere")
	if d != nil || err == nil || !strings.Contains(err.Error(), `memory type "nowhere": its backend is not part of this build`) {
		t.Fatalf("MemoryDevice(nowhere) = %v, %v", d, err)
	}
}
