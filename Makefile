# kernreg: `make demo` runs the demo, `make test` runs every test CI runs.
GO     ?= go
PYTHON ?= /usr/bin/python3
PKGS   := ./...

.PHONY: all demo test check fmt-check vet generate check-generated test-fast test-full \
        reference check-reference deps build bench-cpu test-cuda

all: check

build:
	$(GO) build -o bin/kernreg ./cmd/kernreg

demo:
	$(GO) run ./cmd/kernreg demo --out kernreg-demo

## test: everything CI runs: formatting, vet, generated code and reference data current,
## the full test suite.
test: fmt-check vet check-generated check-reference test-full

## check: the fast pre-commit gate (under a minute): gofmt, vet, generated code current,
## short tests.
check: fmt-check vet check-generated test-fast

fmt-check:
	@out=$$(gofmt -l $$(git ls-files -co --exclude-standard '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

generate:
	$(GO) generate -tags generate .

check-generated:
	$(GO) run ./tools/regen -check
	$(GO) run ./tools/ptxgen -check

test-fast:
	$(GO) test -short -count=1 $(PKGS)

test-full:
	$(GO) test -count=1 $(PKGS)

## bench-cpu: time the CPU backend and scipy/scikit-image on the same inputs (2048x2048
## and 64x512x512 float32) and print the ratio per operation. Several minutes.
bench-cpu:
	$(PYTHON) tools/bench/cpu.py

## test-cuda: build the CUDA test binaries (CGO_ENABLED=0, so they run on a GPU machine
## without Go) into .device/ and print the command that runs them there; the device
## tool carries .device/. Here, without a GPU, the same tests skip with the reason.
CUDA_TEST_PKGS := ./kernels/cuda
test-cuda:
	mkdir -p .device
	for p in $(CUDA_TEST_PKGS); do CGO_ENABLED=0 $(GO) test -c -o .device/$$(basename $$p).test $$p || exit 1; done
	@echo "run on the GPU machine, from the repository root (carry .device):"
	@echo "  for t in .device/*.test; do (cd kernels/\$$(basename \$$t .test) && ../../\$$t -test.v -test.count=1) || exit 1; done"

## reference: rebuild conformance/testdata with scipy/scikit-image (Debian's python3).
reference:
	$(PYTHON) conformance/reference/make_reference.py

check-reference:
	$(PYTHON) conformance/reference/make_reference.py --check

## deps: what a fresh Debian 12 machine needs besides Go (run as root). PoCL is an OpenCL
## driver for the CPU, so the opencl backend's tests run for real without a GPU.
## libtiff-tools (tiffinfo, tiffcp) and tifffile check imageio/tiff against libtiff.
## NVRTC 11.8 (for the CUDA PTX currency check) is in Debian's non-free component: a
## sources file derived from the main one enables it.
NONFREE := /etc/apt/sources.list.d/kernreg-nonfree.sources
deps:
	test -f $(NONFREE) || sed 's/^Components: main$$/Components: contrib non-free/' \
		/etc/apt/sources.list.d/debian.sources > $(NONFREE)
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-scipy python3-skimage \
		libnvrtc11.2 libnvrtc-builtins11.8 ocl-icd-libopencl1 pocl-opencl-icd \
		libtiff-tools python3-tifffile
