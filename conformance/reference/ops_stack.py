"""Reference cases for volume-only (PURE_3D) stack corrections (kernels/cpu/stack.go).

bleach_correction: the simple ratio method of Fiji's Bleach Correction plugin (Miura 2020,
BleachCorrection_SimpleRatio), written out in numpy float64. subtract_z_median: the input
minus numpy.median along axis 0 (float32 throughout, as numpy computes it).
A 2D input runs as a 1-slice volume.
"""
import numpy as np

from case import case


def vol(a):
    return a if a.ndim == 3 else a[None]


def bleach_simple_ratio(a, background=0.0):
    """out[t] = (in[t] - b) * (mean_0 - b) / (mean_t - b); slice 0 is only shifted."""
    v = vol(a).astype(np.float64)
    means = v.reshape(v.shape[0], -1).mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (means[0] - background) / (means - background)
    ratio[0] = 1.0
    out = (v - background) * ratio[:, None, None]
    return out.reshape(a.shape)


REF_BLEACH = "Fiji:BleachCorrection_SimpleRatio(Miura2020)"
for inp, bg in [("cells3d", 0.0), ("cells3d", 50.0), ("cells3d", 100.5), ("rand3d", 0.0), ("rand3d", 0.25),
                ("blobs3d", 0.0), ("const3d", 0.5), ("single_slice", 0.1), ("rand2d", 0.2), ("nan2d", 0.0)]:
    params = {} if bg == 0.0 and inp == "cells3d" else {"background": bg}
    case("bleach_correction", f"{inp}_{bg:g}", inp, lambda a, bg=bg: bleach_simple_ratio(a, bg), params,
         atol=1e-6, rtol=1e-6, ref=REF_BLEACH)
# const3d with background 2 (its value): mean - b = 0, so 0/0 = NaN for t > 0 and 0 at t = 0.
case("bleach_correction", "const3d_zero_signal", "const3d", lambda a: bleach_simple_ratio(a, 2.0),
     {"background": 2.0}, exact=True, ref=REF_BLEACH)


def subtract_median(a):
    v = vol(a)
    return (v - np.median(v, axis=0)).reshape(a.shape)


for inp in ["rand3d", "rand3d_b", "cells3d", "blobs3d", "const3d", "single_slice", "rand2d", "nan2d", "one1x1"]:
    case("subtract_z_median", inp, inp, subtract_median, exact=True, ref="image-numpy.median(image,axis=0)")
