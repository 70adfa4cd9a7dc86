"""Reference cases for elementwise arithmetic (kernels/cpu/elementwise.go).

The reference is numpy on float32 arrays: a Python float combined with a float32 array is
rounded to float32 and the result is float32, so exact float32 arithmetic matches it bit
for bit. Transcendental functions (power, exp, log) come from different libms (numpy's
SIMD float32 code here, Go's float64 math rounded once on the CPU, the device's math
library on GPUs), so they get a relative tolerance that admits the accuracy OpenCL's full
profile guarantees (pow 16 ulp, exp and log 3 ulp; 1 ulp is at most 1.2e-7 relative).
Division and square root are exact: IEEE requires them correctly rounded (OpenCL devices
need -cl-fp32-correctly-rounded-divide-sqrt).
"""
import numpy as np
from skimage import util

from case import case



def quiet(fn):
    """fn with numpy's floating-point warnings off: Inf and NaN results are intended here."""
    def run(*arrays):
        with np.errstate(all="ignore"):
            return fn(*arrays)
    return run


# Two-image ops: operand order matters for subtract/divide; blobs2d/blobs2d gives 0/0 = NaN
# and 0 - 0, nan2d/nan2d propagates NaN, signed2d covers negative values.
BINARY = {
    "add_images": np.add,
    "subtract_images": np.subtract,
    "multiply_images": np.multiply,
    "divide_images": np.true_divide,
    "maximum_images": np.maximum,
    "minimum_images": np.minimum,
}
PAIRS = [
    ("rand2d", "rand2d_b"),
    ("rand2d_b", "rand2d"),
    ("rand3d", "rand3d_b"),
    ("signed2d", "signed2d"),
    ("cells3d", "cells3d"),
    ("blobs2d", "blobs2d"),
    ("nan2d", "nan2d"),
    ("one1x1", "one1x1"),
    ("row1xn", "row1xn"),
]
for op, f in BINARY.items():
    ref = "numpy." + f.__name__
    for a, b in PAIRS:
        case(op, f"{a}_{b}", [a, b], quiet(lambda x, y, f=f: f(x, y)), exact=True, ref=ref)
    case(op, "rand3d_slices", ["rand3d_b", "rand3d"], quiet(lambda x, y, f=f: f(x, y)), exact=True,
         slice_by_slice=True, ref=ref)

# Image and scalar: clesperanto's defaults (add 1, multiply 0); scalars that are not exact in
# float32 check the rounding of the scalar.
for op, f, default in [("add_image_and_scalar", np.add, 1.0), ("multiply_image_and_scalar", np.multiply, 0.0)]:
    ref = "numpy." + f.__name__
    case(op, "default", "rand2d", lambda x, f=f, s=default: f(x, s), exact=True, ref=ref)
    for i, (inp, s) in enumerate([("rand2d", 0.3), ("rand3d", -2.5), ("cells3d", 1e3), ("signed2d", 0.1),
                                  ("nan2d", 7.0), ("const3d", -1.0), ("one1x1", 1e-3), ("col", 3.0)]):
        case(op, f"{inp}_{i}", inp, lambda x, f=f, s=s: f(x, s), {"scalar": s}, exact=True, ref=ref)

for inp in ["signed2d", "rand3d", "nan2d", "one1x1", "cells3d"]:
    case("absolute", inp, inp, np.absolute, exact=True, ref="numpy.absolute")

for inp in ["rand2d", "signed2d", "cells3d", "nan2d", "blobs3d"]:
    for signed in (False, True):
        case("invert", f"{inp}_{'signed' if signed else 'unsigned'}", inp,
             lambda x, s=signed: util.invert(x, signed_float=s), {"signed_float": signed},
             exact=True, ref="skimage.util.invert")
case("invert", "default", "rand3d", util.invert, exact=True, ref="skimage.util.invert")

# power: integer, fractional, negative and zero exponents; negative bases with a non-integer
# exponent give NaN; 0 to a negative power gives Inf (blobs2d).
POWERS = [("rand2d", 2.0), ("rand2d", 0.5), ("rand3d", 2.2), ("signed2d", 3.0), ("signed2d", 0.5),
          ("signed2d", -1.0), ("cells3d", 1.5), ("cells3d", 0.1), ("blobs2d", -2.0), ("nan2d", 0.0),
          ("nan2d", 2.0), ("one1x1", -0.7), ("const2d", 1.0)]
for i, (inp, e) in enumerate(POWERS):
    case("power", f"{inp}_{i}", inp, quiet(lambda x, e=e: np.power(x, e)), {"exponent": e}, atol=0, rtol=2e-6,
         ref="numpy.power")
case("power", "default", "rand3d", lambda x: np.power(x, 1.0), exact=True, ref="numpy.power")

for inp in ["rand2d", "signed2d", "cells3d", "nan2d", "blobs2d", "one1x1"]:
    case("square_root", inp, inp, quiet(np.sqrt), exact=True, ref="numpy.sqrt")
for inp in ["rand2d", "signed2d", "rand3d", "nan2d", "one1x1", "cells2d"]:
    # cells2d (values ~100..1000) overflows float32 to Inf.
    case("exponential", inp, inp, quiet(np.exp), atol=0, rtol=1e-6, ref="numpy.exp")
for inp in ["rand2d", "signed2d", "cells3d", "nan2d", "blobs2d", "one1x1"]:
    case("logarithm", inp, inp, quiet(np.log), atol=1e-7, rtol=1e-6, ref="numpy.log")
