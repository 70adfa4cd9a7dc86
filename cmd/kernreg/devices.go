package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kernreg/kernreg/registry"
)

// devicesJSON is 'devices --json'.
type devicesJSON struct {
	Backends   []backendJSON `json:"backends"`
	Preference []string      `json:"preference"` // the order in which a bare name picks a library
}

type backendJSON struct {
	Name       string            `json:"name"`
	Registered bool              `json:"registered"` // part of this build
	Available  bool              `json:"available"`
	Reason     string            `json:"reason,omitempty"` // why it is not available
	MemoryType string            `json:"memory_type,omitempty"`
	Functions  int               `json:"functions"` // how many functions the library registers
	Devices    []registry.Device `json:"devices"`

	// Deferred says why bare names pass over this available backend when a later library
	// in the preference has the function (registry.Backend.Auto).
	Deferred string `json:"deferred,omitempty"`
}

func newDevicesCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "devices [--json]",
		Short: "Show every backend: part of this build or not, available or why not, its devices",
		Long: `Show every backend kernreg knows (cpu, opencl, cuda): whether this build has it,
whether it can run on this machine (and if not, why not), and its devices. The preference
order is the order in which a bare function name picks a library: the first available
library that has the function runs it.`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			d := collectDevices()
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), d)
			}
			printDevices(cmd.OutOrStdout(), d)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func collectDevices() devicesJSON {
	registered := map[string]*registry.Backend{}
	names := append([]string(nil), registry.KnownBackends...)
	for _, b := range registry.Backends() {
		registered[b.Name] = b
		if !slices.Contains(names, b.Name) {
			names = append(names, b.Name)
		}
	}
	out := devicesJSON{Preference: append([]string(nil), registry.Preference...)}
	for _, name := range names {
		bj := backendJSON{Name: name, Devices: []registry.Device{}}
		bj.Functions = len(registry.Functions(registry.Filter{Library: name}))
		if b := registered[name]; b != nil {
			bj.Registered = true
			bj.MemoryType = string(b.Memory)
		}
		if err := registry.BackendStatus(name); err != nil {
			bj.Reason = err.Error()
		} else {
			bj.Available = true
			// Devices are only asked of an available backend: probing one whose
			// library is missing is exactly what Available guards against.
			if b := registered[name]; b.Devices != nil {
				bj.Devices = append(bj.Devices, b.Devices()...)
			}
			if b := registered[name]; b.Auto != nil {
				if err := b.Auto(); err != nil {
					bj.Deferred = err.Error()
				}
			}
		}
		out.Backends = append(out.Backends, bj)
	}
	return out
}

func printDevices(w io.Writer, d devicesJSON) {
	for _, b := range d.Backends {
		switch {
		case b.Available:
			fmt.Fprintf(w, "%s: available, %d functions, %s memory\n", b.Name, b.Functions, b.MemoryType)
		case b.Registered:
			fmt.Fprintf(w, "%s: unavailable: %s\n", b.Name, b.Reason)
		default:
			fmt.Fprintf(w, "%s: not available: %s\n", b.Name, b.Reason)
		}
		for i, dev := range b.Devices {
			fmt.Fprintf(w, "  device %d: %s\n", i, describeDevice(dev))
		}
		if b.Deferred != "" {
			fmt.Fprintf(w, "  not picked by bare names: %s\n", b.Deferred)
		}
	}
	var avail []string
	for _, name := range d.Preference {
		for _, b := range d.Backends {
			if b.Name == name && b.Available {
				avail = append(avail, name)
			}
		}
	}
	fmt.Fprintf(w, "preference: %s (available here: %s)\n", strings.Join(d.Preference, " > "), strings.Join(avail, ", "))
}

func describeDevice(d registry.Device) string {
	parts := []string{d.Name}
	add := func(label, v string) {
		if v != "" {
			parts = append(parts, label+" "+v)
		}
	}
	add("id", d.ID)
	add("type", d.Type)
	add("vendor", d.Vendor)
	add("platform", d.Platform)
	add("version", d.Version)
	add("driver", d.Driver)
	if d.MemoryB > 0 {
		add("memory", fmt.Sprintf("%.1f GiB", float64(d.MemoryB)/(1<<30)))
	}
	if d.Units > 0 {
		add("compute units", fmt.Sprint(d.Units))
	}
	add("compiler", d.Compiler)
	if d.Selected {
		parts = append(parts, "(selected)")
	}
	return strings.Join(parts, ", ")
}
