// Command benchcpu times kernreg operations on .npy inputs, for the CPU-vs-scipy
// comparison that `make bench-cpu` runs (bench.py writes the inputs and the plan, times
// scipy/scikit-image itself, calls this program and prints the table).
//
// Usage:
//
//	go run ./tools/benchcpu -plan PLAN.json [-backend cpu] [-min-time 1s]
//
// PLAN.json is a list of {"id", "op", "input", "params", "slice_by_slice"} objects, with
// params as strings in command-line syntax. For each entry it prints one JSON line
// {"id", "seconds", "runs"} (seconds: the fastest run) or {"id", "error"}.
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
	ID      string  `json:"id"`
	Seconds float64 `json:"seconds,omitempty"`
	Runs    int     `json:"runs,omitempty"`
	Error   string  `json:"error,omitempty"`
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("benchcpu: ")
	plan := flag.String("plan", "", "the plan (JSON list of entries)")
	backend := flag.String("backend", "cpu", "backend to time")
	minTime := flag.Duration("min-time", time.Second, "repeat each entry until this much time has passed (at least one run, at most 10)")
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

// timeEntry runs one entry once to warm up (and to fail early), then until minTime has
// passed, and reports the fastest run.
func timeEntry(e entry, in *registry.Array, backend string, minTime time.Duration) result {
	ctx := context.Background()
	v := registry.Values{}
	for k, s := range e.Params {
		v[k] = s
	}
	call := func() (time.Duration, error) {
		start := time.Now()
		out, err := registry.Call(ctx, e.Op, in, v, registry.WithBackend(backend), registry.SliceBySlice(e.SliceBySlice))
		d := time.Since(start)
		if err == nil {
			out.Release()
		}
		return d, err
	}
	best, err := call()
	if err != nil {
		return result{ID: e.ID, Error: err.Error()}
	}
	runs, total := 1, best
	for total < minTime && runs < 10 {
		d, err := call()
		if err != nil {
			return result{ID: e.ID, Error: err.Error()}
		}
		best, total, runs = min(best, d), total+d, runs+1
	}
	return result{ID: e.ID, Seconds: best.Seconds(), Runs: runs}
}
