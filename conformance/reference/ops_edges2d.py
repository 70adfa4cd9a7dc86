"""Reference cases for scikit-image's 2D edge filters (kernels/cpu/edges2d.go).

These are PURE_2D: on a stack the expected result is the filter applied to every slice.
skimage 0.19 computes them with scipy.ndimage.convolve (reflect borders) and, with
mask=None, leaves the border as computed.
"""
from skimage import filters

from case import case, per_slice

OPS = ["sobel_h", "sobel_v", "prewitt_h", "prewitt_v", "scharr_h", "scharr_v",
       "roberts", "roberts_pos_diag", "roberts_neg_diag"]

for op in OPS:
    fn = getattr(filters, op)
    ref = "skimage.filters." + op
    run = per_slice(lambda a, fn=fn: fn(a))
    case(op, "rand2d", "rand2d", run, ref=ref)
    case(op, "rand3d", "rand3d", run, ref=ref + " per slice")
    case(op, "signed2d", "signed2d", run, atol=1e-4, ref=ref)
    case(op, "blobs2d", "blobs2d", run, ref=ref)
    case(op, "cells2d", "cells2d", run, atol=1e-3, ref=ref)
    case(op, "blobs3d", "blobs3d", run, ref=ref + " per slice")
    case(op, "one1x1", "one1x1", run, ref=ref)
    case(op, "row1xn", "row1xn", run, ref=ref)
    case(op, "col", "col", run, ref=ref)
    case(op, "single_slice", "single_slice", run, ref=ref + " per slice")
    case(op, "const2d", "const2d", run, ref=ref)
    case(op, "const3d", "const3d", run, ref=ref + " per slice")
    case(op, "nan2d", "nan2d", run, ref=ref)
