"""Reference cases for the extra morphology family: footprints for grey/binary
morphology, top-hats and gradients (kernels/cpu/footprint.go, morphology_extra.go), hole
filling and small-object removal (regions.go), reconstruction and extrema
(reconstruct.go), skeletons (skeleton.go) and distance transforms (distance.go)."""
import numpy as np
from scipy import ndimage as ndi
from skimage import morphology as skm

from case import MODES, case, per_slice

NDI = "scipy.ndimage."
SKM = "skimage.morphology."


def fp(kind, r, ndim):
    """skimage's footprint of that name, lifted to a one-plane 3D footprint for a 2D
    kind on a volume (kernreg applies disk and diamond in every plane)."""
    f = {"disk": skm.disk, "diamond": skm.diamond, "ball": skm.ball, "octahedron": skm.octahedron}[kind](r)
    if f.ndim < ndim:
        f = f[None]
    return f.astype(bool)


# --- grey morphology with footprints (existing ops, new parameters) ---------------------

GREY = {"grey_erosion": ndi.grey_erosion, "grey_dilation": ndi.grey_dilation,
        "grey_opening": ndi.grey_opening, "grey_closing": ndi.grey_closing}
SK_GREY = {"grey_erosion": skm.erosion, "grey_dilation": skm.dilation,
           "grey_opening": skm.opening, "grey_closing": skm.closing}


def grey_footprints(op, fn, skfn=None):
    ref = NDI + op
    for kind, r, inp, nd in (("disk", 2, "rand2d", 2), ("disk", 3, "cells3d", 3), ("diamond", 2, "signed2d", 2),
                             ("diamond", 1, "rand3d", 3), ("ball", 2, "rand3d", 3), ("octahedron", 2, "cells3d", 3)):
        for m in (MODES if inp != "cells3d" else ["reflect"]):
            case(op, f"fp_{kind}{r}_{inp}_{m}", inp,
                 lambda a, kind=kind, r=r, nd=nd, m=m: fn(a, footprint=fp(kind, r, nd), mode=m, cval=0.25),
                 {"footprint": kind, "radius": r, "mode": m, "cval": 0.25}, exact=True, ref=ref + " (footprint)")
    case(op, "fp_disk5_blobs2d", "blobs2d", lambda a: fn(a, footprint=fp("disk", 5, 2)),
         {"footprint": "disk", "radius": 5}, exact=True, ref=ref + " (footprint)")
    case(op, "fp_disk0", "rand2d", lambda a: fn(a, footprint=fp("disk", 0, 2)),
         {"footprint": "disk", "radius": 0}, exact=True, ref=ref + " (footprint)")
    case(op, "fp_disk_big_row", "row1xn", lambda a: fn(a, footprint=fp("disk", 4, 2), mode="mirror"),
         {"footprint": "disk", "radius": 4, "mode": "mirror"}, exact=True, ref=ref + " (footprint)")
    case(op, "fp_diamond_col_wrap", "col", lambda a: fn(a, footprint=fp("diamond", 6, 2), mode="wrap"),
         {"footprint": "diamond", "radius": 6, "mode": "wrap"}, exact=True, ref=ref + " (footprint)")
    case(op, "fp_disk_1x1", "one1x1", lambda a: fn(a, footprint=fp("disk", 2, 2), mode="constant", cval=9.0),
         {"footprint": "disk", "radius": 2, "mode": "constant", "cval": 9.0}, exact=True, ref=ref + " (footprint)")
    case(op, "fp_ball_single_slice", "single_slice", lambda a: fn(a, footprint=fp("ball", 1, 3), mode="nearest"),
         {"footprint": "ball", "radius": 1, "mode": "nearest"}, exact=True, ref=ref + " (footprint)")
    for m in ("reflect", "constant"):
        case(op, f"fp_nan_disk_{m}", "nan2d", lambda a, m=m: fn(a, footprint=fp("disk", 1, 2), mode=m),
             {"footprint": "disk", "radius": 1, "mode": m}, exact=True, ref=ref + " (footprint)")
    case(op, "fp_tiny_cval", "blobs2d", lambda a: fn(a, footprint=fp("disk", 2, 2), mode="constant", cval=-1e-50),
         {"footprint": "disk", "radius": 2, "mode": "constant", "cval": -1e-50}, exact=True, ref=ref + " (footprint)")
    if skfn is not None:
        # skimage's erosion/dilation/opening/closing are scipy's with mode reflect.
        skref = SKM + skfn.__name__
        case(op, "sk_disk3_cells2d", "cells2d", lambda a: skfn(a, skm.disk(3)),
             {"footprint": "disk", "radius": 3}, exact=True, ref=skref)
        case(op, "sk_ball2_cells3d", "cells3d", lambda a: skfn(a, skm.ball(2)),
             {"footprint": "ball", "radius": 2}, exact=True, ref=skref)
        case(op, "sk_diamond2_rand2d", "rand2d", lambda a: skfn(a, skm.diamond(2)),
             {"footprint": "diamond", "radius": 2}, exact=True, ref=skref)
        case(op, "sk_octahedron1_blobs3d", "blobs3d", lambda a: skfn(a, skm.octahedron(1)),
             {"footprint": "octahedron", "radius": 1}, exact=True, ref=skref)


for _op, _fn in GREY.items():
    grey_footprints(_op, _fn, SK_GREY[_op])


# --- binary morphology with footprints (existing ops, new parameters) -------------------

BINARY = {"binary_erosion": ndi.binary_erosion, "binary_dilation": ndi.binary_dilation,
          "binary_opening": ndi.binary_opening, "binary_closing": ndi.binary_closing}
SK_BINARY = {"binary_erosion": skm.binary_erosion, "binary_dilation": skm.binary_dilation,
             "binary_opening": skm.binary_opening, "binary_closing": skm.binary_closing}


def binary_footprints(op, fn, skfn):
    ref = NDI + op + " (footprint)"
    for kind, r, inp, nd in (("disk", 2, "blobs2d", 2), ("disk", 4, "blobs2d", 2), ("diamond", 3, "blobs2d", 2),
                             ("disk", 2, "blobs3d", 3), ("ball", 2, "blobs3d", 3), ("octahedron", 2, "blobs3d", 3)):
        for bv in (0, 1):
            for it in (1, 2, 0):
                case(op, f"fp_{kind}{r}_{inp}_b{bv}_i{it}", inp,
                     lambda a, kind=kind, r=r, nd=nd, bv=bv, it=it: fn(
                         a, structure=fp(kind, r, nd), border_value=bv, iterations=it),
                     {"footprint": kind, "radius": r, "border_value": bv, "iterations": it}, exact=True, ref=ref)
    case(op, "fp_disk0", "blobs2d", lambda a: fn(a, structure=fp("disk", 0, 2)),
         {"footprint": "disk", "radius": 0}, exact=True, ref=ref)
    case(op, "fp_disk3_rand2d", "rand2d", lambda a: fn(a, structure=fp("disk", 3, 2)),
         {"footprint": "disk", "radius": 3}, exact=True, ref=ref)
    for name in ("one1x1", "row1xn", "col", "single_slice", "const2d"):
        nd = 3 if name == "single_slice" else 2
        for bv in (0, 1):
            case(op, f"fp_{name}_b{bv}", name, lambda a, nd=nd, bv=bv: fn(a, structure=fp("disk", 2, nd), border_value=bv),
                 {"footprint": "disk", "radius": 2, "border_value": bv}, exact=True, ref=ref)
    # skimage's binary_erosion/opening/closing treat the outside as foreground for the
    # erosion (border_value=1 in scipy) and as background for the dilation.
    skref = SKM + skfn.__name__
    bv = {"binary_erosion": 1, "binary_dilation": 0}.get(op)
    if bv is not None:
        case(op, "sk_disk3_blobs2d", "blobs2d", lambda a: skfn(a > 0, skm.disk(3)),
             {"footprint": "disk", "radius": 3, "border_value": bv}, exact=True, ref=skref)
        case(op, "sk_ball2_blobs3d", "blobs3d", lambda a: skfn(a > 0, skm.ball(2)),
             {"footprint": "ball", "radius": 2, "border_value": bv}, exact=True, ref=skref)


for _op, _fn in BINARY.items():
    binary_footprints(_op, _fn, SK_BINARY[_op])


# --- top-hats, gradient, laplace ---------------------------------------------------------

def grey_derived(op, fn, skfn=None):
    ref = NDI + op
    for m in MODES:
        case(op, f"rand2d_5_{m}", "rand2d", lambda a, m=m: fn(a, size=5, mode=m, cval=0.3),
             {"size": 5, "mode": m, "cval": 0.3}, exact=True, ref=ref)
        case(op, f"rand3d_{m}", "rand3d", lambda a, m=m: fn(a, size=(2, 3, 4), mode=m, cval=0.7),
             {"size": [2, 3, 4], "mode": m, "cval": 0.7}, exact=True, ref=ref)
        case(op, f"rand3d_disk2_{m}", "rand3d", lambda a, m=m: fn(a, footprint=fp("disk", 2, 3), mode=m, cval=0.5),
             {"footprint": "disk", "radius": 2, "mode": m, "cval": 0.5}, exact=True, ref=ref + " (footprint)")
    case(op, "cells2d_7", "cells2d", lambda a: fn(a, size=7), {"size": 7}, exact=True, ref=ref)
    case(op, "cells3d_defaults", "cells3d", lambda a: fn(a, size=3), {}, exact=True, ref=ref)
    case(op, "cells3d_disk2", "cells3d", lambda a: fn(a, footprint=fp("disk", 2, 3)),
         {"footprint": "disk", "radius": 2}, exact=True, ref=ref + " (footprint)")
    case(op, "signed2d_4", "signed2d", lambda a: fn(a, size=4, mode="nearest"),
         {"size": 4, "mode": "nearest"}, exact=True, ref=ref)
    case(op, "blobs3d_ball", "blobs3d", lambda a: fn(a, footprint=fp("ball", 2, 3)),
         {"footprint": "ball", "radius": 2}, exact=True, ref=ref + " (footprint)")
    case(op, "nan2d", "nan2d", lambda a: fn(a, size=3), {}, exact=True, ref=ref)
    case(op, "nan2d_disk", "nan2d", lambda a: fn(a, footprint=fp("disk", 1, 2)),
         {"footprint": "disk", "radius": 1}, exact=True, ref=ref + " (footprint)")
    case(op, "one1x1", "one1x1", lambda a: fn(a, size=3, mode="constant", cval=9.0),
         {"size": 3, "mode": "constant", "cval": 9.0}, exact=True, ref=ref)
    case(op, "row1xn", "row1xn", lambda a: fn(a, size=(3, 4)), {"size": [3, 4]}, exact=True, ref=ref)
    case(op, "col", "col", lambda a: fn(a, size=5, mode="wrap"), {"size": 5, "mode": "wrap"}, exact=True, ref=ref)
    case(op, "single_slice", "single_slice", lambda a: fn(a, size=3), {}, exact=True, ref=ref)
    case(op, "const2d", "const2d", lambda a: fn(a, size=3, mode="constant"), {"mode": "constant"}, exact=True, ref=ref)
    if skfn is not None:
        case(op, "sk_disk3_cells2d", "cells2d", lambda a: skfn(a, skm.disk(3)),
             {"footprint": "disk", "radius": 3}, exact=True, ref=SKM + skfn.__name__)


grey_derived("white_tophat", ndi.white_tophat, skm.white_tophat)
grey_derived("black_tophat", ndi.black_tophat, skm.black_tophat)
grey_derived("morphological_gradient", ndi.morphological_gradient)
grey_derived("morphological_laplace", ndi.morphological_laplace)


# --- hole filling, propagation, small objects --------------------------------------------

def structure(a, conn):
    return ndi.generate_binary_structure(a.ndim, min(conn, a.ndim))


MASKS = (("blobs2d", 2), ("holes2d", 2), ("blobs3d", 3), ("holes3d", 3))
EDGES = ("one1x1", "row1xn", "col", "single_slice", "const2d", "const3d", "nan2d")

for _name, _rank in MASKS:
    for _c in range(1, _rank + 1):
        case("binary_fill_holes", f"{_name}_c{_c}", _name, lambda a, c=_c: ndi.binary_fill_holes(a, structure(a, c)),
             {"connectivity": _c}, exact=True, ref=NDI + "binary_fill_holes")
case("binary_fill_holes", "holes3d_slices", "holes3d", per_slice(ndi.binary_fill_holes), {},
     slice_by_slice=True, exact=True, ref=NDI + "binary_fill_holes (per slice)")
case("binary_fill_holes", "rand2d", "rand2d", ndi.binary_fill_holes, {}, exact=True, ref=NDI + "binary_fill_holes")
for _name in EDGES:
    case("binary_fill_holes", _name, _name, ndi.binary_fill_holes, {}, exact=True, ref=NDI + "binary_fill_holes")

for _seeds, _mask, _rank in (("seeds2d", "blobs2d", 2), ("seeds3d", "blobs3d", 3)):
    for _c in range(1, _rank + 1):
        for _bv in (0, 1):
            case("binary_propagation", f"{_mask}_c{_c}_b{_bv}", [_seeds, _mask],
                 lambda s, m, c=_c, bv=_bv: ndi.binary_propagation(s, structure(s, c), mask=m, border_value=bv),
                 {"connectivity": _c, "border_value": _bv}, exact=True, ref=NDI + "binary_propagation")
# Seeds outside the mask stay set and grow into it.
case("binary_propagation", "holes2d_in_blobs", ["blobs2d", "seeds2d"],
     lambda s, m: ndi.binary_propagation(s, mask=m), {}, exact=True, ref=NDI + "binary_propagation")
for _name in ("one1x1", "row1xn", "const2d", "single_slice"):
    case("binary_propagation", _name, [_name, _name], lambda s, m: ndi.binary_propagation(s, mask=m, border_value=1),
         {"border_value": 1}, exact=True, ref=NDI + "binary_propagation")


def rso(a, min_size, conn):
    return skm.remove_small_objects(a != 0, min_size=min_size, connectivity=conn)


def rsh(a, area, conn):
    return skm.remove_small_holes(a != 0, area_threshold=area, connectivity=conn)


for _op, _fn, _pname in (("remove_small_objects", rso, "min_size"), ("remove_small_holes", rsh, "area_threshold")):
    for _name, _rank in MASKS:
        for _c in range(1, _rank + 1):
            for _size in (5, 30, 200):
                case(_op, f"{_name}_c{_c}_{_size}", _name, lambda a, c=_c, s=_size, f=_fn: f(a, s, c),
                     {_pname: _size, "connectivity": _c}, exact=True, ref=SKM + _op)
    case(_op, "blobs2d_default", "blobs2d", lambda a, f=_fn: f(a, 64, 1), {}, exact=True, ref=SKM + _op)
    case(_op, "blobs2d_0", "blobs2d", lambda a, f=_fn: f(a, 0, 1), {_pname: 0}, exact=True, ref=SKM + _op)
    case(_op, "holes2d_huge", "holes2d", lambda a, f=_fn: f(a, 100000, 2), {_pname: 100000, "connectivity": 2},
         exact=True, ref=SKM + _op)
    case(_op, "holes3d_slices", "holes3d", per_slice(lambda a, f=_fn: f(a, 20, 1)), {_pname: 20},
         slice_by_slice=True, exact=True, ref=SKM + _op + " (per slice)")
    for _name in EDGES + ("rand2d", "seeds2d"):
        case(_op, _name, _name, lambda a, f=_fn: f(a, 3, 1), {_pname: 3}, exact=True, ref=SKM + _op)


# --- reconstruction and extrema ----------------------------------------------------------

def recon(seed, mask, method, conn):
    return skm.reconstruction(seed, mask, method=method, footprint=structure(seed, conn))


for _seed, _mask, _method in (("cells2d_seed", "cells2d", "dilation"), ("cells2d_seed_hi", "cells2d", "erosion"),
                              ("cells2d_fillseed", "cells2d", "erosion"), ("cells3d_seed", "cells3d", "dilation")):
    for _c in (1, 2, 3):
        case("reconstruction", f"{_seed}_{_method}_c{_c}", [_seed, _mask],
             lambda s, m, me=_method, c=_c: recon(s, m, me, c), {"method": _method, "connectivity": _c},
             exact=True, ref=SKM + "reconstruction")
for _method, _clip in (("dilation", np.minimum), ("erosion", np.maximum)):
    case("reconstruction", f"clipped_{_method}", ["rand2d", "rand2d_b"],
         lambda s, m, me=_method, cl=_clip: skm.reconstruction(cl(s, m), m, method=me), {"method": _method},
         exact=True, ref=SKM + "reconstruction (seed clipped to the mask)")
case("reconstruction", "cells2d_defaults", ["cells2d_seed", "cells2d"], lambda s, m: skm.reconstruction(s, m), {},
     exact=True, ref=SKM + "reconstruction")
case("reconstruction", "cells3d_slices", ["cells3d_seed", "cells3d"], per_slice(lambda s, m: skm.reconstruction(s, m)),
     {}, slice_by_slice=True, exact=True, ref=SKM + "reconstruction (per slice)")
for _name in ("one1x1", "row1xn", "col", "single_slice", "const2d"):
    case("reconstruction", _name, [_name, _name], lambda s, m: skm.reconstruction(s, m), {}, exact=True,
         ref=SKM + "reconstruction")


def hmax(a, h, conn, minima=False):
    f = skm.h_minima if minima else skm.h_maxima
    return f(a, h, footprint=structure(a, conn)).astype(np.float32)


for _op, _min in (("h_maxima", False), ("h_minima", True)):
    # The first case's parameters are also those the shared slice-claim test uses.
    for _name, _hs in (("rand3d", (0.2,)), ("cells2d", (20.0, 80.0, 300.0)), ("cells3d", (50.0, 200.0)), ("rand2d", (0.05, 0.3)),
                       ("signed2d", (3.0, 12.5)), ("plateaus2d", (1.0, 2.0)), ("plateaus3d", (1.0,)),
                       ("unit2d", (0.01,))):
        for _h in _hs:
            for _c in (1, 3):
                case(_op, f"{_name}_{_h}_c{_c}", _name, lambda a, h=_h, c=_c, m=_min: hmax(a, h, c, m),
                     {"h": _h, "connectivity": _c}, exact=True, ref=SKM + _op)
    case(_op, "cells2d_above_range", "cells2d", lambda a, m=_min: hmax(a, 1e6, 2, m), {"h": 1e6}, exact=True, ref=SKM + _op)
    case(_op, "cells3d_slices", "cells3d", per_slice(lambda a, m=_min: hmax(a, 60.0, 2, m)), {"h": 60.0},
         slice_by_slice=True, exact=True, ref=SKM + _op + " (per slice)")
    for _name in ("one1x1", "row1xn", "col", "single_slice", "const2d"):
        case(_op, _name, _name, lambda a, m=_min: hmax(a, 0.1, 3, m), {"h": 0.1}, exact=True, ref=SKM + _op)


for _op, _fn in (("local_maxima", skm.local_maxima), ("local_minima", skm.local_minima)):
    for _name in ("rand2d", "cells2d", "signed2d", "plateaus2d", "blobs2d", "rand3d", "cells3d", "plateaus3d",
                  "nan2d", "const2d", "one1x1", "row1xn", "col", "single_slice", "ew_int2d_a", "ew_int3d_a"):
        for _c in (1, 2, 3):
            for _ab in (True, False):
                case(_op, f"{_name}_c{_c}_{'b' if _ab else 'nb'}", _name,
                     lambda a, c=_c, ab=_ab, f=_fn: f(a, connectivity=min(c, a.ndim), allow_borders=ab),
                     {"connectivity": _c, "allow_borders": _ab}, exact=True, ref=SKM + _op)
    case(_op, "cells2d_defaults", "cells2d", lambda a, f=_fn: f(a), {}, exact=True, ref=SKM + _op)
    case(_op, "cells3d_slices", "cells3d", per_slice(lambda a, f=_fn: f(a)), {}, slice_by_slice=True, exact=True,
         ref=SKM + _op + " (per slice)")


# --- skeletons ---------------------------------------------------------------------------

def binary(a):
    return (a != 0).astype(np.uint8)


for _name in ("blobs2d", "holes2d", "blobs3d", "holes3d", "seeds2d", "one1x1", "row1xn", "col", "single_slice",
              "const2d", "nan2d", "rand2d"):
    case("skeletonize", _name, _name, per_slice(lambda a: skm.skeletonize(binary(a))), {}, exact=True,
         ref=SKM + "skeletonize" + (" (per slice)" if _name in ("blobs3d", "holes3d", "single_slice") else ""))
    for _it in (0, 1, 3):
        case("thin", f"{_name}_i{_it}", _name, per_slice(lambda a, it=_it: skm.thin(a != 0, max_num_iter=it or None)),
             {"max_num_iter": _it}, exact=True, ref=SKM + "thin")

for _name in ("blobs3d", "holes3d", "blobs2d", "holes2d", "seeds3d", "one1x1", "row1xn", "col", "single_slice",
              "const2d", "const3d", "nan2d"):
    case("skeletonize_3d", _name, _name, lambda a: skm.skeletonize_3d(binary(a)).astype(np.float32), {}, exact=True,
         ref=SKM + "skeletonize_3d")


# --- distance transforms -----------------------------------------------------------------

for _name, _samplings in (("blobs2d", ([1.0], [2.0, 0.5], [0.0, 1.0])), ("holes2d", ([1.0], [0.3])),
                          ("blobs3d", ([1.0], [2.0, 1.0, 0.7])), ("holes3d", ([1.0], [3.0, 1.0, 1.0])),
                          ("seeds2d", ([1.0],)), ("const2d", ([1.0], [2.0, 0.5])), ("const3d", ([1.5, 1.0, 2.0],)),
                          ("one1x1", ([1.0],)), ("row1xn", ([1.0],)), ("col", ([1.0],)),
                          ("single_slice", ([1.0],)), ("nan2d", ([1.0],)), ("ew_int2d_a", ([1.0],)),
                          ("ew_int3d_a", ([1.0, 2.0, 2.0],))):
    for _s in _samplings:
        case("distance_transform_edt", f"{_name}_{'_'.join(map(str, _s))}", _name,
             lambda a, s=_s: ndi.distance_transform_edt(a, sampling=s if len(s) > 1 else s[0]),
             {"sampling": _s}, atol=1e-5, rtol=1e-6, ref=NDI + "distance_transform_edt")
    for _m in ("chessboard", "taxicab"):
        case("distance_transform_cdt", f"{_name}_{_m}", _name,
             lambda a, m=_m: ndi.distance_transform_cdt(a, metric=m).astype(np.float32), {"metric": _m},
             exact=True, ref=NDI + "distance_transform_cdt")
case("distance_transform_edt", "holes3d_slices", "holes3d", per_slice(ndi.distance_transform_edt), {},
     slice_by_slice=True, atol=1e-5, rtol=1e-6, ref=NDI + "distance_transform_edt (per slice)")
case("distance_transform_cdt", "holes3d_slices", "holes3d",
     per_slice(lambda a: ndi.distance_transform_cdt(a).astype(np.float32)), {}, slice_by_slice=True, exact=True,
     ref=NDI + "distance_transform_cdt (per slice)")
case("distance_transform_cdt", "blobs2d_default", "blobs2d", lambda a: ndi.distance_transform_cdt(a).astype(np.float32),
     {}, exact=True, ref=NDI + "distance_transform_cdt")
