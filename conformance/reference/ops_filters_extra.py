"""Reference cases for the extra filters: rank and percentile filters, correlation and
convolution with given weights, the 1D filters, Gaussian derivatives, difference of
Gaussians, unsharp masking, box variance, Hessian eigenvalues and the ridge filters
(kernels/cpu/rank.go, correlate.go, filters1d.go, gaussian_orders.go, filters_extra.go,
hessian.go, ridges.go).

Tolerances: rank, percentile, minimum and maximum filters select input values and are
exact. The linear filters follow scipy's float64 sums in scipy's order and are compared
with atol = rtol = 1e-5 on unit-range data, atol 1e-3..2e-3 on the cells images (values up
to ~1200). The box variance is compared with a float64 reference (atol 1e-5; 1e-2 for
the variance of the cells images, whose values reach 1e5). The Hessian family follows
skimage's float32 arithmetic: eigenvalues atol 1e-6 (1e-3 on cells); ridge filters atol
1e-6, rtol 1e-5 in 2D and atol 1e-5, rtol 1e-4 in 3D, whose eigenvalues come from a
different float64 eigensolver than LAPACK's. In practice (kernreg's CPU backend) every
case is bit-identical except frangi (numpy's float32 exp differs by an ulp: <= 1.3e-7)
and the variance filters (float64 rounding: <= 2.2e-8).
"""
import numpy as np
from scipy import ndimage as ndi
from skimage import feature, filters

from case import MODES, case, per_slice

REF = "scipy.ndimage."

# ---------------------------------------------------------------- percentile / rank
# The first case of each op is the one the slices= claim check runs on a random stack.
for m in MODES:
    case("percentile_filter", f"rand2d_{m}", "rand2d", lambda a, m=m: ndi.percentile_filter(a, 30, 3, mode=m, cval=0.25),
         {"percentile": 30, "size": 3, "mode": m, "cval": 0.25}, exact=True, ref=REF + "percentile_filter")
    case("percentile_filter", f"rand3d_{m}", "rand3d", lambda a, m=m: ndi.percentile_filter(a, 75, 3, mode=m, cval=0.5),
         {"percentile": 75, "size": 3, "mode": m, "cval": 0.5}, exact=True, ref=REF + "percentile_filter")
    case("percentile_filter", f"rand2d_even4_{m}", "rand2d", lambda a, m=m: ndi.percentile_filter(a, 60, 4, mode=m, cval=0.7),
         {"percentile": 60, "size": 4, "mode": m, "cval": 0.7}, exact=True, ref=REF + "percentile_filter")
for pc, size in ((50, 5), (-20, [2, 5]), (0, 4), (100, 4), (-100, 3), (99.9, 3), (12.5, [1, 7]), (33.3, 6)):
    sid = str(pc).replace("-", "m").replace(".", "p")
    case("percentile_filter", f"rand2d_p{sid}_s{size if np.isscalar(size) else 'x'.join(map(str, size))}", "rand2d",
         lambda a, pc=pc, size=size: ndi.percentile_filter(a, pc, size),
         {"percentile": pc, "size": size}, exact=True, ref=REF + "percentile_filter")
case("percentile_filter", "rand3d_3x5x2", "rand3d", lambda a: ndi.percentile_filter(a, 40, (3, 5, 2), mode="wrap"),
     {"percentile": 40, "size": [3, 5, 2], "mode": "wrap"}, exact=True, ref=REF + "percentile_filter")
case("percentile_filter", "cells3d", "fx_cells3d", lambda a: ndi.percentile_filter(a, 90, 3), {"percentile": 90},
     exact=True, ref=REF + "percentile_filter")
case("percentile_filter", "rand3d_slices", "rand3d", lambda a: ndi.percentile_filter(a, 20, (1, 5, 5)),
     {"percentile": 20, "size": 5}, slice_by_slice=True, exact=True, ref=REF + "percentile_filter (size 1 along z)")
case("percentile_filter", "cells2d_5_nearest", "cells2d", lambda a: ndi.percentile_filter(a, 10, 5, mode="nearest"),
     {"percentile": 10, "size": 5, "mode": "nearest"}, exact=True, ref=REF + "percentile_filter")
case("percentile_filter", "blobs2d_4", "blobs2d", lambda a: ndi.percentile_filter(a, 60, 4), {"percentile": 60, "size": 4},
     exact=True, ref=REF + "percentile_filter (many ties)")
case("percentile_filter", "int2d_3", "fx_int2d", lambda a: ndi.percentile_filter(a, 45, 3, mode="mirror"),
     {"percentile": 45, "mode": "mirror"}, exact=True, ref=REF + "percentile_filter (ties)")
case("percentile_filter", "one1x1", "one1x1", lambda a: ndi.percentile_filter(a, 50, 3, mode="constant", cval=1.0),
     {"percentile": 50, "mode": "constant", "cval": 1.0}, exact=True, ref=REF + "percentile_filter")
case("percentile_filter", "row1xn_wrap", "row1xn", lambda a: ndi.percentile_filter(a, 70, 5, mode="wrap"),
     {"percentile": 70, "size": 5, "mode": "wrap"}, exact=True, ref=REF + "percentile_filter")
case("percentile_filter", "col_mirror", "col", lambda a: ndi.percentile_filter(a, 30, 4, mode="mirror"),
     {"percentile": 30, "size": 4, "mode": "mirror"}, exact=True, ref=REF + "percentile_filter")
case("percentile_filter", "single_slice", "single_slice", lambda a: ndi.percentile_filter(a, 80, 3),
     {"percentile": 80}, exact=True, ref=REF + "percentile_filter")
case("percentile_filter", "const2d", "const2d", lambda a: ndi.percentile_filter(a, 25, 5, mode="constant"),
     {"percentile": 25, "size": 5, "mode": "constant"}, exact=True, ref=REF + "percentile_filter")
# Windows holding a NaN: scipy's answer is its quickselect's (NI_Select), or the
# minimum/maximum filter's for the extreme ranks.
for pc, size, m in ((25, 3, "reflect"), (80, 4, "constant"), (0, 3, "reflect"), (100, 3, "nearest"), (50, [2, 3], "wrap")):
    case("percentile_filter", f"nan2d_p{pc}_{m}", "nan2d", lambda a, pc=pc, size=size, m=m: ndi.percentile_filter(a, pc, size, mode=m),
         {"percentile": pc, "size": size, "mode": m}, exact=True, ref=REF + "percentile_filter (NaN)")

for m in MODES:
    case("rank_filter", f"rand2d_{m}", "rand2d", lambda a, m=m: ndi.rank_filter(a, 2, 3, mode=m, cval=0.25),
         {"rank": 2, "size": 3, "mode": m, "cval": 0.25}, exact=True, ref=REF + "rank_filter")
    case("rank_filter", f"rand3d_{m}", "rand3d", lambda a, m=m: ndi.rank_filter(a, -3, 3, mode=m, cval=0.75),
         {"rank": -3, "size": 3, "mode": m, "cval": 0.75}, exact=True, ref=REF + "rank_filter")
for rank, size in ((0, 3), (-1, 3), (8, 3), (-9, 3), (12, 5), (1, [1, 2]), (0, [2, 1]), (20, [5, 6]), (5, [1, 9])):
    sid = str(rank).replace("-", "m")
    case("rank_filter", f"rand2d_r{sid}_s{size if np.isscalar(size) else 'x'.join(map(str, size))}", "rand2d",
         lambda a, rank=rank, size=size: ndi.rank_filter(a, rank, size, mode="mirror"),
         {"rank": rank, "size": size, "mode": "mirror"}, exact=True, ref=REF + "rank_filter")
case("rank_filter", "cells3d", "fx_cells3d", lambda a: ndi.rank_filter(a, 5, 3), {"rank": 5}, exact=True, ref=REF + "rank_filter")
case("rank_filter", "cells3d_1x3x3", "fx_cells3d", lambda a: ndi.rank_filter(a, 7, (1, 3, 3)), {"rank": 7, "size": [1, 3, 3]},
     exact=True, ref=REF + "rank_filter")
case("rank_filter", "blobs3d", "blobs3d", lambda a: ndi.rank_filter(a, 20, 3, mode="nearest"),
     {"rank": 20, "mode": "nearest"}, exact=True, ref=REF + "rank_filter (ties)")
case("rank_filter", "int2d_5", "fx_int2d", lambda a: ndi.rank_filter(a, 6, 5, mode="wrap"),
     {"rank": 6, "size": 5, "mode": "wrap"}, exact=True, ref=REF + "rank_filter (ties)")
case("rank_filter", "one1x1", "one1x1", lambda a: ndi.rank_filter(a, 4, 3, mode="constant", cval=9.0),
     {"rank": 4, "mode": "constant", "cval": 9.0}, exact=True, ref=REF + "rank_filter")
case("rank_filter", "row1xn", "row1xn", lambda a: ndi.rank_filter(a, 3, 3), {"rank": 3}, exact=True, ref=REF + "rank_filter")
case("rank_filter", "col", "col", lambda a: ndi.rank_filter(a, -2, 3, mode="wrap"), {"rank": -2, "mode": "wrap"},
     exact=True, ref=REF + "rank_filter")
case("rank_filter", "single_slice", "single_slice", lambda a: ndi.rank_filter(a, 10, 3), {"rank": 10}, exact=True,
     ref=REF + "rank_filter")
case("rank_filter", "const3d", "const3d", lambda a: ndi.rank_filter(a, 3, 3, mode="constant"),
     {"rank": 3, "mode": "constant"}, exact=True, ref=REF + "rank_filter")
for rank, size, m in ((3, 3, "reflect"), (0, 3, "constant"), (-1, 4, "wrap"), (7, [3, 4], "constant")):
    case("rank_filter", f"nan2d_r{rank}_{m}", "nan2d", lambda a, rank=rank, size=size, m=m: ndi.rank_filter(a, rank, size, mode=m),
         {"rank": rank, "size": size, "mode": m}, exact=True, ref=REF + "rank_filter (NaN)")

# ---------------------------------------------------------------- correlate / convolve
W3 = np.random.default_rng(11).standard_normal((3, 3, 3))
W2 = np.random.default_rng(12).standard_normal((3, 3))
W45 = np.random.default_rng(13).standard_normal((4, 5))
W22 = np.array([[1.0, -2.0], [0.5, 3.0]])
W16 = np.array([[0.1, -0.4, 2.0, 0.7, -1.1, 0.3]])
W234 = np.random.default_rng(14).standard_normal((2, 3, 4))
W99 = np.random.default_rng(15).standard_normal((9, 9))
LAPL = np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])
TINY = np.array([[1e-17, 1.0, 2.0], [0.5, 1.0, 1e-300], [0.25, -1.0, 3.0]])
GAUSS5 = np.outer([1, 4, 6, 4, 1], [1, 4, 6, 4, 1]) / 256.0


def wparams(w):
    return {"weights": [float(v) for v in w.ravel()], "weights_shape": list(w.shape)}


for op, fn in (("correlate", ndi.correlate), ("convolve", ndi.convolve)):
    R = REF + op
    case(op, "rand3d_w333", "rand3d", lambda a, fn=fn: fn(a, W3), wparams(W3), ref=R)
    for m in MODES:
        case(op, f"rand2d_w33_{m}", "rand2d", lambda a, m=m, fn=fn: fn(a, W2, mode=m, cval=0.5),
             {**wparams(W2), "mode": m, "cval": 0.5}, ref=R)
        case(op, f"rand2d_w45_{m}", "rand2d", lambda a, m=m, fn=fn: fn(a, W45, mode=m, cval=-0.25),
             {**wparams(W45), "mode": m, "cval": -0.25}, ref=R + " (even axis)")
        case(op, f"rand3d_w234_{m}", "rand3d", lambda a, m=m, fn=fn: fn(a, W234, mode=m, cval=1.5),
             {**wparams(W234), "mode": m, "cval": 1.5}, ref=R)
    case(op, "rand2d_w22", "rand2d", lambda a, fn=fn: fn(a, W22, mode="nearest"), {**wparams(W22), "mode": "nearest"}, ref=R)
    case(op, "rand2d_w16", "rand2d", lambda a, fn=fn: fn(a, W16, mode="wrap"), {**wparams(W16), "mode": "wrap"}, ref=R)
    case(op, "rand2d_w1d", "rand2d", lambda a, fn=fn: fn(a, W16, mode="mirror"),
         {"weights": [float(v) for v in W16.ravel()], "weights_shape": [6], "mode": "mirror"},
         ref=R + " (1-axis weights along X)")
    case(op, "rand3d_w33_broadcast", "rand3d", lambda a, fn=fn: fn(a, W2[None]), wparams(W2),
         ref=R + " (2D weights on a stack: weights[None])")
    case(op, "rand3d_slices", "rand3d", per_slice(lambda a, fn=fn: fn(a, W2, mode="constant")),
         {**wparams(W2), "mode": "constant"}, slice_by_slice=True, ref=R + " per slice")
    case(op, "rand2d_w333_as_volume", "rand2d", lambda a, fn=fn: fn(a[None], W3, mode="constant", cval=0.5)[0],
         {**wparams(W3), "mode": "constant", "cval": 0.5}, ref=R + " (3D weights on a 2D image: image[None])")
    case(op, "rand2d_w333_as_volume_reflect", "rand2d", lambda a, fn=fn: fn(a[None], W3)[0], wparams(W3),
         ref=R + " (3D weights on a 2D image: image[None])")
    case(op, "cells2d_gauss5", "cells2d", lambda a, fn=fn: fn(a, GAUSS5, mode="nearest"), {**wparams(GAUSS5), "mode": "nearest"},
         atol=1e-3, ref=R)
    case(op, "cells3d_w234", "fx_cells3d", lambda a, fn=fn: fn(a, W234), wparams(W234), atol=2e-3, ref=R)
    case(op, "signed2d_w99_wrap", "signed2d", lambda a, fn=fn: fn(a, W99, mode="wrap"), {**wparams(W99), "mode": "wrap"},
         atol=1e-3, ref=R)
    case(op, "one1x1_w99", "one1x1", lambda a, fn=fn: fn(a, W99, mode="reflect"), wparams(W99), atol=1e-4, ref=R)
    case(op, "row1xn_w45_mirror", "row1xn", lambda a, fn=fn: fn(a, W45, mode="mirror"), {**wparams(W45), "mode": "mirror"}, ref=R)
    case(op, "col_w45_constant", "col", lambda a, fn=fn: fn(a, W45, mode="constant", cval=2.0),
         {**wparams(W45), "mode": "constant", "cval": 2.0}, ref=R)
    case(op, "single_slice_w333", "single_slice", lambda a, fn=fn: fn(a, W3, mode="wrap"), {**wparams(W3), "mode": "wrap"}, ref=R)
    case(op, "const2d", "const2d", lambda a, fn=fn: fn(a, GAUSS5), wparams(GAUSS5), ref=R)
    case(op, "nan2d_laplace", "nan2d", lambda a, fn=fn: fn(a, LAPL), wparams(LAPL), ref=R + " (zero weights skip NaN)")
    case(op, "nan2d_tiny", "nan2d", lambda a, fn=fn: fn(a, TINY), wparams(TINY), ref=R + " (|w| <= 2^-52 skipped)")

# ---------------------------------------------------------------- 1D filters
W1_SYM = [0.25, 0.5, 0.25]
W1_ANTI = [-1.0, 0.0, 1.0]
W1_GEN = [0.2, 0.5, -0.3]
W1_EVEN = [1.0, 2.0, -1.0, 0.5]
W1_LONG = list(np.random.default_rng(16).standard_normal(11))
for op, fn in (("correlate1d", ndi.correlate1d), ("convolve1d", ndi.convolve1d)):
    R = REF + op
    case(op, "rand3d_even_axis0", "rand3d", lambda a, fn=fn: fn(a, W1_EVEN, axis=0), {"weights": W1_EVEN, "axis": 0}, ref=R)
    for m in MODES:
        for wn, w in (("sym", W1_SYM), ("anti", W1_ANTI), ("gen", W1_GEN), ("even", W1_EVEN)):
            if wn in ("sym", "anti") and m not in ("reflect", "constant"):
                continue  # the folded sums read the same padded line as the others
            case(op, f"rand2d_{wn}_{m}", "rand2d", lambda a, m=m, w=w, fn=fn: fn(a, w, mode=m, cval=0.4),
                 {"weights": w, "mode": m, "cval": 0.4}, ref=R)
    for ax in (-3, -2, -1, 1, 2):
        case(op, f"rand3d_gen_axis{ax}", "rand3d", lambda a, ax=ax, fn=fn: fn(a, W1_GEN, axis=ax), {"weights": W1_GEN, "axis": ax},
             ref=R)
    case(op, "rand2d_axis0_even2", "rand2d", lambda a, fn=fn: fn(a, [1.0, -1.0], axis=0, mode="nearest"),
         {"weights": [1.0, -1.0], "axis": 0, "mode": "nearest"}, ref=R)
    case(op, "rand2d_single", "rand2d", lambda a, fn=fn: fn(a, [2.5]), {"weights": [2.5]}, ref=R)
    case(op, "rand3d_slices", "rand3d", per_slice(lambda a, fn=fn: fn(a, W1_LONG, axis=0, mode="mirror")),
         {"weights": W1_LONG, "axis": 0, "mode": "mirror"}, slice_by_slice=True, ref=R + " per slice")
    case(op, "cells3d_long_z", "fx_cells3d", lambda a, fn=fn: fn(a, W1_LONG, axis=0, mode="reflect"),
         {"weights": W1_LONG, "axis": 0}, atol=2e-3, ref=R)
    case(op, "one1x1_long", "one1x1", lambda a, fn=fn: fn(a, W1_LONG, mode="wrap"), {"weights": W1_LONG, "mode": "wrap"}, ref=R)
    case(op, "row1xn_long", "row1xn", lambda a, fn=fn: fn(a, W1_LONG, mode="mirror"), {"weights": W1_LONG, "mode": "mirror"}, ref=R)
    case(op, "col_long_y", "col", lambda a, fn=fn: fn(a, W1_LONG, axis=0, mode="constant", cval=1.0),
         {"weights": W1_LONG, "axis": 0, "mode": "constant", "cval": 1.0}, ref=R)
    case(op, "single_slice_z", "single_slice", lambda a, fn=fn: fn(a, W1_EVEN, axis=0, mode="reflect"),
         {"weights": W1_EVEN, "axis": 0}, ref=R)
    case(op, "const2d", "const2d", lambda a, fn=fn: fn(a, W1_SYM, axis=0), {"weights": W1_SYM, "axis": 0}, ref=R)
    case(op, "nan2d_sym", "nan2d", lambda a, fn=fn: fn(a, [1.0, 0.0, 1.0]), {"weights": [1.0, 0.0, 1.0]},
         ref=R + " (no zero skipping in 1D: NaN*0 spreads)")
    case(op, "nan2d_gen_y", "nan2d", lambda a, fn=fn: fn(a, W1_GEN, axis=0), {"weights": W1_GEN, "axis": 0}, ref=R)

for op, fn, tol in (("uniform_filter1d", ndi.uniform_filter1d, {}),
                    ("minimum_filter1d", ndi.minimum_filter1d, {"exact": True}),
                    ("maximum_filter1d", ndi.maximum_filter1d, {"exact": True})):
    R = REF + op
    case(op, "rand3d_axis0", "rand3d", lambda a, fn=fn: fn(a, 3, axis=0), {"size": 3, "axis": 0}, ref=R, **tol)
    for m in MODES:
        case(op, f"rand2d_4_{m}", "rand2d", lambda a, m=m, fn=fn: fn(a, 4, mode=m, cval=0.3),
             {"size": 4, "mode": m, "cval": 0.3}, ref=R, **tol)
        case(op, f"rand2d_5_y_{m}", "rand2d", lambda a, m=m, fn=fn: fn(a, 5, axis=0, mode=m, cval=0.6),
             {"size": 5, "axis": 0, "mode": m, "cval": 0.6}, ref=R, **tol)
        case(op, f"rand3d_3_y_{m}", "rand3d", lambda a, m=m, fn=fn: fn(a, 3, axis=-2, mode=m, cval=0.9),
             {"size": 3, "axis": -2, "mode": m, "cval": 0.9}, ref=R, **tol)
    case(op, "rand2d_1", "rand2d", lambda a, fn=fn: fn(a, 1), {"size": 1}, ref=R, **tol)
    case(op, "rand2d_2", "rand2d", lambda a, fn=fn: fn(a, 2, axis=0), {"size": 2, "axis": 0}, ref=R, **tol)
    case(op, "rand3d_slices", "rand3d", per_slice(lambda a, fn=fn: fn(a, 6, axis=0)), {"size": 6, "axis": 0},
         slice_by_slice=True, ref=R + " per slice", **tol)
    case(op, "cells3d_z7", "fx_cells3d", lambda a, fn=fn: fn(a, 7, axis=0, mode="nearest"), {"size": 7, "axis": 0, "mode": "nearest"},
         ref=R, **({"atol": 1e-3} if not tol else tol))
    case(op, "blobs2d_9", "blobs2d", lambda a, fn=fn: fn(a, 9, mode="wrap"), {"size": 9, "mode": "wrap"}, ref=R, **tol)
    case(op, "one1x1", "one1x1", lambda a, fn=fn: fn(a, 5, mode="constant", cval=1.0), {"size": 5, "mode": "constant", "cval": 1.0},
         ref=R, **tol)
    case(op, "row1xn_big", "row1xn", lambda a, fn=fn: fn(a, 40, mode="mirror"), {"size": 40, "mode": "mirror"}, ref=R, **tol)
    case(op, "col_y", "col", lambda a, fn=fn: fn(a, 4, axis=0, mode="wrap"), {"size": 4, "axis": 0, "mode": "wrap"}, ref=R, **tol)
    case(op, "single_slice_z", "single_slice", lambda a, fn=fn: fn(a, 3, axis=0), {"size": 3, "axis": 0}, ref=R, **tol)
    case(op, "const2d", "const2d", lambda a, fn=fn: fn(a, 3), {"size": 3}, ref=R, **tol)
    if tol:
        case(op, "nan2d", "nan2d", lambda a, fn=fn: fn(a, 3), {"size": 3}, ref=R + " (NaN: scipy's deque order)", **tol)
        case(op, "nan2d_y_constant", "nan2d", lambda a, fn=fn: fn(a, 4, axis=0, mode="constant", cval=-0.0),
             {"size": 4, "axis": 0, "mode": "constant", "cval": -0.0}, ref=R + " (NaN, -0 cval)", **tol)

R = REF + "gaussian_filter1d"
case("gaussian_filter1d", "rand3d_axis0", "rand3d", lambda a: ndi.gaussian_filter1d(a, 1.5, axis=0), {"sigma": 1.5, "axis": 0}, ref=R)
for m in MODES:
    for order in (0, 1, 2, 3):
        case("gaussian_filter1d", f"rand2d_o{order}_{m}", "rand2d",
             lambda a, m=m, order=order: ndi.gaussian_filter1d(a, 1.7, order=order, mode=m, cval=0.3),
             {"sigma": 1.7, "order": order, "mode": m, "cval": 0.3}, ref=R)
for ax in (-3, -2, 1, 2):
    case("gaussian_filter1d", f"rand3d_axis{ax}_o1", "rand3d", lambda a, ax=ax: ndi.gaussian_filter1d(a, 1.2, axis=ax, order=1),
         {"sigma": 1.2, "axis": ax, "order": 1}, ref=R)
case("gaussian_filter1d", "rand2d_o4", "rand2d", lambda a: ndi.gaussian_filter1d(a, 2.0, order=4), {"sigma": 2.0, "order": 4}, ref=R)
case("gaussian_filter1d", "rand2d_tiny_sigma", "rand2d", lambda a: ndi.gaussian_filter1d(a, 0.1), {"sigma": 0.1}, ref=R)
case("gaussian_filter1d", "rand2d_truncate0", "rand2d", lambda a: ndi.gaussian_filter1d(a, 2.0, truncate=0.0),
     {"sigma": 2.0, "truncate": 0.0}, ref=R + " (radius 0)")
case("gaussian_filter1d", "rand3d_slices", "rand3d", per_slice(lambda a: ndi.gaussian_filter1d(a, 2.0, axis=0, order=2)),
     {"sigma": 2.0, "axis": 0, "order": 2}, slice_by_slice=True, ref=R + " per slice")
case("gaussian_filter1d", "cells3d_z", "fx_cells3d", lambda a: ndi.gaussian_filter1d(a, 2.5, axis=0, mode="nearest"),
     {"sigma": 2.5, "axis": 0, "mode": "nearest"}, atol=1e-3, ref=R)
case("gaussian_filter1d", "cells2d_big", "cells2d", lambda a: ndi.gaussian_filter1d(a, 9.0, truncate=3.0, order=1),
     {"sigma": 9.0, "truncate": 3.0, "order": 1}, atol=1e-3, ref=R)
case("gaussian_filter1d", "one1x1", "one1x1", lambda a: ndi.gaussian_filter1d(a, 3.0), {"sigma": 3.0}, ref=R)
case("gaussian_filter1d", "row1xn_mirror", "row1xn", lambda a: ndi.gaussian_filter1d(a, 4.0, mode="mirror", order=2),
     {"sigma": 4.0, "mode": "mirror", "order": 2}, ref=R)
case("gaussian_filter1d", "col_y", "col", lambda a: ndi.gaussian_filter1d(a, 1.0, axis=0, mode="wrap"),
     {"sigma": 1.0, "axis": 0, "mode": "wrap"}, ref=R)
case("gaussian_filter1d", "single_slice_z", "single_slice", lambda a: ndi.gaussian_filter1d(a, 1.0, axis=0, order=1),
     {"sigma": 1.0, "axis": 0, "order": 1}, ref=R)
case("gaussian_filter1d", "const2d_o1", "const2d", lambda a: ndi.gaussian_filter1d(a, 1.0, order=1), {"sigma": 1.0, "order": 1}, ref=R)
case("gaussian_filter1d", "nan2d", "nan2d", lambda a: ndi.gaussian_filter1d(a, 1.0, axis=0), {"sigma": 1.0, "axis": 0}, ref=R)

R = REF + "gaussian_filter (order=...)"
case("gaussian_derivative", "rand3d_default", "rand3d", lambda a: ndi.gaussian_filter(a, 1.0), {}, ref=R)
for m in MODES:
    case("gaussian_derivative", f"rand2d_o01_{m}", "rand2d", lambda a, m=m: ndi.gaussian_filter(a, 1.5, order=(0, 1), mode=m, cval=0.2),
         {"sigma": 1.5, "order": [0, 1], "mode": m, "cval": 0.2}, ref=R)
    case("gaussian_derivative", f"rand3d_o102_{m}", "rand3d", lambda a, m=m: ndi.gaussian_filter(a, 1.1, order=(1, 0, 2), mode=m, cval=0.7),
         {"sigma": 1.1, "order": [1, 0, 2], "mode": m, "cval": 0.7}, ref=R)
case("gaussian_derivative", "rand2d_o20", "rand2d", lambda a: ndi.gaussian_filter(a, 2.0, order=(2, 0)), {"sigma": 2, "order": [2, 0]}, ref=R)
case("gaussian_derivative", "rand2d_o11", "rand2d", lambda a: ndi.gaussian_filter(a, 1.3, order=1), {"sigma": 1.3, "order": 1}, ref=R)
case("gaussian_derivative", "rand2d_o3", "rand2d", lambda a: ndi.gaussian_filter(a, (1.0, 2.0), order=(3, 0)),
     {"sigma": [1.0, 2.0], "order": [3, 0]}, ref=R)
case("gaussian_derivative", "rand3d_sigma0_axis", "rand3d", lambda a: ndi.gaussian_filter(a, (0.0, 1.0, 1.5), order=(2, 1, 0)),
     {"sigma": [0.0, 1.0, 1.5], "order": [2, 1, 0]}, ref=R + " (sigma 0: no pass, order ignored)")
case("gaussian_derivative", "rand3d_slices", "rand3d", per_slice(lambda a: ndi.gaussian_filter(a, 1.5, order=(1, 1))),
     {"sigma": 1.5, "order": 1}, slice_by_slice=True, ref=R + " per slice")
case("gaussian_derivative", "rand2d_all_sigma0", "rand2d", lambda a: ndi.gaussian_filter(a, 0.0, order=2),
     {"sigma": 0, "order": 2}, exact=True, ref=R + " (no pass: the image)")
case("gaussian_derivative", "cells3d_aniso", "cells3d", lambda a: ndi.gaussian_filter(a, (0.8, 2.0, 3.0), order=(0, 1, 1)),
     {"sigma": [0.8, 2.0, 3.0], "order": [0, 1, 1]}, atol=1e-3, ref=R)
case("gaussian_derivative", "cells2d_o2_nearest", "cells2d", lambda a: ndi.gaussian_filter(a, 3.0, order=(0, 2), mode="nearest", truncate=2.5),
     {"sigma": 3.0, "order": [0, 2], "mode": "nearest", "truncate": 2.5}, atol=1e-3, ref=R)
case("gaussian_derivative", "one1x1", "one1x1", lambda a: ndi.gaussian_filter(a, 2.0, order=(1, 0)), {"sigma": 2, "order": [1, 0]}, ref=R)
case("gaussian_derivative", "row1xn", "row1xn", lambda a: ndi.gaussian_filter(a, 2.0, order=(0, 2), mode="mirror"),
     {"sigma": 2, "order": [0, 2], "mode": "mirror"}, ref=R)
case("gaussian_derivative", "col", "col", lambda a: ndi.gaussian_filter(a, 1.0, order=(1, 0), mode="wrap"),
     {"sigma": 1, "order": [1, 0], "mode": "wrap"}, ref=R)
case("gaussian_derivative", "single_slice", "single_slice", lambda a: ndi.gaussian_filter(a, 1.0, order=(1, 0, 1)),
     {"sigma": 1, "order": [1, 0, 1]}, ref=R)
case("gaussian_derivative", "const2d", "const2d", lambda a: ndi.gaussian_filter(a, 1.0, order=(1, 1)), {"order": 1}, ref=R)
case("gaussian_derivative", "nan2d", "nan2d", lambda a: ndi.gaussian_filter(a, 1.0, order=(0, 1)), {"order": [0, 1]}, ref=R)

# ---------------------------------------------------------------- DoG, unsharp mask
R = "skimage.filters.difference_of_gaussians"
case("difference_of_gaussians", "rand3d", "rand3d", lambda a: filters.difference_of_gaussians(a, 1.0), {"low_sigma": 1.0}, ref=R)
for m in MODES:
    case("difference_of_gaussians", f"rand2d_{m}", "rand2d", lambda a, m=m: filters.difference_of_gaussians(a, 1.0, 2.5, mode=m, cval=0.3),
         {"low_sigma": 1.0, "high_sigma": 2.5, "mode": m, "cval": 0.3}, ref=R)
case("difference_of_gaussians", "rand2d_default_high", "rand2d", lambda a: filters.difference_of_gaussians(a, 1.5),
     {"low_sigma": 1.5}, ref=R + " (high_sigma = 1.6 low_sigma)")
case("difference_of_gaussians", "rand2d_axes", "rand2d", lambda a: filters.difference_of_gaussians(a, (0.5, 1.0), (2.0, 1.0)),
     {"low_sigma": [0.5, 1.0], "high_sigma": [2.0, 1.0]}, ref=R)
case("difference_of_gaussians", "rand3d_axes_default_high", "rand3d",
     lambda a: filters.difference_of_gaussians(a, (0.0, 1.0, 2.0), truncate=3.0),
     {"low_sigma": [0.0, 1.0, 2.0], "truncate": 3.0}, ref=R)
case("difference_of_gaussians", "rand3d_slices", "rand3d", per_slice(lambda a: filters.difference_of_gaussians(a, 1.0, 3.0)),
     {"low_sigma": 1.0, "high_sigma": 3.0}, slice_by_slice=True, ref=R + " per slice")
case("difference_of_gaussians", "cells3d", "fx_cells3d", lambda a: filters.difference_of_gaussians(a, (0.5, 1.5, 1.5), 4.0),
     {"low_sigma": [0.5, 1.5, 1.5], "high_sigma": 4.0}, atol=2e-3, ref=R)
case("difference_of_gaussians", "cells2d", "cells2d", lambda a: filters.difference_of_gaussians(a, 2.0), {"low_sigma": 2.0},
     atol=2e-3, ref=R)
case("difference_of_gaussians", "blobs2d", "blobs2d", lambda a: filters.difference_of_gaussians(a, 3.0, 6.0, mode="reflect"),
     {"low_sigma": 3.0, "high_sigma": 6.0, "mode": "reflect"}, ref=R)
case("difference_of_gaussians", "one1x1", "one1x1", lambda a: filters.difference_of_gaussians(a, 1.0), {"low_sigma": 1.0}, ref=R)
case("difference_of_gaussians", "row1xn", "row1xn", lambda a: filters.difference_of_gaussians(a, 1.0, mode="wrap"),
     {"low_sigma": 1.0, "mode": "wrap"}, ref=R)
case("difference_of_gaussians", "col", "col", lambda a: filters.difference_of_gaussians(a, 0.7), {"low_sigma": 0.7}, ref=R)
case("difference_of_gaussians", "single_slice", "single_slice", lambda a: filters.difference_of_gaussians(a, 1.0),
     {"low_sigma": 1.0}, ref=R)
case("difference_of_gaussians", "const2d", "const2d", lambda a: filters.difference_of_gaussians(a, 1.0), {"low_sigma": 1.0}, ref=R)
case("difference_of_gaussians", "equal_sigmas", "rand2d", lambda a: filters.difference_of_gaussians(a, 1.2, 1.2),
     {"low_sigma": 1.2, "high_sigma": 1.2}, exact=True, ref=R + " (equal sigmas: 0)")
case("difference_of_gaussians", "nan2d", "nan2d", lambda a: filters.difference_of_gaussians(a, 1.0), {"low_sigma": 1.0}, ref=R)

R = "skimage.filters.unsharp_mask"
case("unsharp_mask", "rand3d", "rand3d", lambda a: filters.unsharp_mask(a, preserve_range=True), {}, ref=R + " (preserve_range=True)")
for radius, amount in ((1.0, 1.0), (2.5, 0.7), (0.5, 3.0), (4.0, -1.0)):
    case("unsharp_mask", f"rand2d_r{radius}_a{amount}", "rand2d",
         lambda a, radius=radius, amount=amount: filters.unsharp_mask(a, radius, amount, preserve_range=True),
         {"radius": radius, "amount": amount}, ref=R + " (preserve_range=True)")
case("unsharp_mask", "rand2d_clip", "rand2d", lambda a: filters.unsharp_mask(a, 2.0, 2.0), {"radius": 2.0, "amount": 2.0, "preserve_range": False},
     ref=R + " (preserve_range=False: clipped to [0, 1])")
case("unsharp_mask", "signed2d_clip", "signed2d", lambda a: filters.unsharp_mask(a, 1.0, 1.5),
     {"radius": 1.0, "amount": 1.5, "preserve_range": False}, ref=R + " (preserve_range=False: clipped to [-1, 1])")
case("unsharp_mask", "rand2d_axes", "rand2d", lambda a: filters.unsharp_mask(a, (0.0, 2.0), 1.0, preserve_range=True),
     {"radius": [0.0, 2.0]}, ref=R)
case("unsharp_mask", "rand3d_slices", "rand3d", per_slice(lambda a: filters.unsharp_mask(a, 1.5, 2.0, preserve_range=True)),
     {"radius": 1.5, "amount": 2.0}, slice_by_slice=True, ref=R + " per slice")
case("unsharp_mask", "cells3d", "fx_cells3d", lambda a: filters.unsharp_mask(a, (1.0, 2.0, 2.0), 1.0, preserve_range=True),
     {"radius": [1.0, 2.0, 2.0]}, atol=2e-3, ref=R)
case("unsharp_mask", "cells2d", "cells2d", lambda a: filters.unsharp_mask(a, 3.0, 0.5, preserve_range=True),
     {"radius": 3.0, "amount": 0.5}, atol=2e-3, ref=R)
case("unsharp_mask", "signed2d", "signed2d", lambda a: filters.unsharp_mask(a, 1.0, 1.0, preserve_range=True), {}, atol=1e-4, ref=R)
case("unsharp_mask", "one1x1", "one1x1", lambda a: filters.unsharp_mask(a, 2.0, preserve_range=True), {"radius": 2.0}, ref=R)
case("unsharp_mask", "row1xn", "row1xn", lambda a: filters.unsharp_mask(a, 1.0, preserve_range=True), {}, ref=R)
case("unsharp_mask", "col", "col", lambda a: filters.unsharp_mask(a, 1.0, 2.0, preserve_range=True), {"amount": 2.0}, ref=R)
case("unsharp_mask", "single_slice", "single_slice", lambda a: filters.unsharp_mask(a, preserve_range=True), {}, ref=R)
case("unsharp_mask", "const2d", "const2d", lambda a: filters.unsharp_mask(a, preserve_range=True), {}, ref=R)
case("unsharp_mask", "nan2d", "nan2d", lambda a: filters.unsharp_mask(a, preserve_range=True), {}, ref=R)


# ---------------------------------------------------------------- box variance
def box_var(a, size, mode="reflect", cval=0.0, std=False):
    a = a.astype(np.float64)
    m1 = ndi.uniform_filter(a, size, mode=mode, cval=cval)
    m2 = ndi.uniform_filter(a * a, size, mode=mode, cval=cval * cval)
    v = np.maximum(m2 - m1 * m1, 0)
    return np.sqrt(v) if std else v


for op, std in (("variance_filter", False), ("standard_deviation_filter", True)):
    R = ("sqrt(max(0, " if std else "max(0, ") + "uniform_filter(x*x) - uniform_filter(x)**2" + ("))" if std else ")") + " in float64"
    case(op, "rand3d", "rand3d", lambda a, std=std: box_var(a, 3, std=std), {}, ref=R)
    for m in MODES:
        case(op, f"rand2d_3_{m}", "rand2d", lambda a, m=m, std=std: box_var(a, 3, m, 0.5, std), {"size": 3, "mode": m, "cval": 0.5}, ref=R)
        case(op, f"rand2d_4_{m}", "rand2d", lambda a, m=m, std=std: box_var(a, 4, m, -1.0, std), {"size": 4, "mode": m, "cval": -1.0}, ref=R)
        case(op, f"rand3d_{m}", "rand3d", lambda a, m=m, std=std: box_var(a, (2, 3, 5), m, 2.0, std),
             {"size": [2, 3, 5], "mode": m, "cval": 2.0}, ref=R)
    case(op, "rand2d_1x9", "rand2d", lambda a, std=std: box_var(a, (1, 9), std=std), {"size": [1, 9]}, ref=R)
    case(op, "rand3d_slices", "rand3d", lambda a, std=std: box_var(a, (1, 5, 5), std=std), {"size": 5}, slice_by_slice=True,
         ref=R + " (size 1 along z)")
    case(op, "rand3d_z1", "rand3d", lambda a, std=std: box_var(a, (1, 3, 3), std=std), {"size": [1, 3, 3]}, ref=R)
    case(op, "cells3d", "fx_cells3d", lambda a, std=std: box_var(a, 5, "nearest", std=std), {"size": 5, "mode": "nearest"},
         atol=1e-2 if not std else 1e-4, rtol=1e-5, ref=R)
    case(op, "cells2d", "cells2d", lambda a, std=std: box_var(a, 7, std=std), {"size": 7}, atol=1e-2 if not std else 1e-4, ref=R)
    case(op, "blobs2d", "blobs2d", lambda a, std=std: box_var(a, 3, std=std), {}, ref=R)
    case(op, "signed2d_wrap", "signed2d", lambda a, std=std: box_var(a, 5, "wrap", std=std), {"size": 5, "mode": "wrap"},
         atol=1e-4, ref=R)
    case(op, "one1x1", "one1x1", lambda a, std=std: box_var(a, 3, "constant", 1.0, std), {"mode": "constant", "cval": 1.0}, ref=R)
    case(op, "row1xn", "row1xn", lambda a, std=std: box_var(a, 4, "mirror", std=std), {"size": 4, "mode": "mirror"}, ref=R)
    case(op, "col", "col", lambda a, std=std: box_var(a, 5, "wrap", std=std), {"size": 5, "mode": "wrap"}, ref=R)
    case(op, "single_slice", "single_slice", lambda a, std=std: box_var(a, 3, std=std), {}, ref=R)
    case(op, "const2d", "const2d", lambda a, std=std: box_var(a, 3, std=std), {}, exact=True, ref=R + " (exactly 0)")
    case(op, "const3d_constant", "const3d", lambda a, std=std: box_var(a, 3, "constant", 2.0, std), {"mode": "constant", "cval": 2.0},
         exact=True, ref=R + " (exactly 0)")


# ---------------------------------------------------------------- Hessian eigenvalues
def hess_eig(a, k, sigma=1.0, mode="constant", cval=0.0):
    return feature.hessian_matrix_eigvals(feature.hessian_matrix(a, sigma=sigma, mode=mode, cval=cval, order="rc"))[k]


for op, k in (("hessian_largest_eigenvalue", 0), ("hessian_smallest_eigenvalue", -1)):
    R = "skimage.feature.hessian_matrix_eigvals(hessian_matrix(order='rc'))" + ("[0]" if k == 0 else "[-1]")
    case(op, "rand3d_default", "rand3d", lambda a, k=k: hess_eig(a, k), {}, atol=1e-6, ref=R)
    case(op, "rand2d_default", "rand2d", lambda a, k=k: hess_eig(a, k), {}, atol=1e-6, ref=R)
    for m in MODES:
        case(op, f"rand2d_{m}", "rand2d", lambda a, m=m, k=k: hess_eig(a, k, 1.5, m, 0.5), {"sigma": 1.5, "mode": m, "cval": 0.5},
             atol=1e-6, ref=R)
        case(op, f"rand3d_{m}", "rand3d", lambda a, m=m, k=k: hess_eig(a, k, 1.2, m, 0.25), {"sigma": 1.2, "mode": m, "cval": 0.25},
             atol=1e-6, ref=R)
    case(op, "rand2d_axes", "rand2d", lambda a, k=k: hess_eig(a, k, (0.5, 2.0)), {"sigma": [0.5, 2.0]}, atol=1e-6, ref=R)
    case(op, "rand2d_sigma0", "rand2d", lambda a, k=k: hess_eig(a, k, 0.0), {"sigma": 0}, atol=1e-6, ref=R)
    case(op, "rand3d_slices", "rand3d", per_slice(lambda a, k=k: hess_eig(a, k, 1.0)), {}, slice_by_slice=True, atol=1e-6,
         ref=R + " per slice")
    case(op, "cells2d", "cells2d", lambda a, k=k: hess_eig(a, k, 2.0, "reflect"), {"sigma": 2, "mode": "reflect"}, atol=1e-3, ref=R)
    case(op, "cells3d", "fx_cells3d", lambda a, k=k: hess_eig(a, k, (1.0, 2.0, 2.0), "nearest"),
         {"sigma": [1.0, 2.0, 2.0], "mode": "nearest"}, atol=1e-3, ref=R)
    case(op, "vessels2d", "fx_vessels2d", lambda a, k=k: hess_eig(a, k, 2.0), {"sigma": 2}, atol=1e-6, ref=R)
    case(op, "vessels3d", "fx_vessels3d", lambda a, k=k: hess_eig(a, k, 1.5, "reflect"), {"sigma": 1.5, "mode": "reflect"},
         atol=1e-6, ref=R)
    case(op, "blobs3d", "blobs3d", lambda a, k=k: hess_eig(a, k, 1.0, "wrap"), {"mode": "wrap"}, atol=1e-6, ref=R)
    case(op, "const2d", "const2d", lambda a, k=k: hess_eig(a, k, 1.0, "reflect"), {"mode": "reflect"}, atol=1e-6, ref=R)
    case(op, "const3d", "const3d", lambda a, k=k: hess_eig(a, k, 1.0), {}, atol=1e-6, ref=R)
    case(op, "nan2d", "nan2d", lambda a, k=k: hess_eig(a, k), {}, atol=1e-6, ref=R)


# ---------------------------------------------------------------- ridge filters
def sk(fn, **kw):
    return lambda a: fn(a, **kw)


SIG = [1.0, 2.0]
for op, fn in (("sato", filters.sato), ("frangi", filters.frangi), ("meijering", filters.meijering)):
    R = "skimage.filters." + op
    tol2 = {"atol": 1e-6, "rtol": 1e-5}
    tol3 = {"atol": 1e-5, "rtol": 1e-4}
    case(op, "rand3d_default", "rand3d", sk(fn), {}, ref=R, **tol3)
    case(op, "rand2d_default", "rand2d", sk(fn), {}, ref=R, **tol2)
    case(op, "rand2d_bright", "rand2d", sk(fn, black_ridges=False), {"black_ridges": False}, ref=R, **tol2)
    for m in MODES if op == "sato" else ("reflect", "constant", "wrap"):
        case(op, f"vessels2d_{m}", "fx_vessels2d", sk(fn, sigmas=SIG, black_ridges=False, mode=m, cval=0.5),
             {"sigmas": SIG, "black_ridges": False, "mode": m, "cval": 0.5}, ref=R, **tol2)
    case(op, "vessels2d_dark", "fx_vessels2d", sk(fn, sigmas=[1.5, 3.0]), {"sigmas": [1.5, 3.0]}, ref=R, **tol2)
    case(op, "vessels3d_bright", "fx_vessels3d", sk(fn, sigmas=SIG, black_ridges=False),
         {"sigmas": SIG, "black_ridges": False}, ref=R, **tol3)
    case(op, "vessels3d_dark_nearest", "fx_vessels3d", sk(fn, sigmas=[1.5], mode="nearest"),
         {"sigmas": [1.5], "mode": "nearest"}, ref=R, **tol3)
    case(op, "rand3d_slices", "rand3d", per_slice(sk(fn, sigmas=SIG)), {"sigmas": SIG}, slice_by_slice=True, ref=R + " per slice",
         **tol2)
    case(op, "cells2d", "cells2d", sk(fn, sigmas=[1.0, 3.0], black_ridges=False), {"sigmas": [1.0, 3.0], "black_ridges": False},
         ref=R, **({"atol": 1e-3, "rtol": 1e-5} if op == "sato" else tol2))
    case(op, "cells3d", "fx_cells3d", sk(fn, sigmas=[1.0]), {"sigmas": [1.0]}, ref=R,
         **({"atol": 2e-3, "rtol": 1e-4} if op == "sato" else tol3))
    case(op, "blobs2d", "blobs2d", sk(fn, sigmas=[2.0]), {"sigmas": [2.0]}, ref=R, **tol2)
    case(op, "sigma0", "rand2d", sk(fn, sigmas=[0.0, 1.0]), {"sigmas": [0.0, 1.0]}, ref=R, **tol2)
    if op != "meijering":  # meijering divides by the image minimum: noise-level values on a flat image
        case(op, "const2d", "const2d", sk(fn, sigmas=[1.0]), {"sigmas": [1.0]}, ref=R, **tol2)
case("frangi", "vessels2d_params", "fx_vessels2d", sk(filters.frangi, sigmas=SIG, alpha=0.3, beta=0.8, gamma=0.5, black_ridges=False),
     {"sigmas": SIG, "alpha": 0.3, "beta": 0.8, "gamma": 0.5, "black_ridges": False}, atol=1e-6, rtol=1e-5, ref="skimage.filters.frangi")
case("frangi", "vessels3d_params", "fx_vessels3d", sk(filters.frangi, sigmas=SIG, alpha=0.2, beta=1.0, gamma=1.0, black_ridges=False),
     {"sigmas": SIG, "alpha": 0.2, "beta": 1.0, "gamma": 1.0, "black_ridges": False}, atol=1e-5, rtol=1e-4, ref="skimage.filters.frangi")
case("meijering", "vessels2d_alpha", "fx_vessels2d", sk(filters.meijering, sigmas=SIG, alpha=0.2, black_ridges=False),
     {"sigmas": SIG, "alpha": 0.2, "black_ridges": False}, atol=1e-6, rtol=1e-5, ref="skimage.filters.meijering")
case("meijering", "vessels3d_alpha", "fx_vessels3d", sk(filters.meijering, sigmas=SIG, alpha=-0.25, black_ridges=False),
     {"sigmas": SIG, "alpha": -0.25, "black_ridges": False}, atol=1e-5, rtol=1e-4, ref="skimage.filters.meijering")
