package main

import (
	"github.com/spf13/cobra"

	"github.com/kernreg/kernreg/kernels/opencl"
)

// selectOpenCLDevice is opencl.SetDevice; tests replace it.
var selectOpenCLDevice = opencl.SetDevice

// addOpenCLDeviceFlag adds the global --opencl-device flag: it chooses the OpenCL device
// before any command touches the backend, overriding KERNREG_OPENCL_DEVICE.
func addOpenCLDeviceFlag(root *cobra.Command) {
	root.PersistentFlags().String("opencl-device", "",
		"OpenCL device to compute on: its index in 'kernreg devices', its platform#device ID, or part of its name "+
			"(default: $"+opencl.EnvDevice+", else the first GPU, else the first device)")
	prev := root.PersistentPreRunE
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if cmd.Flags().Changed("opencl-device") {
			spec, _ := cmd.Flags().GetString("opencl-device")
			if err := selectOpenCLDevice(spec); err != nil {
				return err
			}
		}
		if prev != nil {
			return prev(cmd, args)
		}
		return nil
	}
}
