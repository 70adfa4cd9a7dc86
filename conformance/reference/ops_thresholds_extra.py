"""Reference cases for the global and local thresholds of scikit-image 0.19
(kernels/cpu/thresholds_extra.go, kernels/cpu/threshold_local.go).

Every case is exact: the kernels repeat skimage's float32 arithmetic (numpy's histogram
binning, float32 cumulative sums, numpy's pairwise float32 means and its SIMD float32
log), so thresholds are bit-identical. The one place that is not bit-for-bit by
construction is threshold_local's Gaussian, whose float64 weights come from Go's exp
rather than numpy's; its cases go through `robust`, which refuses a case where any pixel
lies within 2 float32 ulps of its threshold, so a last-bit difference in the weights
cannot flip a pixel.
"""
import numpy as np
from skimage import filters as F

from case import MODES, case, per_slice

REF = "skimage.filters."

GLOBAL = ("cells2d", "cells3d", "rand2d", "rand3d", "signed2d", "blobs2d", "blobs3d", "row1xn", "col",
          "single_slice", "lx_bimodal2d")


def above(tfn):
    def run(a):
        with np.errstate(invalid="ignore", divide="ignore"):  # Yen's log of 0 on sparse histograms
            return a > tfn(a)
    return run


def hist_cases(op, fn, names=GLOBAL, nbins_list=(2, 17, 1000), extra_ids=()):
    ref = REF + op
    for name in names:
        case(op, name, name, above(fn), {}, exact=True, ref=ref)
    for nb in nbins_list:
        case(op, f"cells3d_nbins{nb}", "cells3d", above(lambda a, nb=nb: fn(a, nbins=nb)), {"nbins": nb},
             exact=True, ref=ref)
        case(op, f"signed2d_nbins{nb}", "signed2d", above(lambda a, nb=nb: fn(a, nbins=nb)), {"nbins": nb},
             exact=True, ref=ref)
    case(op, "cells3d_slices", "cells3d", per_slice(above(fn)), {}, slice_by_slice=True, exact=True,
         ref=ref + ", one threshold per slice")


# threshold_li: NaN is ignored, a constant image gives t = its value.
for name in GLOBAL + ("nan2d", "const2d", "const3d", "one1x1", "lx_ws_quant2d"):
    case("threshold_li", name, name, above(F.threshold_li), {}, exact=True, ref=REF + "threshold_li")
for tol in (0.5, 0.01, 3.0):
    case("threshold_li", f"cells2d_tol{tol}", "cells2d", above(lambda a, tol=tol: F.threshold_li(a, tolerance=tol)),
         {"tolerance": tol}, exact=True, ref=REF + "threshold_li")
case("threshold_li", "cells3d_slices", "cells3d", per_slice(above(F.threshold_li)), {}, slice_by_slice=True,
     exact=True, ref=REF + "threshold_li, one threshold per slice")

# threshold_yen: a constant image is binned in [v-0.5, v+0.5] and gives the first centre.
hist_cases("threshold_yen", F.threshold_yen)
for name in ("const2d", "one1x1", "lx_ws_quant2d"):
    case("threshold_yen", name, name, above(F.threshold_yen), {}, exact=True, ref=REF + "threshold_yen")

hist_cases("threshold_isodata", F.threshold_isodata)
hist_cases("threshold_triangle", F.threshold_triangle)
case("threshold_triangle", "lx_ws_quant2d", "lx_ws_quant2d", above(F.threshold_triangle), {}, exact=True,
     ref=REF + "threshold_triangle")

for name in GLOBAL + ("nan2d", "const2d", "const3d", "one1x1"):
    case("threshold_mean", name, name, above(F.threshold_mean), {}, exact=True, ref=REF + "threshold_mean")
case("threshold_mean", "cells3d_slices", "cells3d", per_slice(above(F.threshold_mean)), {}, slice_by_slice=True,
     exact=True, ref=REF + "threshold_mean, one threshold per slice")

# threshold_minimum raises unless the smoothed histogram ends with two maxima: only
# images where it succeeds are cases; the failures are Go unit tests.
for name in ("lx_bimodal2d", "cells2d", "cells3d", "signed2d", "rand3d"):
    case("threshold_minimum", name, name, above(F.threshold_minimum), {}, exact=True, ref=REF + "threshold_minimum")
for nb, it in ((64, 10000), (1000, 10000), (256, 50)):
    case("threshold_minimum", f"bimodal_nbins{nb}_it{it}", "lx_bimodal2d",
         above(lambda a, nb=nb, it=it: F.threshold_minimum(a, nbins=nb, max_num_iter=it)),
         {"nbins": nb, "max_num_iter": it}, exact=True, ref=REF + "threshold_minimum")


def multiotsu(classes=3, nbins=256):
    return lambda a: np.digitize(a, bins=F.threshold_multiotsu(a, classes=classes, nbins=nbins)).astype(np.uint32)


REF_MO = REF + "threshold_multiotsu (np.digitize(image, thresholds))"
for name in ("cells2d", "cells3d", "rand2d", "rand3d", "signed2d", "lx_bimodal2d", "row1xn", "col", "single_slice"):
    case("threshold_multiotsu", name, name, multiotsu(), {}, exact=True, ref=REF_MO)
for classes, nbins in ((2, 256), (4, 64), (5, 32), (3, 17), (4, 256)):
    case("threshold_multiotsu", f"cells3d_c{classes}_n{nbins}", "cells3d", multiotsu(classes, nbins),
         {"classes": classes, "nbins": nbins}, exact=True, ref=REF_MO)
case("threshold_multiotsu", "quant_exact_classes", "lx_ws_quant2d", multiotsu(4), {"classes": 4}, exact=True,
     ref=REF_MO + "; exactly `classes` occupied bins")
case("threshold_multiotsu", "blobs2d_two_values", "blobs2d", multiotsu(2), {"classes": 2}, exact=True, ref=REF_MO)
case("threshold_multiotsu", "cells3d_slices", "cells3d", per_slice(multiotsu()), {}, slice_by_slice=True,
     exact=True, ref=REF_MO + ", per slice")


# threshold_local


def robust(fn_t):
    """image > T, refusing inputs where a pixel lies within 2 float32 ulps of T: a
    last-bit difference in the float64 Gaussian weights moves the float32 T by at most
    one ulp, so elsewhere it cannot flip a pixel."""
    def run(a):
        t = fn_t(a)
        d = np.abs(a.astype(np.float64) - t.astype(np.float64))
        ok = np.isfinite(d)
        if np.any(d[ok] <= 2 * np.spacing(np.abs(t[ok])).astype(np.float64)):
            raise SystemExit("threshold_local: a pixel lies on its Gaussian threshold; pick another case")
        return a > t
    return run


def local(block, method, offset=0.0, mode="reflect", cval=0.0):
    return lambda a: F.threshold_local(a, block, method=method, offset=offset, mode=mode, cval=cval)


REF_L = REF + "threshold_local (image > T)"
for m in MODES:
    case("threshold_local", f"rand2d_gauss_{m}", "rand2d", robust(local(7, "gaussian", 0.01, m, 0.4)),
         {"block_size": 7, "method": "gaussian", "offset": 0.01, "mode": m, "cval": 0.4}, exact=True, ref=REF_L)
    case("threshold_local", f"rand2d_mean_{m}", "rand2d", lambda a, m=m: a > local(5, "mean", 0.0, m, 0.4)(a),
         {"block_size": 5, "method": "mean", "mode": m, "cval": 0.4}, exact=True, ref=REF_L)
    case("threshold_local", f"rand3d_median_{m}", "rand3d", lambda a, m=m: a > local(3, "median", -0.05, m, 0.6)(a),
         {"block_size": 3, "method": "median", "offset": -0.05, "mode": m, "cval": 0.6}, exact=True, ref=REF_L)
    case("threshold_local", f"cells3d_mean_{m}", "cells3d", lambda a, m=m: a > local((3, 5, 7), "mean", 2.5, m, 90.0)(a),
         {"block_size": [3, 5, 7], "method": "mean", "offset": 2.5, "mode": m, "cval": 90.0}, exact=True, ref=REF_L)
case("threshold_local", "rand2d_gauss_default", "rand2d", robust(local(3, "gaussian", 0.0)), {}, exact=True, ref=REF_L)
case("threshold_local", "cells2d_gauss_35", "cells2d", robust(local(35, "gaussian", -3.0)),
     {"block_size": 35, "offset": -3.0}, exact=True, ref=REF_L)
case("threshold_local", "cells3d_gauss_aniso", "cells3d", robust(local((1, 9, 15), "gaussian", 0.37, "nearest")),
     {"block_size": [1, 9, 15], "offset": 0.37, "mode": "nearest"}, exact=True, ref=REF_L)
case("threshold_local", "blobs2d_gauss_offset", "blobs2d", robust(local(11, "gaussian", 0.05)),
     {"block_size": 11, "offset": 0.05}, exact=True, ref=REF_L)
case("threshold_local", "blobs2d_mean_flat", "blobs2d", lambda a: a > local(9, "mean")(a),
     {"block_size": 9, "method": "mean"}, exact=True, ref=REF_L + "; flat regions sit exactly on T")
case("threshold_local", "blobs3d_median", "blobs3d", lambda a: a > local(5, "median")(a),
     {"block_size": 5, "method": "median"}, exact=True, ref=REF_L)
case("threshold_local", "signed2d_mean_big", "signed2d", lambda a: a > local(41, "mean", 0.0, "wrap")(a),
     {"block_size": 41, "method": "mean", "mode": "wrap"}, exact=True, ref=REF_L)
case("threshold_local", "nan2d_mean", "nan2d", lambda a: a > local(3, "mean")(a),
     {"block_size": 3, "method": "mean"}, exact=True, ref=REF_L)
case("threshold_local", "nan2d_median", "nan2d", lambda a: a > local(3, "median")(a),
     {"block_size": 3, "method": "median"}, exact=True, ref=REF_L)
case("threshold_local", "row1xn_mean", "row1xn", lambda a: a > local(5, "mean", 0.01)(a),
     {"block_size": 5, "method": "mean", "offset": 0.01}, exact=True, ref=REF_L)
case("threshold_local", "col_gauss", "col", robust(local(5, "gaussian", 0.01, "mirror")),
     {"block_size": 5, "offset": 0.01, "mode": "mirror"}, exact=True, ref=REF_L)
case("threshold_local", "single_slice_mean", "single_slice", lambda a: a > local(3, "mean")(a),
     {"block_size": 3, "method": "mean"}, exact=True, ref=REF_L)
case("threshold_local", "const2d_mean", "const2d", lambda a: a > local(3, "mean", -0.5)(a),
     {"block_size": 3, "method": "mean", "offset": -0.5}, exact=True, ref=REF_L)
case("threshold_local", "cells3d_slices", "cells3d", per_slice(lambda a: a > local(7, "mean", 1.0)(a)),
     {"block_size": 7, "method": "mean", "offset": 1.0}, slice_by_slice=True, exact=True, ref=REF_L + ", per slice")


def sauvola(w=15, k=0.2, r=None):
    return lambda a: a > F.threshold_sauvola(a, window_size=w, k=k, r=r)


def niblack(w=15, k=0.2):
    return lambda a: a > F.threshold_niblack(a, window_size=w, k=k)


REF_S = REF + "threshold_sauvola (image > T)"
REF_N = REF + "threshold_niblack (image > T)"
for name in ("cells2d", "cells3d", "rand2d", "rand3d", "signed2d", "blobs2d", "blobs3d", "row1xn", "col",
             "single_slice", "nan2d", "const2d", "one1x1"):
    case("threshold_sauvola", name, name, sauvola(), {}, exact=True, ref=REF_S + ", r=None (1 for float)")
    case("threshold_niblack", name, name, niblack(), {}, exact=True, ref=REF_N)
for w, k, r in ((3, 0.5, 128.0), (25, -0.2, 0.5), (7, 0.0, 1.0)):
    case("threshold_sauvola", f"cells2d_w{w}_k{k}_r{r}", "cells2d", sauvola(w, k, r), {"window_size": w, "k": k, "r": r},
         exact=True, ref=REF_S)
    case("threshold_niblack", f"cells2d_w{w}_k{k}", "cells2d", niblack(w, k), {"window_size": w, "k": k},
         exact=True, ref=REF_N)
case("threshold_sauvola", "cells3d_aniso", "cells3d", sauvola((1, 5, 9), 0.3, 300.0),
     {"window_size": [1, 5, 9], "k": 0.3, "r": 300.0}, exact=True, ref=REF_S)
case("threshold_niblack", "cells3d_aniso", "cells3d", niblack((3, 7, 5), -0.1),
     {"window_size": [3, 7, 5], "k": -0.1}, exact=True, ref=REF_N)
case("threshold_sauvola", "cells3d_slices", "cells3d", per_slice(sauvola(9, 0.2, 200.0)),
     {"window_size": 9, "r": 200.0}, slice_by_slice=True, exact=True, ref=REF_S + ", per slice")
case("threshold_niblack", "cells3d_slices", "cells3d", per_slice(niblack(9, 0.3)),
     {"window_size": 9, "k": 0.3}, slice_by_slice=True, exact=True, ref=REF_N + ", per slice")
