// Command bench times kernreg operations on .npy inputs, for the comparison scripts:
// `make bench-cpu` (cpu.py: kernreg CPU vs scipy/scikit-image) and gpu.py (kernreg CUDA
// or OpenCL vs CuPy, on the GPU machine). The scripts write the inputs and the plan,
// time the reference themselves, run this program and print the table.
//
// Usage:
//
//	go run ./tools/bench -plan PLAN.json [-backend cpu|opencl|cuda] [-min-time 1s]
//
// PLAN.json is a list of {"id", "op", "input", "params", "slice_by_slice"} objects, with
// params as strings in command-line syntax. For each entry it prints one JSON line
// {"id", "seconds", "device_seconds", "stream_seconds", "runs"} or {"id", "error"}:
// seconds is the fastest end-to-end call from host memory to a result in host memory
// (transfers included); device_seconds, for a GPU backend, the fastest call on an input
// already on the device (no transfers): on cuda the device time between CUDA events
// recorded before and after the call, as gpu.py times CuPy; on opencl the host's time
// until the device is done. stream_seconds is the same time for streamCalls calls queued
// back to back, divided by streamCalls: the host's work for a call then overlaps the
// device's work for the one before, so it is the device's throughput, which the
// bandwidth of memory-bound operations is computed from.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	_ "github.com/kernreg/kernreg/generated"
	"github.com/kernreg/kernreg/imageio"
	"github.com/kernreg/kernreg/kernels/cuda"
	"github.com/kernreg/kernreg/kernels/opencl"
	"github.com/kernreg/kernreg/registry"
)

type entry struct {
	ID           string            `json:"id"`
	Op           string            `json:"op"`
	Input        string            `json:"input"`
	Params       map[string]string `json:"params"`
	SliceBySlice bool              `json:"slice_by_slice"`
}

type result struct {
	ID            string  `json:"id"`
	Seconds       float64 `json:"seconds,omitempty"`
	DeviceSeconds float64 `json:"device_seconds,omitempty"`
	StreamSeconds float64 `json:"stream_seconds,omitempty"`
	Runs          int     `json:"runs,omitempty"`
	Error         string  `json:"error,omitempty"`
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("bench: ")
	plan := flag.String("plan", "", "the plan (JSON list of entries)")
	backend := flag.String("backend", "cpu", "backend to time: cpu, opencl or cuda")
	minTime := flag.Duration("min-time", time.Second, "repeat each entry until this much time has passed (at least one run, at most 20)")
	flag.Parse()
	if *plan == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*plan, *backend, *minTime); err != nil {
		log.Fatal(err)
	}
}

func run(planPath, backend string, minTime time.Duration) error {
	if err := registry.BackendStatus(backend); err != nil {
		return err
	}
	data, err := os.ReadFile(planPath)
	if err != nil {
		return err
	}
	var plan []entry
	if err := json.Unmarshal(data, &plan); err != nil {
		return fmt.Errorf("%s: %w", planPath, err)
	}
	enc := json.NewEncoder(os.Stdout)
	inputs := map[string]*registry.Array{}
	for _, e := range plan {
		in, ok := inputs[e.Input]
		if !ok {
			if in, err = readNPY(e.Input); err != nil {
				return err
			}
			inputs[e.Input] = in
		}
		if err := enc.Encode(timeEntry(e, in, backend, minTime)); err != nil {
			return err
		}
	}
	return nil
}

func readNPY(path string) (*registry.Array, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	a, err := imageio.ReadNPY(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
}

// finish waits until the backend's device has done all queued work.
func finish(backend string) error {
	switch backend {
	case "cuda":
		d, err := cuda.Default()
		if err != nil {
			return err
		}
		return d.Finish()
	case "opencl":
		d, err := opencl.Default()
		if err != nil {
			return err
		}
		return d.Finish()
	}
	return nil
}

// best runs fn once to warm up (compiling programs, and to fail early), then until
// minTime has passed, and returns the fastest run; fn measures its own run.
func best(minTime time.Duration, fn func() (time.Duration, error)) (time.Duration, int, error) {
	if _, err := fn(); err != nil {
		return 0, 0, err
	}
	fastest, total, runs := time.Duration(1<<62), time.Duration(0), 0
	for runs == 0 || (total < minTime && runs < 20) {
		d, err := fn()
		if err != nil {
			return 0, 0, err
		}
		fastest, total, runs = min(fastest, d), total+d, runs+1
	}
	return fastest, runs, nil
}

// wall times fn on the host's clock.
func wall(fn func() error) func() (time.Duration, error) {
	return func() (time.Duration, error) {
		start := time.Now()
		err := fn()
		return time.Since(start), err
	}
}

// deviceTimer measures queued device work: CUDA events on the default stream (as CuPy's
// timings in gpu.py), else the host's clock up to a finish of the device.
func deviceTimer(backend string, fn func() error) (func() (time.Duration, error), func()) {
	if backend == "cuda" {
		if d, err := cuda.Default(); err == nil {
			if t, err := d.NewTimer(); err == nil {
				return func() (time.Duration, error) {
					if err := t.Start(); err != nil {
						return 0, err
					}
					if err := fn(); err != nil {
						return 0, err
					}
					return t.Stop()
				}, t.Release
			}
		}
	}
	return wall(func() error {
		if err := fn(); err != nil {
			return err
		}
		return finish(backend)
	}), func() {}
}

func timeEntry(e entry, in *registry.Array, backend string, minTime time.Duration) result {
	ctx := context.Background()
	v := registry.Values{}
	for k, s := range e.Params {
		v[k] = s
	}
	f, err := registry.Resolve(e.Op, backend)
	if err != nil {
		return result{ID: e.ID, Error: err.Error()}
	}
	r := result{ID: e.ID}
	endToEnd := func() error {
		out, err := f.Call(ctx, []*registry.Array{in}, v, e.SliceBySlice)
		if err != nil {
			return err
		}
		defer out.Release()
		h, err := registry.To(ctx, out, registry.Host)
		if err != nil {
			return err
		}
		if h != out {
			h.Release()
		}
		return nil
	}
	d, runs, err := best(minTime, wall(endToEnd))
	if err != nil {
		return result{ID: e.ID, Error: err.Error()}
	}
	r.Seconds, r.Runs = d.Seconds(), runs
	if f.Memory == registry.Host {
		return r
	}
	dev, err := registry.To(ctx, in, f.Memory)
	if err != nil {
		return result{ID: e.ID, Error: err.Error()}
	}
	defer dev.Release()
	var out *registry.Array
	call := func() error {
		if out != nil {
			out.Release() // the previous run's, queued before this one
		}
		out, err = f.Call(ctx, []*registry.Array{dev}, v, e.SliceBySlice)
		return err
	}
	defer func() {
		if out != nil {
			out.Release()
		}
	}()
	resident, done := deviceTimer(backend, call)
	defer done()
	if d, _, err = best(minTime, resident); err != nil {
		return result{ID: e.ID, Error: err.Error()}
	}
	r.DeviceSeconds = d.Seconds()
	stream, done := deviceTimer(backend, func() error {
		for range streamCalls {
			if err := call(); err != nil {
				return err
			}
		}
		return nil
	})
	defer done()
	if d, _, err = best(minTime, stream); err != nil {
		return result{ID: e.ID, Error: err.Error()}
	}
	r.StreamSeconds = d.Seconds() / streamCalls
	return r
}

// streamCalls is how many calls stream_seconds queues between its two events.
const streamCalls = 10
