"""Reference cases for median_z_projection and extended_depth_of_focus
(kernels/cpu/projection_extra.go).

extended_depth_of_focus has no library reference; its definition (the kernel's doc
comment) is implemented here with numpy: per slice, in float64, g = the slice (or
scipy.ndimage.gaussian_filter(slice, sigma) if sigma > 0), var = box_mean(g*g) -
box_mean(g)**2 with box_mean summing each (2r+1)-window in a fixed order along Y and then
X (reflect extension), and out = image[argmax_z var]. The sums are written out so that the
float64 values, and so the choice among slices with equal variance (binary images have
many), agree exactly with the kernel.
"""
import numpy as np
from scipy import ndimage as ndi

from case import case


def vol(a):
    return a if a.ndim == 3 else a[None]


def median_z(a):
    with np.errstate(invalid="ignore"):
        return np.median(vol(a), axis=0)


MED_INPUTS = ["rand3d", "rand3d_b", "cells3d", "blobs3d", "const3d", "single_slice", "ew_int3d_a",
              "ew_int3d_b", "rand2d", "nan2d", "one1x1", "row1xn", "col"]
for inp in MED_INPUTS:
    case("median_z_projection", inp, inp, median_z, exact=True, ref="numpy.median(axis=0)")
# ew_int3d_* have 4 slices: an even count, the mean of the two middle values in float32.


def box_mean(a, r):
    """Mean over (2r+1) along axis 0 and then axis 1: the padded window summed from its
    lowest index, then divided by 2r+1 (scipy's reflect mode is numpy's symmetric pad)."""
    if r == 0:
        return a.copy()
    size = 2 * r + 1
    out = a
    for axis in (0, 1):
        n = out.shape[axis]
        pad = [(0, 0), (0, 0)]
        pad[axis] = (r, r)
        p = np.pad(out, pad, mode="symmetric")
        take = lambda k: p[k:k + n] if axis == 0 else p[:, k:k + n]  # noqa: E731
        acc = take(0).copy()
        for k in range(1, size):
            acc += take(k)
        out = acc / size
    return out


def edf(a, radius=2, sigma=0.0):
    v = vol(a)
    var = []
    for s in v:
        g = s.astype(np.float64)
        if sigma > 0:
            g = ndi.gaussian_filter(g, sigma, mode="reflect", truncate=4.0)
        m1 = box_mean(g, radius)
        m2 = box_mean(g * g, radius)
        var.append(m2 - m1 * m1)
    idx = np.argmax(np.stack(var), axis=0)
    return np.take_along_axis(v, idx[None], axis=0)[0]


REF = "documented:argmax_z(local variance) as in conformance/reference/ops_projection_extra.py"
EDF = [("rand3d", 2, 0.0), ("rand3d_b", 1, 0.0), ("cells3d", 3, 0.0), ("cells3d", 2, 1.5), ("cells3d", 0, 0.0),
       ("unit3d", 5, 2.0), ("blobs3d", 1, 0.0), ("blobs3d", 4, 0.0), ("const3d", 2, 0.0), ("ew_img3d_29", 3, 0.7),
       ("single_slice", 2, 1.0), ("rand2d", 2, 0.0), ("nan2d", 1, 0.0), ("one1x1", 3, 0.0), ("col", 9, 0.0),
       ("row1xn", 2, 0.5), ("rand3d", 30, 0.0)]
for inp, r, s in EDF:
    case("extended_depth_of_focus", f"{inp}_r{r}_s{s}", inp, lambda a, r=r, s=s: edf(a, r, s),
         {"radius": r, "sigma": s}, exact=True, ref=REF)
case("extended_depth_of_focus", "default", "cells3d", edf, exact=True, ref=REF)

# NaN and ±Inf in the ew_int3d inputs: a window holding one has a NaN (or Inf) variance;
# the first NaN along Z wins the argmax.
for inp in ("ew_int3d_a", "ew_int3d_b"):
    case("extended_depth_of_focus", inp, inp, lambda a: edf(a, 1), {"radius": 1}, exact=True, ref=REF)
