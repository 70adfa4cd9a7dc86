"""Reference cases for rank filters and grey/binary morphology (kernels/cpu/morphology.go)."""
from scipy import ndimage as ndi

from case import MODES, case

REF = "scipy.ndimage."


def grey(op, fn):
    """minimum_filter, maximum_filter and grey_*: every mode with odd and even sizes on 2D
    and 3D, per-axis sizes, sizes beyond the image, NaN, and the edge-case shapes."""
    ref = REF + op
    for m in MODES:
        case(op, f"rand2d_4_{m}", "rand2d", lambda a, m=m: fn(a, size=4, mode=m, cval=0.3),
             {"size": 4, "mode": m, "cval": 0.3}, exact=True, ref=ref)
        case(op, f"rand2d_3_{m}", "rand2d", lambda a, m=m: fn(a, size=3, mode=m, cval=-1.0),
             {"size": 3, "mode": m, "cval": -1.0}, exact=True, ref=ref)
        case(op, f"rand3d_{m}", "rand3d", lambda a, m=m: fn(a, size=(2, 3, 4), mode=m, cval=0.7),
             {"size": [2, 3, 4], "mode": m, "cval": 0.7}, exact=True, ref=ref)
        case(op, f"col_big_{m}", "col", lambda a, m=m: fn(a, size=(30, 1), mode=m, cval=0.5),
             {"size": [30, 1], "mode": m, "cval": 0.5}, exact=True, ref=ref)
    case(op, "cells3d_5", "cells3d", lambda a: fn(a, size=5), {"size": 5}, exact=True, ref=ref)
    case(op, "cells3d_axes", "cells3d", lambda a: fn(a, size=(1, 6, 3), mode="nearest"),
         {"size": [1, 6, 3], "mode": "nearest"}, exact=True, ref=ref)
    case(op, "cells2d_wide", "cells2d", lambda a: fn(a, size=(2, 70), mode="wrap"),
         {"size": [2, 70], "mode": "wrap"}, exact=True, ref=ref)
    case(op, "signed2d_7", "signed2d", lambda a: fn(a, size=7, mode="mirror"),
         {"size": 7, "mode": "mirror"}, exact=True, ref=ref)
    case(op, "blobs2d_5", "blobs2d", lambda a: fn(a, size=5), {"size": 5}, exact=True, ref=ref)
    case(op, "blobs3d_tiny_cval", "blobs3d", lambda a: fn(a, size=(2, 3, 4), mode="constant", cval=-1e-50),
         {"size": [2, 3, 4], "mode": "constant", "cval": -1e-50}, exact=True, ref=ref)
    case(op, "size1", "rand2d", lambda a: fn(a, size=1), {"size": 1}, exact=True, ref=ref)
    case(op, "nan2d_3", "nan2d", lambda a: fn(a, size=3), {"size": 3}, exact=True, ref=ref)
    case(op, "nan2d_4_constant", "nan2d", lambda a: fn(a, size=4, mode="constant"),
         {"size": 4, "mode": "constant"}, exact=True, ref=ref)
    case(op, "one1x1", "one1x1", lambda a: fn(a, size=3, mode="constant", cval=9.0),
         {"size": 3, "mode": "constant", "cval": 9.0}, exact=True, ref=ref)
    case(op, "row1xn", "row1xn", lambda a: fn(a, size=(3, 4)), {"size": [3, 4]}, exact=True, ref=ref)
    case(op, "single_slice", "single_slice", lambda a: fn(a, size=3), {}, exact=True, ref=ref)
    case(op, "const2d", "const2d", lambda a: fn(a, size=3, mode="constant"), {"mode": "constant"}, exact=True, ref=ref)


grey("minimum_filter", ndi.minimum_filter)
grey("maximum_filter", ndi.maximum_filter)
grey("grey_erosion", ndi.grey_erosion)
grey("grey_dilation", ndi.grey_dilation)
grey("grey_opening", ndi.grey_opening)
grey("grey_closing", ndi.grey_closing)


def binary(op, fn):
    """binary_*: every connectivity, both border values, several iteration counts
    (0 = until unchanged), 2D and 3D blobs and the edge-case shapes."""
    ref = REF + op
    for name, rank in (("blobs2d", 2), ("blobs3d", 3)):
        for conn in range(1, rank + 1):
            for bv in (0, 1):
                for it in (1, 3):
                    case(op, f"{name}_c{conn}_b{bv}_i{it}", name,
                         lambda a, rank=rank, conn=conn, bv=bv, it=it: fn(
                             a, ndi.generate_binary_structure(rank, conn), iterations=it, border_value=bv),
                         {"connectivity": conn, "border_value": bv, "iterations": it}, exact=True, ref=ref)
    case(op, "blobs2d_until_stable", "blobs2d",
         lambda a: fn(a, ndi.generate_binary_structure(2, 1), iterations=0), {"iterations": 0}, exact=True, ref=ref)
    case(op, "blobs3d_until_stable_b1", "blobs3d",
         lambda a: fn(a, ndi.generate_binary_structure(3, 2), iterations=0, border_value=1),
         {"iterations": 0, "connectivity": 2, "border_value": 1}, exact=True, ref=ref)
    case(op, "blobs2d_i8", "blobs2d", lambda a: fn(a, ndi.generate_binary_structure(2, 2), iterations=8),
         {"iterations": 8, "connectivity": 2}, exact=True, ref=ref)
    case(op, "blobs3d_slices", "blobs3d",
         lambda a: fn(a, [[[0, 0, 0], [0, 0, 0], [0, 0, 0]], [[0, 1, 0], [1, 1, 1], [0, 1, 0]], [[0, 0, 0], [0, 0, 0], [0, 0, 0]]],
                      iterations=2),
         {"iterations": 2}, slice_by_slice=True, exact=True, ref=ref + " (per slice)")
    case(op, "rand2d_b1", "rand2d", lambda a: fn(a, border_value=1), {"border_value": 1}, exact=True, ref=ref)
    case(op, "nan2d", "nan2d", lambda a: fn(a), {}, exact=True, ref=ref)
    case(op, "signed2d_defaults", "signed2d", lambda a: fn(a), {}, exact=True, ref=ref)
    for name in ("one1x1", "row1xn", "col", "single_slice", "const2d"):
        for bv in (0, 1):
            case(op, f"{name}_b{bv}", name, lambda a, bv=bv: fn(a, border_value=bv, iterations=2),
                 {"border_value": bv, "iterations": 2}, exact=True, ref=ref)


binary("binary_erosion", ndi.binary_erosion)
binary("binary_dilation", ndi.binary_dilation)
binary("binary_opening", ndi.binary_opening)
binary("binary_closing", ndi.binary_closing)
