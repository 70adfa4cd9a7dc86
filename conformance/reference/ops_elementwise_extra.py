"""Reference cases for comparisons, logical operations, masking and further arithmetic
(kernels/cpu/elementwise_extra.go).

The reference is numpy on float32 arrays (a Python float scalar is rounded to float32), so
results are exact except power_images, which gets power's tolerance (see
ops_elementwise.py). The ew_* inputs hold small integers (many equal pairs) with NaN, ±Inf,
±0, subnormals and the float32 extremes scattered in.
"""
import numpy as np

from case import case


def quiet(fn):
    def run(*arrays):
        with np.errstate(all="ignore"):
            return fn(*arrays)
    return run


def f32(x):
    return np.float32(x)


PAIRS = [
    ("ew_int2d_a", "ew_int2d_b"),
    ("ew_int2d_b", "ew_int2d_a"),
    ("ew_int3d_a", "ew_int3d_b"),
    ("ew_special", "ew_special"),
    ("rand2d", "rand2d_b"),
    ("nan2d", "nan2d"),
    ("one1x1", "one1x1"),
    ("row1xn", "row1xn"),
    ("blobs3d", "blobs3d"),
]

BINARY = {
    "greater": ("numpy.greater", np.greater),
    "greater_equal": ("numpy.greater_equal", np.greater_equal),
    "smaller": ("numpy.less", np.less),
    "smaller_equal": ("numpy.less_equal", np.less_equal),
    "equal": ("numpy.equal", np.equal),
    "not_equal": ("numpy.not_equal", np.not_equal),
    "binary_and": ("numpy.logical_and", np.logical_and),
    "binary_or": ("numpy.logical_or", np.logical_or),
    "binary_xor": ("numpy.logical_xor", np.logical_xor),
    "mask": ("numpy.where(mask!=0,image,0)", lambda x, m: np.where(m != 0, x, f32(0))),
    "absolute_difference": ("numpy.absolute(image1-image2)", lambda x, y: np.absolute(x - y)),
    "squared_difference": ("numpy.square(image1-image2)", lambda x, y: np.square(x - y)),
    "add_images_weighted": ("numpy:factor1*image1+factor2*image2", lambda x, y: x + y),
}
for op, (ref, f) in BINARY.items():
    for a, b in PAIRS:
        case(op, f"{a}_{b}", [a, b], quiet(lambda x, y, f=f: f(x, y)), exact=True, ref=ref)
    case(op, "ew_int3d_slices", ["ew_int3d_b", "ew_int3d_a"], quiet(lambda x, y, f=f: f(x, y)), exact=True,
         slice_by_slice=True, ref=ref)

# Weights that are not exact in float32, and products whose sum would differ if fused.
for i, (f1, f2) in enumerate([(0.3, 0.7), (-1.0, 2.5), (1e-3, 1e3), (0.1, 0.2)]):
    for a, b in [("rand2d", "rand2d_b"), ("ew_int3d_a", "ew_int3d_b"), ("cells3d", "cells3d")]:
        case("add_images_weighted", f"{a}_{b}_{i}", [a, b],
             quiet(lambda x, y, f1=f1, f2=f2: f32(f1) * x + f32(f2) * y),
             {"factor1": f1, "factor2": f2}, exact=True, ref="numpy:factor1*image1+factor2*image2")

for a, b in PAIRS + [("signed2d", "signed2d")]:
    case("power_images", f"{a}_{b}", [a, b], quiet(np.power), atol=0, rtol=2e-6, ref="numpy.power")
case("power_images", "rand2d_b_rand2d", ["rand2d_b", "rand2d"], quiet(np.power), atol=0, rtol=2e-6,
     ref="numpy.power")

# Comparisons with a constant: scalars that are exact, inexact in float32 (0.1 compares
# with float32(0.1)), beyond the float32 range (1e39 rounds to Inf) and the default 0.
CONST = {
    "greater_constant": ("numpy.greater", np.greater),
    "greater_equal_constant": ("numpy.greater_equal", np.greater_equal),
    "smaller_constant": ("numpy.less", np.less),
    "smaller_equal_constant": ("numpy.less_equal", np.less_equal),
    "equal_constant": ("numpy.equal", np.equal),
    "not_equal_constant": ("numpy.not_equal", np.not_equal),
}
SCALARS = [("ew_int2d_a", 1.0), ("ew_int3d_b", 2.0), ("ew_special", 0.0), ("ew_special", 3.4028235e38),
           ("ew_special", 1e39), ("rand2d", 0.1), ("rand3d", 0.5), ("nan2d", 0.25), ("one1x1", 3.5),
           ("const3d", 2.0), ("cells3d", 500.0)]
for op, (ref, f) in CONST.items():
    case(op, "default", "ew_int2d_b", lambda x, f=f: f(x, f32(0)), exact=True, ref=ref)
    for i, (inp, s) in enumerate(SCALARS):
        case(op, f"{inp}_{i}", inp, quiet(lambda x, f=f, s=s: f(x, f32(s))), {"scalar": s}, exact=True, ref=ref)

for inp in ["ew_int2d_a", "ew_int3d_b", "ew_special", "blobs2d", "nan2d", "one1x1", "const3d"]:
    case("binary_not", inp, inp, np.logical_not, exact=True, ref="numpy.logical_not")
    case("undefined_to_zero", inp, inp, lambda x: np.where(np.isfinite(x), x, f32(0)), exact=True,
         ref="numpy.where(numpy.isfinite(image),image,0)")
    for op, f, ref in [("square", np.square, "numpy.square"), ("sign", np.sign, "numpy.sign"),
                       ("reciprocal", np.reciprocal, "numpy.reciprocal")]:
        case(op, inp, inp, quiet(f), exact=True, ref=ref)
for inp in ["signed2d", "cells3d", "rand3d"]:
    for op, f, ref in [("square", np.square, "numpy.square"), ("sign", np.sign, "numpy.sign"),
                       ("reciprocal", np.reciprocal, "numpy.reciprocal")]:
        case(op, inp, inp, quiet(f), exact=True, ref=ref)

# mask_label: the image and a label image of the same shape.
for img, lab in [("ew_img61", "labels2d"), ("ew_img3d_29", "labels3d")]:
    for lbl in (0, 1, 2, 5, 1000):
        case("mask_label", f"{img}_{lbl}", [img, lab], lambda x, l, v=lbl: np.where(l == v, x, f32(0)),
             {"label": lbl}, exact=True, ref="numpy.where(label_map==label,image,0)")
case("mask_label", "default", ["ew_img61", "labels2d"], lambda x, l: np.where(l == 1, x, f32(0)), exact=True,
     ref="numpy.where(label_map==label,image,0)")

# clip: ordinary bounds, inexact bounds, a_min > a_max (a_max everywhere), a NaN image.
CLIPS = [("rand2d", 0.2, 0.7), ("signed2d", -5.0, 5.0), ("cells3d", 100.0, 900.0), ("ew_special", -1.0, 2.0),
         ("ew_special", -3.4e38, 3.4e38), ("nan2d", 0.1, 0.3), ("rand3d", 0.8, 0.2), ("one1x1", 0.0, 1.0),
         ("ew_int3d_a", 0.0, 1.0)]
for i, (inp, lo, hi) in enumerate(CLIPS):
    case("clip", f"{inp}_{i}", inp, lambda x, lo=lo, hi=hi: np.minimum(np.maximum(x, f32(lo)), f32(hi)),
         {"a_min": lo, "a_max": hi}, exact=True, ref="numpy.clip")
    if lo <= hi:  # numpy.clip itself: the same as the definition when the bounds are ordered
        assert np.array_equal(np.clip(np.zeros(1, np.float32), f32(lo), f32(hi)),
                              np.minimum(np.maximum(np.zeros(1, np.float32), f32(lo)), f32(hi)))

# nan_to_num: numpy's defaults and replacements, one beyond float32 (becomes Inf).
for inp in ["ew_special", "ew_int2d_a", "nan2d", "rand3d"]:
    case("nan_to_num", f"{inp}_default", inp, np.nan_to_num, exact=True, ref="numpy.nan_to_num")
for i, (nan, pinf, ninf) in enumerate([(1.0, 2.0, -2.0), (-7.5, 1e39, -0.1), (0.1, 1e30, -1e30)]):
    for inp in ["ew_special", "ew_int3d_b"]:
        case("nan_to_num", f"{inp}_{i}", inp,
             quiet(lambda x, a=nan, b=pinf, c=ninf: np.nan_to_num(x, nan=a, posinf=b, neginf=c)),
             {"nan": nan, "posinf": pinf, "neginf": ninf}, exact=True, ref="numpy.nan_to_num")

for inp in ["ew_int2d_a", "ew_special", "nan2d", "rand3d", "blobs3d"]:
    for v in (0.0, 1.0, -2.5, 0.1):
        case("set_nonzero_pixels_to_value", f"{inp}_{v}", inp, lambda x, v=v: np.where(x != 0, f32(v), x),
             {"value": v}, exact=True, ref="numpy.where(image!=0,value,image)")
case("set_nonzero_pixels_to_value", "default", "ew_int2d_b", lambda x: np.where(x != 0, f32(0), x), exact=True,
     ref="numpy.where(image!=0,value,image)")

for op, f, ref in [("subtract_image_from_scalar", np.subtract, "numpy.subtract"),
                   ("maximum_image_and_scalar", np.maximum, "numpy.maximum"),
                   ("minimum_image_and_scalar", np.minimum, "numpy.minimum")]:
    default = 0.0
    if op == "subtract_image_from_scalar":
        g = lambda x, s, f=f: f(f32(s), x)  # noqa: E731
    else:
        g = lambda x, s, f=f: f(x, f32(s))  # noqa: E731
    case(op, "default", "signed2d", lambda x, g=g, s=default: g(x, s), exact=True, ref=ref)
    for i, (inp, s) in enumerate([("rand2d", 0.3), ("ew_special", -2.5), ("ew_special", 0.0), ("cells3d", 1e3),
                                  ("nan2d", 0.5), ("ew_int3d_a", 1.0), ("one1x1", 1e-3)]):
        case(op, f"{inp}_{i}", inp, quiet(lambda x, g=g, s=s: g(x, s)), {"scalar": s}, exact=True, ref=ref)
