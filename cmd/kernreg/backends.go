package main

// The GPU backends this binary carries. Each registers itself at init and is simply
// unavailable, with the reason, on a machine without its driver.
import (
	_ "github.com/kernreg/kernreg/kernels/cuda"
	_ "github.com/kernreg/kernreg/kernels/opencl"
)
