package gpu

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
)

// src holds the kernel sources, written once in the dialect (see the package doc).
// common.h is prepended to every other file.
//
//go:embed src/*.cl src/*.h
var src embed.FS

// Source is one compilation unit: common.h and one file of src/, without a backend
// preamble.
type Source struct {
	Name string // the file name in src/, e.g. "filters.cl"
	Text string // common.h followed by the file
	// Hash is the hex SHA-256 of Text: a key for compiled-program caches and for CUDA's
	// ahead-of-time PTX.
	Hash    string
	kernels []*Kernel // the Go declarations of its kernels, checked after each build
}

var sources = map[string]*Source{}

// source loads src/name, once, at package initialisation.
func source(name string) *Source {
	common, err := src.ReadFile("src/common.h")
	if err != nil {
		panic("gpu: " + err.Error())
	}
	body, err := src.ReadFile("src/" + name)
	if err != nil {
		panic("gpu: " + err.Error())
	}
	text := string(common) + "\n#line 1 \"" + name + "\"\n" + string(body)
	h := sha256.Sum256([]byte(text))
	s := &Source{Name: name, Text: text, Hash: hex.EncodeToString(h[:])}
	sources[name] = s
	return s
}

// Sources returns every kernel source, sorted by name: what a backend that compiles
// ahead of time (CUDA's PTX) builds.
func Sources() []*Source {
	out := make([]*Source, 0, len(sources))
	for _, s := range sources {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// KernelNames lists the kernels declared in Go for the source, sorted.
func (s *Source) KernelNames() []string {
	var out []string
	for _, k := range s.kernels {
		out = append(out, k.Name)
	}
	sort.Strings(out)
	return out
}

// Compose returns a complete program text: a backend's preamble, then the source.
func Compose(preamble string, s *Source) string {
	var b strings.Builder
	b.WriteString(preamble)
	if !strings.HasSuffix(preamble, "\n") {
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "#line 1 \"common.h\"\n")
	b.WriteString(s.Text)
	return b.String()
}
