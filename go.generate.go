//go:build generate

// This file only carries the repository's go:generate lines; `make generate` runs them:
// the registry code in generated/, then the CUDA PTX of the shared GPU kernels (which
// needs NVRTC 11.8: make deps installs it).
package kernreg

//go:generate go run ./tools/regen
//go:generate go run ./tools/ptxgen
