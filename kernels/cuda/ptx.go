package cuda

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/kernreg/kernreg/kernels/gpu"
)

// ptxFS holds the PTX of every shared GPU source and index.json, which records what each
// was compiled from (ProgramHash). tools/ptxgen writes them (make generate).
//
//go:embed ptx
var ptxFS embed.FS

// PTXIndex is ptx/index.json.
type PTXIndex struct {
	NVRTC   string            `json:"nvrtc"`   // the NVRTC version that compiled the PTX
	Arch    string            `json:"arch"`    // the virtual architecture
	Sources map[string]string `json:"sources"` // source name -> ProgramHash
}

// PTXFile is the file name of a source's PTX: filters.cl -> filters.ptx.
func PTXFile(src *gpu.Source) string { return strings.TrimSuffix(src.Name, ".cl") + ".ptx" }

func readIndex() (*PTXIndex, error) {
	b, err := ptxFS.ReadFile("ptx/index.json")
	if err != nil {
		return nil, fmt.Errorf("cuda: no embedded PTX index (run make generate): %w", err)
	}
	var idx PTXIndex
	if err := json.Unmarshal(b, &idx); err != nil {
		return nil, fmt.Errorf("cuda: ptx/index.json: %w", err)
	}
	return &idx, nil
}

// embeddedPTX returns the PTX of src after checking it was made from this source.
func embeddedPTX(src *gpu.Source) ([]byte, error) {
	idx, err := readIndex()
	if err != nil {
		return nil, err
	}
	if got, want := idx.Sources[src.Name], ProgramHash(src); got != want {
		return nil, fmt.Errorf("cuda: the embedded PTX of %s was not made from this source (run make generate)", src.Name)
	}
	return ptxFS.ReadFile("ptx/" + PTXFile(src))
}

// GeneratePTX compiles every shared source with NVRTC and returns the files of ptx/ by
// name, index.json included.
func GeneratePTX() (map[string][]byte, error) {
	v, err := NVRTCVersion()
	if err != nil {
		return nil, err
	}
	idx := PTXIndex{NVRTC: v, Arch: Arch, Sources: map[string]string{}}
	out := map[string][]byte{}
	for _, s := range gpu.Sources() {
		ptx, err := CompilePTX(s.Name, gpu.Compose(Preamble, s), Arch, NVRTCOptions...)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.Name, err)
		}
		out[PTXFile(s)] = ptx
		idx.Sources[s.Name] = ProgramHash(s)
	}
	b, err := json.MarshalIndent(idx, "", "  ")
	if err != nil {
		return nil, err
	}
	out["index.json"] = append(b, '\n')
	return out, nil
}

// StalePTX lists the sources whose embedded PTX is missing or was made from other text;
// it needs no NVRTC.
func StalePTX() []string {
	idx, err := readIndex()
	var stale []string
	for _, s := range gpu.Sources() {
		if err != nil || idx.Sources[s.Name] != ProgramHash(s) {
			stale = append(stale, s.Name)
			continue
		}
		if _, err := ptxFS.ReadFile("ptx/" + PTXFile(s)); err != nil {
			stale = append(stale, s.Name)
		}
	}
	if err == nil {
		for name := range idx.Sources {
			found := false
			for _, s := range gpu.Sources() {
				found = found || s.Name == name
			}
			if !found {
				stale = append(stale, name+" (no longer a source)")
			}
		}
	}
	sort.Strings(stale)
	return stale
}
