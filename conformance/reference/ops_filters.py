"""Reference cases for linear and rank filters (kernels/cpu/filters.go)."""
from scipy import ndimage as ndi

from case import MODES, case, per_slice

REF = "scipy.ndimage."

# gaussian_filter: every mode on 2D and 3D, per-axis sigma, truncate, edge-case shapes.
for m in MODES:
    case("gaussian_filter", f"rand2d_{m}", "rand2d", lambda a, m=m: ndi.gaussian_filter(a, 1.5, mode=m, cval=0.25),
         {"sigma": 1.5, "mode": m, "cval": 0.25}, ref=REF + "gaussian_filter")
    case("gaussian_filter", f"rand3d_{m}", "rand3d", lambda a, m=m: ndi.gaussian_filter(a, 1.2, mode=m, cval=0.5),
         {"sigma": 1.2, "mode": m, "cval": 0.5}, ref=REF + "gaussian_filter")
case("gaussian_filter", "cells3d_aniso", "cells3d", lambda a: ndi.gaussian_filter(a, (0.5, 2.0, 3.0)),
     {"sigma": [0.5, 2.0, 3.0]}, rtol=1e-5, atol=1e-3, ref=REF + "gaussian_filter")
case("gaussian_filter", "cells3d_slices", "cells3d", lambda a: ndi.gaussian_filter(a, (0, 2.0, 2.0)),
     {"sigma": 2.0}, slice_by_slice=True, atol=1e-3, ref=REF + "gaussian_filter (sigma 0 along z)")
case("gaussian_filter", "cells2d_big_sigma", "cells2d", lambda a: ndi.gaussian_filter(a, 9.0, truncate=2.5),
     {"sigma": 9.0, "truncate": 2.5}, atol=1e-3, ref=REF + "gaussian_filter")
case("gaussian_filter", "one1x1", "one1x1", lambda a: ndi.gaussian_filter(a, 2.0), {"sigma": 2}, ref=REF + "gaussian_filter")
case("gaussian_filter", "row1xn_mirror", "row1xn", lambda a: ndi.gaussian_filter(a, 3.0, mode="mirror"),
     {"sigma": 3, "mode": "mirror"}, ref=REF + "gaussian_filter")
case("gaussian_filter", "single_slice", "single_slice", lambda a: ndi.gaussian_filter(a, 1.0), {}, ref=REF + "gaussian_filter")
case("gaussian_filter", "sigma0", "rand2d", lambda a: ndi.gaussian_filter(a, 0.0), {"sigma": 0}, exact=True, ref=REF + "gaussian_filter")
case("gaussian_filter", "nan2d", "nan2d", lambda a: ndi.gaussian_filter(a, 1.0), {}, ref=REF + "gaussian_filter")

# uniform_filter: odd and even sizes, per-axis sizes, every mode.
for m in MODES:
    case("uniform_filter", f"rand2d_{m}", "rand2d", lambda a, m=m: ndi.uniform_filter(a, 4, mode=m, cval=1.0),
         {"size": 4, "mode": m, "cval": 1.0}, ref=REF + "uniform_filter")
case("uniform_filter", "rand3d_5", "rand3d", lambda a: ndi.uniform_filter(a, 5), {"size": 5}, ref=REF + "uniform_filter")
case("uniform_filter", "cells3d_axes", "cells3d", lambda a: ndi.uniform_filter(a, (1, 3, 6)),
     {"size": "1,3,6"}, atol=1e-3, ref=REF + "uniform_filter")
case("uniform_filter", "col_7", "col", lambda a: ndi.uniform_filter(a, 7, mode="wrap"), {"size": 7, "mode": "wrap"},
     ref=REF + "uniform_filter")
case("uniform_filter", "const2d", "const2d", lambda a: ndi.uniform_filter(a, 3), {}, ref=REF + "uniform_filter")

# median_filter: rank size//2 of the sorted window, so even sizes take the upper median;
# results are input values (or cval), hence exact.
for m in MODES:
    case("median_filter", f"rand2d_{m}", "rand2d", lambda a, m=m: ndi.median_filter(a, 3, mode=m, cval=0.25),
         {"size": 3, "mode": m, "cval": 0.25}, exact=True, ref=REF + "median_filter")
    case("median_filter", f"rand3d_{m}", "rand3d", lambda a, m=m: ndi.median_filter(a, 3, mode=m, cval=0.75),
         {"size": 3, "mode": m, "cval": 0.75}, exact=True, ref=REF + "median_filter")
    case("median_filter", f"rand2d_even4_{m}", "rand2d", lambda a, m=m: ndi.median_filter(a, 4, mode=m, cval=0.5),
         {"size": 4, "mode": m, "cval": 0.5}, exact=True, ref=REF + "median_filter (even size: upper median)")
case("median_filter", "rand2d_2x5", "rand2d", lambda a: ndi.median_filter(a, (2, 5)), {"size": [2, 5]},
     exact=True, ref=REF + "median_filter")
case("median_filter", "rand2d_1x2_max", "rand2d", lambda a: ndi.median_filter(a, (1, 2)), {"size": [1, 2]},
     exact=True, ref=REF + "median_filter (2-element window: rank 1 is the maximum)")
case("median_filter", "rand2d_7", "rand2d", lambda a: ndi.median_filter(a, 7, mode="mirror"),
     {"size": 7, "mode": "mirror"}, exact=True, ref=REF + "median_filter")
case("median_filter", "rand3d_3x5x2", "rand3d", lambda a: ndi.median_filter(a, (3, 5, 2), mode="wrap"),
     {"size": "3,5,2", "mode": "wrap"}, exact=True, ref=REF + "median_filter")
case("median_filter", "cells3d", "cells3d", lambda a: ndi.median_filter(a, 3), {}, exact=True,
     ref=REF + "median_filter")
case("median_filter", "rand3d_slices", "rand3d", lambda a: ndi.median_filter(a, (1, 5, 5)), {"size": 5},
     slice_by_slice=True, exact=True, ref=REF + "median_filter (size 1 along z)")
case("median_filter", "cells2d_5_nearest", "cells2d", lambda a: ndi.median_filter(a, 5, mode="nearest"),
     {"size": 5, "mode": "nearest"}, exact=True, ref=REF + "median_filter")
case("median_filter", "blobs2d_6", "blobs2d", lambda a: ndi.median_filter(a, 6), {"size": 6}, exact=True,
     ref=REF + "median_filter (many ties)")
case("median_filter", "one1x1", "one1x1", lambda a: ndi.median_filter(a, 3, mode="constant", cval=1.0),
     {"size": 3, "mode": "constant", "cval": 1.0}, exact=True, ref=REF + "median_filter")
case("median_filter", "row1xn_wrap", "row1xn", lambda a: ndi.median_filter(a, 5, mode="wrap"),
     {"size": 5, "mode": "wrap"}, exact=True, ref=REF + "median_filter")
case("median_filter", "col_4_mirror", "col", lambda a: ndi.median_filter(a, 4, mode="mirror"),
     {"size": 4, "mode": "mirror"}, exact=True, ref=REF + "median_filter")
case("median_filter", "single_slice", "single_slice", lambda a: ndi.median_filter(a, 3), {}, exact=True,
     ref=REF + "median_filter")
case("median_filter", "const2d", "const2d", lambda a: ndi.median_filter(a, 5, mode="constant"),
     {"size": 5, "mode": "constant"}, exact=True, ref=REF + "median_filter")
case("median_filter", "size1", "rand2d", lambda a: ndi.median_filter(a, 1), {"size": 1}, exact=True,
     ref=REF + "median_filter")
# Windows holding a NaN: scipy's answer is what its quickselect (NI_Select) returns.
case("median_filter", "nan2d", "nan2d", lambda a: ndi.median_filter(a, 3), {}, exact=True,
     ref=REF + "median_filter (NaN: NI_Select order)")
case("median_filter", "nan2d_4_constant", "nan2d", lambda a: ndi.median_filter(a, 4, mode="constant"),
     {"size": 4, "mode": "constant"}, exact=True, ref=REF + "median_filter (NaN: NI_Select order)")

# laplace: [1, -2, 1] along every axis, summed in float32.
for m in MODES:
    case("laplace", f"rand2d_{m}", "rand2d", lambda a, m=m: ndi.laplace(a, mode=m, cval=0.3),
         {"mode": m, "cval": 0.3}, ref=REF + "laplace")
    case("laplace", f"rand3d_{m}", "rand3d", lambda a, m=m: ndi.laplace(a, mode=m, cval=-1.0),
         {"mode": m, "cval": -1.0}, ref=REF + "laplace")
case("laplace", "cells3d", "cells3d", lambda a: ndi.laplace(a), {}, atol=1e-3, ref=REF + "laplace")
case("laplace", "rand3d_slices", "rand3d", per_slice(ndi.laplace), {}, slice_by_slice=True,
     ref=REF + "laplace per slice")
case("laplace", "cells2d_nearest", "cells2d", lambda a: ndi.laplace(a, mode="nearest"), {"mode": "nearest"},
     atol=1e-3, ref=REF + "laplace")
case("laplace", "signed2d_wrap", "signed2d", lambda a: ndi.laplace(a, mode="wrap"), {"mode": "wrap"},
     atol=1e-4, ref=REF + "laplace")
case("laplace", "one1x1", "one1x1", lambda a: ndi.laplace(a, mode="constant", cval=1.5),
     {"mode": "constant", "cval": 1.5}, ref=REF + "laplace")
case("laplace", "row1xn_mirror", "row1xn", lambda a: ndi.laplace(a, mode="mirror"), {"mode": "mirror"},
     ref=REF + "laplace")
case("laplace", "col", "col", lambda a: ndi.laplace(a), {}, ref=REF + "laplace")
case("laplace", "single_slice_wrap", "single_slice", lambda a: ndi.laplace(a, mode="wrap"), {"mode": "wrap"},
     ref=REF + "laplace")
case("laplace", "const2d", "const2d", lambda a: ndi.laplace(a), {}, ref=REF + "laplace")
case("laplace", "nan2d", "nan2d", lambda a: ndi.laplace(a), {}, ref=REF + "laplace")

# sobel and prewitt: [-1, 0, 1] along axis, [1, 2, 1] / [1, 1, 1] along the others.
for op, fn in (("sobel", ndi.sobel), ("prewitt", ndi.prewitt)):
    for m in MODES:
        case(op, f"rand2d_{m}", "rand2d", lambda a, m=m, fn=fn: fn(a, axis=0, mode=m, cval=0.4),
             {"axis": 0, "mode": m, "cval": 0.4}, ref=REF + op)
        case(op, f"rand3d_{m}", "rand3d", lambda a, m=m, fn=fn: fn(a, mode=m, cval=0.6),
             {"mode": m, "cval": 0.6}, ref=REF + op)
    for ax in (-3, -2, 0, 1, 2):
        case(op, f"rand3d_axis{ax}", "rand3d", lambda a, ax=ax, fn=fn: fn(a, axis=ax), {"axis": ax}, ref=REF + op)
    case(op, "rand2d_axis-1", "rand2d", lambda a, fn=fn: fn(a), {}, ref=REF + op)
    case(op, "rand2d_axis-2", "rand2d", lambda a, fn=fn: fn(a, axis=-2), {"axis": -2}, ref=REF + op)
    case(op, "cells3d_z", "cells3d", lambda a, fn=fn: fn(a, axis=0, mode="nearest"), {"axis": 0, "mode": "nearest"},
         atol=1e-3, ref=REF + op)
    case(op, "rand3d_slices", "rand3d", per_slice(lambda a, fn=fn: fn(a, axis=1)), {"axis": 1},
         slice_by_slice=True, ref=REF + op + " per slice")
    case(op, "cells2d", "cells2d", lambda a, fn=fn: fn(a), {}, atol=1e-3, ref=REF + op)
    case(op, "signed2d_y_mirror", "signed2d", lambda a, fn=fn: fn(a, axis=0, mode="mirror"),
         {"axis": 0, "mode": "mirror"}, atol=1e-4, ref=REF + op)
    case(op, "one1x1", "one1x1", lambda a, fn=fn: fn(a, mode="constant", cval=2.0), {"mode": "constant", "cval": 2.0},
         ref=REF + op)
    case(op, "row1xn_y", "row1xn", lambda a, fn=fn: fn(a, axis=0, mode="wrap"), {"axis": 0, "mode": "wrap"}, ref=REF + op)
    case(op, "row1xn_x", "row1xn", lambda a, fn=fn: fn(a), {}, ref=REF + op)
    case(op, "col_y", "col", lambda a, fn=fn: fn(a, axis=0, mode="nearest"), {"axis": 0, "mode": "nearest"}, ref=REF + op)
    case(op, "single_slice_z", "single_slice", lambda a, fn=fn: fn(a, axis=0, mode="constant", cval=1.0),
         {"axis": 0, "mode": "constant", "cval": 1.0}, ref=REF + op)
    case(op, "const2d", "const2d", lambda a, fn=fn: fn(a), {}, ref=REF + op)
    case(op, "nan2d", "nan2d", lambda a, fn=fn: fn(a, axis=0), {"axis": 0}, ref=REF + op)

# gaussian_laplace and gaussian_gradient_magnitude: sums over axes of gaussian_filter with
# order 2 (1) on one axis. Sigma 0 on an axis removes that axis's passes, derivative
# included (scipy's behaviour, kept).
for op, fn in (("gaussian_laplace", ndi.gaussian_laplace), ("gaussian_gradient_magnitude", ndi.gaussian_gradient_magnitude)):
    for m in MODES:
        case(op, f"rand2d_{m}", "rand2d", lambda a, m=m, fn=fn: fn(a, 1.5, mode=m, cval=0.25),
             {"sigma": 1.5, "mode": m, "cval": 0.25}, ref=REF + op)
        case(op, f"rand3d_{m}", "rand3d", lambda a, m=m, fn=fn: fn(a, 1.2, mode=m, cval=0.5),
             {"sigma": 1.2, "mode": m, "cval": 0.5}, ref=REF + op)
    case(op, "cells3d_aniso", "cells3d", lambda a, fn=fn: fn(a, (0.7, 2.0, 3.0)), {"sigma": [0.7, 2.0, 3.0]},
         atol=1e-3, ref=REF + op)
    case(op, "cells3d_sigma0_z", "cells3d", lambda a, fn=fn: fn(a, (0.0, 1.5, 1.5)), {"sigma": [0, 1.5, 1.5]},
         atol=1e-3, ref=REF + op + " (sigma 0 along z: no z pass at all)")
    case(op, "rand3d_slices", "rand3d", per_slice(lambda a, fn=fn: fn(a, 2.0)), {"sigma": 2.0},
         slice_by_slice=True, ref=REF + op + " per slice")
    case(op, "cells2d_truncate", "cells2d", lambda a, fn=fn: fn(a, 4.0, truncate=2.5, mode="nearest"),
         {"sigma": 4.0, "truncate": 2.5, "mode": "nearest"}, atol=1e-3, ref=REF + op)
    case(op, "signed2d_small", "signed2d", lambda a, fn=fn: fn(a, 0.6, mode="wrap"), {"sigma": 0.6, "mode": "wrap"},
         atol=1e-4, ref=REF + op)
    case(op, "rand2d_sigma0", "rand2d", lambda a, fn=fn: fn(a, 0.0), {"sigma": 0}, ref=REF + op)
    case(op, "one1x1", "one1x1", lambda a, fn=fn: fn(a, 2.0), {"sigma": 2}, ref=REF + op)
    case(op, "row1xn_mirror", "row1xn", lambda a, fn=fn: fn(a, 3.0, mode="mirror"), {"sigma": 3, "mode": "mirror"},
         ref=REF + op)
    case(op, "col_constant", "col", lambda a, fn=fn: fn(a, 1.0, mode="constant", cval=0.5),
         {"sigma": 1, "mode": "constant", "cval": 0.5}, ref=REF + op)
    case(op, "single_slice", "single_slice", lambda a, fn=fn: fn(a, 1.0), {"sigma": 1}, ref=REF + op)
    case(op, "const2d", "const2d", lambda a, fn=fn: fn(a, 1.0), {"sigma": 1}, ref=REF + op)
    case(op, "nan2d", "nan2d", lambda a, fn=fn: fn(a, 1.0), {"sigma": 1}, ref=REF + op)
case("median_filter", "nan2d_1x2", "nan2d", lambda a: ndi.median_filter(a, (1, 2)), {"size": [1, 2]}, exact=True,
     ref=REF + "median_filter (NaN, 2-element window: scipy's maximum_filter)")
case("median_filter", "nan2d_2x1", "nan2d", lambda a: ndi.median_filter(a, (2, 1), mode="wrap"), {"size": [2, 1], "mode": "wrap"}, exact=True,
     ref=REF + "median_filter (NaN, 2-element window: scipy's maximum_filter)")
