"""Reference cases for geometric transforms (kernels/cpu/transform.go, resize.go, reshape.go).

Interpolating ops are compared with float32 results of scipy/skimage computed in float64
(scipy stores float32 for float32 input): atol 1e-5, rtol 1e-5 unless a case says why not.
Rearranging ops (flip, transpose, crop, pad) are exact.
"""
import numpy as np
from scipy import ndimage as ndi
from skimage import transform as sktf
from skimage import util as skutil

from case import case

NDI = "scipy.ndimage."
INTERP_MODES = ["constant", "grid-constant", "nearest", "reflect", "grid-mirror", "mirror", "wrap", "grid-wrap"]
PAD_MODES = ["constant", "edge", "symmetric", "reflect", "wrap"]


def zoom_cases():
    op, ref = "zoom", NDI + "zoom"
    for order in range(6):
        for m in INTERP_MODES:
            case(op, f"small_o{order}_{m}", "tr_small2d",
                 lambda a, o=order, m=m: ndi.zoom(a, 1.7, order=o, mode=m, cval=0.25),
                 {"zoom": 1.7, "order": order, "mode": m, "cval": 0.25}, ref=ref)
    for m in ("grid-constant", "grid-wrap", "reflect", "nearest", "mirror"):
        for order in (1, 3):
            case(op, f"small_grid_o{order}_{m}", "tr_small2d",
                 lambda a, o=order, m=m: ndi.zoom(a, (0.8, 2.3), order=o, mode=m, grid_mode=True),
                 {"zoom": [0.8, 2.3], "order": order, "mode": m, "grid_mode": True}, ref=ref)
    case(op, "rand2d_down_up", "rand2d", lambda a: ndi.zoom(a, (0.6, 1.4)), {"zoom": [0.6, 1.4]}, ref=ref)
    case(op, "rand2d_half_even", "rand2d", lambda a: ndi.zoom(a, 0.5, order=1), {"zoom": 0.5, "order": 1}, ref=ref)
    for order in (0, 1, 3):
        case(op, f"small3d_o{order}", "tr_small3d", lambda a, o=order: ndi.zoom(a, 1.5, order=o, mode="nearest"),
             {"zoom": 1.5, "order": order, "mode": "nearest"}, ref=ref)
    for m in ("grid-constant", "constant", "wrap"):
        case(op, f"small3d_x2_{m}", "tr_small3d", lambda a, m=m: ndi.zoom(a, 2, mode=m, cval=0.5),
             {"zoom": 2, "mode": m, "cval": 0.5}, ref=ref)
    case(op, "small3d_axes", "tr_small3d", lambda a: ndi.zoom(a, (1, 2, 0.5), order=3, mode="mirror"),
         {"zoom": [1, 2, 0.5], "order": 3, "mode": "mirror"}, ref=ref)
    case(op, "cells2d_half", "cells2d", lambda a: ndi.zoom(a, 0.5), {"zoom": 0.5}, ref=ref)
    case(op, "cells3d_yx", "cells3d", lambda a: ndi.zoom(a, (0.5, 0.3, 0.3), order=1),
         {"zoom": [0.5, 0.3, 0.3], "order": 1}, ref=ref)
    case(op, "no_prefilter", "tr_small2d", lambda a: ndi.zoom(a, 1.3, order=3, prefilter=False),
         {"zoom": 1.3, "order": 3, "prefilter": False}, ref=ref)
    case(op, "one1x1", "one1x1", lambda a: ndi.zoom(a, 3, order=3, mode="nearest"),
         {"zoom": 3, "order": 3, "mode": "nearest"}, ref=ref)
    case(op, "row1xn", "row1xn", lambda a: ndi.zoom(a, (2, 1.5), order=1, mode="reflect"),
         {"zoom": [2, 1.5], "order": 1, "mode": "reflect"}, ref=ref)
    case(op, "col", "col", lambda a: ndi.zoom(a, (0.5, 3), order=3, mode="grid-wrap"),
         {"zoom": [0.5, 3], "order": 3, "mode": "grid-wrap"}, ref=ref)
    case(op, "single_slice", "single_slice", lambda a: ndi.zoom(a, (1, 1.5, 1.5), order=1),
         {"zoom": [1, 1.5, 1.5], "order": 1}, ref=ref)
    case(op, "const2d", "const2d", lambda a: ndi.zoom(a, 0.7, order=3, mode="reflect"),
         {"zoom": 0.7, "mode": "reflect"}, ref=ref)
    for order in (1, 3):
        case(op, f"nan2d_o{order}", "nan2d", lambda a, o=order: ndi.zoom(a, 1.5, order=o, mode="mirror"),
             {"zoom": 1.5, "order": order, "mode": "mirror"}, ref=ref)


def shift_cases():
    op, ref = "shift", NDI + "shift"
    # The first case's parameters also fit a stack (the slices= check uses them).
    case(op, "rand2d_scalar", "rand2d", lambda a: ndi.shift(a, 1.5), {"shift": 1.5}, ref=ref)
    for order in range(6):
        for m in INTERP_MODES:
            case(op, f"small_o{order}_{m}", "tr_small2d",
                 lambda a, o=order, m=m: ndi.shift(a, (1.3, -2.6), order=o, mode=m, cval=-0.5),
                 {"shift": [1.3, -2.6], "order": order, "mode": m, "cval": -0.5}, ref=ref)
    for m in INTERP_MODES:
        case(op, f"far_{m}", "tr_small2d", lambda a, m=m: ndi.shift(a, (-17.25, 30.5), order=3, mode=m),
             {"shift": [-17.25, 30.5], "order": 3, "mode": m}, ref=ref)
    case(op, "small3d", "tr_small3d", lambda a: ndi.shift(a, (0.5, 1.5, -2.25), mode="reflect"),
         {"shift": [0.5, 1.5, -2.25], "mode": "reflect"}, ref=ref)
    case(op, "cells3d_o1", "cells3d", lambda a: ndi.shift(a, (0, 2.5, -1.25), order=1, mode="nearest"),
         {"shift": [0, 2.5, -1.25], "order": 1, "mode": "nearest"}, ref=ref)
    case(op, "cells3d_o3_grid_constant", "cells3d", lambda a: ndi.shift(a, (1.5, -2.5, 0.25), mode="grid-constant",
                                                                         cval=300),
         {"shift": [1.5, -2.5, 0.25], "mode": "grid-constant", "cval": 300}, ref=ref)
    case(op, "integer_o0", "rand2d", lambda a: ndi.shift(a, 3, order=0), {"shift": 3, "order": 0}, ref=ref)
    case(op, "no_prefilter", "tr_small2d", lambda a: ndi.shift(a, 0.4, order=5, prefilter=False),
         {"shift": 0.4, "order": 5, "prefilter": False}, ref=ref)
    case(op, "one1x1", "one1x1", lambda a: ndi.shift(a, 0.5, mode="grid-constant", cval=1),
         {"shift": 0.5, "mode": "grid-constant", "cval": 1}, ref=ref)
    case(op, "row1xn", "row1xn", lambda a: ndi.shift(a, (0, 2.5), mode="wrap"),
         {"shift": [0, 2.5], "mode": "wrap"}, ref=ref)
    case(op, "nan2d", "nan2d", lambda a: ndi.shift(a, 0.5, order=1), {"shift": 0.5, "order": 1}, ref=ref)


def rotate_cases():
    op, ref = "rotate", NDI + "rotate"
    for order in (0, 1, 3, 5):
        for m in INTERP_MODES:
            case(op, f"small_30_o{order}_{m}", "tr_small2d",
                 lambda a, o=order, m=m: ndi.rotate(a, 30, order=o, mode=m, cval=0.5),
                 {"angle": 30, "order": order, "mode": m, "cval": 0.5}, ref=ref)
    for angle in (90, -90, 180, 270, 45, 123.4, -400):
        for reshape in (True, False):
            case(op, f"rand2d_{angle}_{reshape}", "rand2d",
                 lambda a, t=angle, r=reshape: ndi.rotate(a, t, reshape=r, order=1),
                 {"angle": angle, "reshape": reshape, "order": 1}, ref=ref)
    case(op, "cells2d_30", "cells2d", lambda a: ndi.rotate(a, 30, mode="nearest"),
         {"angle": 30, "mode": "nearest"}, ref=ref)
    case(op, "small3d_default_axes", "tr_small3d", lambda a: ndi.rotate(a, 20), {"angle": 20}, ref=ref)
    case(op, "small3d_yx", "tr_small3d", lambda a: ndi.rotate(a, 35, axes=(2, 1), mode="reflect"),
         {"angle": 35, "axes": [2, 1], "mode": "reflect"}, ref=ref)
    case(op, "small3d_zx", "tr_small3d", lambda a: ndi.rotate(a, -60, axes=(0, -1), reshape=False, order=1),
         {"angle": -60, "axes": [0, -1], "reshape": False, "order": 1}, ref=ref)
    case(op, "cells3d_yx", "cells3d", lambda a: ndi.rotate(a, 15, axes=(1, 2), order=1, reshape=False),
         {"angle": 15, "axes": [1, 2], "order": 1, "reshape": False}, ref=ref)
    case(op, "no_prefilter", "tr_small2d", lambda a: ndi.rotate(a, 10, prefilter=False),
         {"angle": 10, "prefilter": False}, ref=ref)
    case(op, "one1x1", "one1x1", lambda a: ndi.rotate(a, 45), {"angle": 45}, ref=ref)
    case(op, "row1xn", "row1xn", lambda a: ndi.rotate(a, 90, order=1), {"angle": 90, "order": 1}, ref=ref)
    case(op, "const2d", "const2d", lambda a: ndi.rotate(a, 33, mode="nearest"),
         {"angle": 33, "mode": "nearest"}, ref=ref)


def affine_cases():
    op, ref = "affine_transform", NDI + "affine_transform"
    # The first case's parameters also fit a stack (9 values: 2D homogeneous, 3D square).
    m33 = np.array([[0.7, -0.7, 10.0], [0.7, 0.7, -5.0], [0, 0, 1]])
    case(op, "rand2d_homogeneous", "rand2d", lambda a: ndi.affine_transform(a, m33, order=1, mode="mirror"),
         {"matrix": m33.ravel().tolist(), "order": 1, "mode": "mirror"}, ref=ref)
    m2 = np.array([[0.9, 0.3], [-0.25, 1.1]])
    for order in (0, 1, 2, 3, 4, 5):
        for m in INTERP_MODES:
            case(op, f"small_o{order}_{m}", "tr_small2d",
                 lambda a, o=order, m=m: ndi.affine_transform(a, m2, offset=(1.5, -2.0), order=o, mode=m, cval=0.1),
                 {"matrix": m2.ravel().tolist(), "offset": [1.5, -2.0], "order": order, "mode": m, "cval": 0.1},
                 ref=ref)
    m23 = np.array([[1.2, 0.1, -3.0], [0.2, 0.8, 4.5]])
    case(op, "rand2d_2x3", "rand2d", lambda a: ndi.affine_transform(a, m23, output_shape=(20, 50)),
         {"matrix": m23.ravel().tolist(), "output_shape": [20, 50]}, ref=ref)
    case(op, "rand2d_diag", "rand2d", lambda a: ndi.affine_transform(a, [0.5, 1.5], offset=(2, -3), mode="nearest"),
         {"matrix": [0.5, 1.5], "offset": [2, -3], "mode": "nearest"}, ref=ref)
    m3 = np.array([[1.0, 0.1, 0.0], [0.05, 0.9, 0.2], [0.0, -0.2, 1.1]])
    case(op, "small3d", "tr_small3d", lambda a: ndi.affine_transform(a, m3, offset=0.5, mode="reflect"),
         {"matrix": m3.ravel().tolist(), "offset": 0.5, "mode": "reflect"}, ref=ref)
    m3h = np.eye(4)
    m3h[:3, :3] = m3
    m3h[:3, 3] = [0.5, -1, 2]
    case(op, "small3d_homogeneous_o1", "tr_small3d",
         lambda a: ndi.affine_transform(a, m3h, output_shape=(3, 9, 8), order=1, mode="grid-wrap"),
         {"matrix": m3h.ravel().tolist(), "output_shape": [3, 9, 8], "order": 1, "mode": "grid-wrap"}, ref=ref)
    case(op, "small3d_diag", "tr_small3d", lambda a: ndi.affine_transform(a, [1, 0.5, 2], order=1),
         {"matrix": [1, 0.5, 2], "order": 1}, ref=ref)
    case(op, "no_prefilter", "tr_small2d", lambda a: ndi.affine_transform(a, m2, order=3, prefilter=False),
         {"matrix": m2.ravel().tolist(), "order": 3, "prefilter": False}, ref=ref)
    case(op, "one1x1", "one1x1", lambda a: ndi.affine_transform(a, [[1, 0], [0, 1]], offset=0.3, mode="nearest"),
         {"matrix": [1, 0, 0, 1], "offset": 0.3, "mode": "nearest"}, ref=ref)
    case(op, "nan2d", "nan2d", lambda a: ndi.affine_transform(a, m2, order=1),
         {"matrix": m2.ravel().tolist(), "order": 1}, ref=ref)


def spline_filter_cases():
    op, ref = "spline_filter", NDI + "spline_filter"
    for order in (2, 3, 4, 5):
        for m in INTERP_MODES:
            case(op, f"small_o{order}_{m}", "tr_small2d",
                 lambda a, o=order, m=m: ndi.spline_filter(a, o, mode=m),
                 {"order": order, "mode": m}, ref=ref)
    case(op, "rand3d", "rand3d", lambda a: ndi.spline_filter(a), {}, ref=ref)
    case(op, "cells2d", "cells2d", lambda a: ndi.spline_filter(a, 5, mode="grid-wrap"),
         {"order": 5, "mode": "grid-wrap"}, ref=ref)
    case(op, "one1x1", "one1x1", lambda a: ndi.spline_filter(a), {}, ref=ref)
    case(op, "row1xn", "row1xn", lambda a: ndi.spline_filter(a, mode="reflect"), {"mode": "reflect"}, ref=ref)
    case(op, "col", "col", lambda a: ndi.spline_filter(a, 2), {"order": 2}, ref=ref)


def resize_cases():
    op, ref = "resize", "skimage.transform.resize"
    for order in (0, 1, 3):
        for m in PAD_MODES:
            case(op, f"small_down_o{order}_{m}", "tr_small2d",
                 lambda a, o=order, m=m: sktf.resize(a, (5, 4), order=o, mode=m, cval=0.5),
                 {"output_shape": [5, 4], "order": order, "mode": m, "cval": 0.5}, ref=ref)
            case(op, f"small_up_o{order}_{m}", "tr_small2d",
                 lambda a, o=order, m=m: sktf.resize(a, (14, 20), order=o, mode=m, cval=0.5),
                 {"output_shape": [14, 20], "order": order, "mode": m, "cval": 0.5}, ref=ref)
    case(op, "cells2d_mixed", "cells2d", lambda a: sktf.resize(a, (20, 60)), {"output_shape": [20, 60]}, ref=ref)
    case(op, "cells2d_no_aa", "cells2d", lambda a: sktf.resize(a, (20, 17), anti_aliasing=False),
         {"output_shape": [20, 17], "anti_aliasing": False}, ref=ref)
    case(op, "cells2d_sigma", "cells2d", lambda a: sktf.resize(a, (30, 30), anti_aliasing_sigma=(0.5, 2.0)),
         {"output_shape": [30, 30], "anti_aliasing_sigma": [0.5, 2.0]}, ref=ref)
    case(op, "signed2d_no_clip_o3", "signed2d", lambda a: sktf.resize(a, (13, 50), order=3, clip=False),
         {"output_shape": [13, 50], "order": 3, "clip": False}, ref=ref)
    case(op, "rand2d_cval_outside", "rand2d",
         lambda a: sktf.resize(a, (40, 50), order=3, mode="constant", cval=2.0),
         {"output_shape": [40, 50], "order": 3, "mode": "constant", "cval": 2.0}, ref=ref)
    case(op, "rand2d_cval_outside_down", "rand2d",
         lambda a: sktf.resize(a, (10, 12), order=1, mode="constant", cval=-3.0),
         {"output_shape": [10, 12], "order": 1, "mode": "constant", "cval": -3.0}, ref=ref)
    case(op, "cells3d", "cells3d", lambda a: sktf.resize(a, (5, 20, 30)), {"output_shape": [5, 20, 30]}, ref=ref)
    case(op, "cells3d_channel_rule", "cells3d", lambda a: sktf.resize(a, (4, 21)),
         {"output_shape": [4, 21]}, ref=ref + " (output_shape one short: the last axis is kept)")
    case(op, "small3d_up_o3", "tr_small3d", lambda a: sktf.resize(a, (6, 9, 11), order=3, mode="symmetric"),
         {"output_shape": [6, 9, 11], "order": 3, "mode": "symmetric"}, ref=ref)
    case(op, "one1x1", "one1x1", lambda a: sktf.resize(a, (3, 2)), {"output_shape": [3, 2]}, ref=ref)
    case(op, "row1xn", "row1xn", lambda a: sktf.resize(a, (1, 7)), {"output_shape": [1, 7]}, ref=ref)
    case(op, "to_1x1", "rand2d", lambda a: sktf.resize(a, (1, 1)), {"output_shape": [1, 1]}, ref=ref)
    case(op, "const2d", "const2d", lambda a: sktf.resize(a, (7, 9), order=3), {"output_shape": [7, 9], "order": 3},
         ref=ref)
    case(op, "nan2d", "nan2d", lambda a: sktf.resize(a, (5, 5)), {"output_shape": [5, 5]}, ref=ref)


def rescale_cases():
    op, ref = "rescale", "skimage.transform.rescale"
    case(op, "cells2d_half", "cells2d", lambda a: sktf.rescale(a, 0.5), {"scale": 0.5}, ref=ref)
    case(op, "cells2d_up_o3", "cells2d", lambda a: sktf.rescale(a, 1.3, order=3, mode="edge"),
         {"scale": 1.3, "order": 3, "mode": "edge"}, ref=ref)
    case(op, "rand2d_axes", "rand2d", lambda a: sktf.rescale(a, (0.4, 1.5), mode="wrap"),
         {"scale": [0.4, 1.5], "mode": "wrap"}, ref=ref)
    case(op, "rand2d_half_even", "rand2d", lambda a: sktf.rescale(a, 0.5, order=0),
         {"scale": 0.5, "order": 0}, ref=ref)
    case(op, "small3d", "tr_small3d", lambda a: sktf.rescale(a, (1, 0.5, 1.5), mode="constant", cval=0.2),
         {"scale": [1, 0.5, 1.5], "mode": "constant", "cval": 0.2}, ref=ref)
    case(op, "tiny_scale", "rand2d", lambda a: sktf.rescale(a, 0.01), {"scale": 0.01}, ref=ref)
    case(op, "no_aa", "cells2d", lambda a: sktf.rescale(a, 0.3, anti_aliasing=False),
         {"scale": 0.3, "anti_aliasing": False}, ref=ref)


def downscale_cases():
    op, ref = "downscale_local_mean", "skimage.transform.downscale_local_mean"
    case(op, "rand2d_2", "rand2d", lambda a: sktf.downscale_local_mean(a, (2, 2)), {"factors": 2}, ref=ref)
    case(op, "rand2d_3x4_cval", "rand2d", lambda a: sktf.downscale_local_mean(a, (3, 4), cval=0.7),
         {"factors": [3, 4], "cval": 0.7}, ref=ref)
    case(op, "cells3d", "cells3d", lambda a: sktf.downscale_local_mean(a, (2, 3, 5), cval=100),
         {"factors": [2, 3, 5], "cval": 100}, ref=ref)
    case(op, "cells2d_big", "cells2d", lambda a: sktf.downscale_local_mean(a, (60, 7)),
         {"factors": [60, 7]}, ref=ref)
    case(op, "factor1", "signed2d", lambda a: sktf.downscale_local_mean(a, (1, 1)), {"factors": 1}, ref=ref)
    case(op, "one1x1", "one1x1", lambda a: sktf.downscale_local_mean(a, (2, 3), cval=1),
         {"factors": [2, 3], "cval": 1}, ref=ref)
    case(op, "row1xn", "row1xn", lambda a: sktf.downscale_local_mean(a, (1, 4)), {"factors": [1, 4]}, ref=ref)
    case(op, "nan2d", "nan2d", lambda a: sktf.downscale_local_mean(a, (2, 2)), {"factors": 2}, ref=ref)


def pure3d(a, fn):
    """A PURE_3D op on a 2D image sees a 1-slice stack; a result of one slice is a plane again."""
    if a.ndim == 3:
        return fn(a)
    out = fn(a[None])
    return out[0] if out.shape[0] == 1 else out


def rearrange_cases():
    ref = "clesperanto flip (numpy.flip)"
    for name in ("rand2d", "rand3d", "row1xn", "single_slice"):
        for fx, fy, fz in ((True, True, True), (True, False, False), (False, True, False), (False, False, True),
                           (False, False, False)):
            axes = tuple(ax for ax, on in zip((-1, -2, -3), (fx, fy, fz)) if on and -ax <= 3)

            def fn(a, axes=axes):
                axes = tuple(ax for ax in axes if -ax <= a.ndim)
                return np.flip(a, axes) if axes else a.copy()
            case("flip", f"{name}_{int(fx)}{int(fy)}{int(fz)}", name, fn,
                 {"flip_x": fx, "flip_y": fy, "flip_z": fz}, exact=True, ref=ref)
    for name in ("rand2d", "rand3d", "row1xn", "col", "one1x1", "cells3d", "single_slice"):
        case("transpose_xy", name, name, lambda a: np.swapaxes(a, -1, -2), {}, exact=True,
             ref="clesperanto transpose_xy (numpy.swapaxes(image, -1, -2))")
        case("transpose_xz", name, name, lambda a: pure3d(a, lambda v: np.swapaxes(v, 0, 2)), {}, exact=True,
             ref="clesperanto transpose_xz (numpy.swapaxes(image, 0, 2))")
        case("transpose_yz", name, name, lambda a: pure3d(a, lambda v: np.swapaxes(v, 0, 1)), {}, exact=True,
             ref="clesperanto transpose_yz (numpy.swapaxes(image, 0, 1))")

    ref = "skimage.util.crop"
    case("crop", "rand2d_1", "rand2d", lambda a: skutil.crop(a, 1), {"crop_width": 1}, exact=True, ref=ref)
    case("crop", "rand2d_pair", "rand2d", lambda a: skutil.crop(a, (2, 5)), {"crop_width": [2, 5]}, exact=True, ref=ref)
    case("crop", "rand2d_per_axis", "rand2d", lambda a: skutil.crop(a, ((0, 30), (7, 3))),
         {"crop_width": [0, 30, 7, 3]}, exact=True, ref=ref)
    case("crop", "rand3d_per_axis", "rand3d", lambda a: skutil.crop(a, ((1, 2), (0, 3), (4, 4))),
         {"crop_width": [1, 2, 0, 3, 4, 4]}, exact=True, ref=ref)
    case("crop", "cells3d_0", "cells3d", lambda a: skutil.crop(a, 0), {"crop_width": 0}, exact=True, ref=ref)
    case("crop", "row1xn", "row1xn", lambda a: skutil.crop(a, ((0, 0), (3, 9))), {"crop_width": [0, 0, 3, 9]},
         exact=True, ref=ref)

    ref = "numpy.pad"
    case("pad", "rand2d_pair", "rand2d", lambda a: np.pad(a, (2, 3)), {"pad_width": [2, 3]}, exact=True, ref=ref)
    for m in PAD_MODES:
        case("pad", f"small_{m}", "tr_small2d", lambda a, m=m: np.pad(a, ((2, 3), (4, 1)), mode=m, **(
            {"constant_values": 0.5} if m == "constant" else {})),
            {"pad_width": [2, 3, 4, 1], "mode": m, "constant_values": 0.5}, exact=True, ref=ref)
        case("pad", f"small_wide_{m}", "tr_small2d", lambda a, m=m: np.pad(a, 25, mode=m),
             {"pad_width": 25, "mode": m}, exact=True, ref=ref)
        case("pad", f"small3d_{m}", "tr_small3d", lambda a, m=m: np.pad(a, ((1, 2), (0, 3), (5, 0)), mode=m),
             {"pad_width": [1, 2, 0, 3, 5, 0], "mode": m}, exact=True, ref=ref)
        case("pad", f"one1x1_{m}", "one1x1", lambda a, m=m: np.pad(a, (2, 1), mode=m),
             {"pad_width": [2, 1], "mode": m}, exact=True, ref=ref)
        case("pad", f"row1xn_{m}", "row1xn", lambda a, m=m: np.pad(a, 3, mode=m),
             {"pad_width": 3, "mode": m}, exact=True, ref=ref)
    case("pad", "zero", "rand3d", lambda a: np.pad(a, 0), {"pad_width": 0}, exact=True, ref=ref)
    case("pad", "nan2d", "nan2d", lambda a: np.pad(a, 2, mode="reflect"), {"pad_width": 2, "mode": "reflect"},
         exact=True, ref=ref)
    case("pad", "cval_f32", "rand2d", lambda a: np.pad(a, 1, constant_values=0.1), {"pad_width": 1,
         "constant_values": 0.1}, exact=True, ref=ref + " (constant_values rounded to float32)")


zoom_cases()
shift_cases()
rotate_cases()
affine_cases()
spline_filter_cases()
resize_cases()
rescale_cases()
downscale_cases()
rearrange_cases()
