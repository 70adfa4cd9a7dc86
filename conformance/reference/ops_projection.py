"""Reference cases for z projections (kernels/cpu/projection.go).

The reference is the numpy reduction along axis 0. A 2D input runs as a 1-slice volume, so
it is compared with the reduction of a[None]: the input itself for max/min/sum/mean, 0
for std and the z positions. max, min and the z positions must be exact. Sums are taken in
float64 as the CPU kernels do (and match exactly there); sum, mean and std get a relative
tolerance of 1e-6 so that a GPU accumulating in float32 over these short stacks passes.
"""
import numpy as np

from case import case


def vol(a):
    return a if a.ndim == 3 else a[None]


PROJ = {
    "maximum_z_projection": ("numpy.max(axis=0)", lambda a: np.max(vol(a), axis=0), True),
    "minimum_z_projection": ("numpy.min(axis=0)", lambda a: np.min(vol(a), axis=0), True),
    "sum_z_projection": ("numpy.sum(axis=0,dtype=float64)",
                         lambda a: np.sum(vol(a), axis=0, dtype=np.float64), False),
    "mean_z_projection": ("numpy.mean(axis=0,dtype=float64)",
                          lambda a: np.mean(vol(a), axis=0, dtype=np.float64), False),
    "std_z_projection": ("numpy.std(axis=0,dtype=float64)",
                         lambda a: np.std(vol(a), axis=0, dtype=np.float64), False),
    # z positions are indices, stored as float32 like the kernel's output
    "z_position_of_maximum_z_projection": ("numpy.argmax(axis=0)",
                                           lambda a: np.argmax(vol(a), axis=0).astype(np.float32), True),
    "z_position_of_minimum_z_projection": ("numpy.argmin(axis=0)",
                                           lambda a: np.argmin(vol(a), axis=0).astype(np.float32), True),
}

# 3D: random, realistic counts, binary (many ties: the first z must win), constant (all
# ties, std 0), one slice; 2D: a 1-slice volume, including NaN, a single pixel, a row, a column.
INPUTS = ["rand3d", "rand3d_b", "cells3d", "blobs3d", "const3d", "single_slice",
          "rand2d", "nan2d", "one1x1", "row1xn", "col"]
for op, (ref, fn, exact) in PROJ.items():
    for inp in INPUTS:
        if exact:
            case(op, inp, inp, fn, exact=True, ref=ref)
        else:
            case(op, inp, inp, fn, atol=1e-6, rtol=1e-6, ref=ref)
