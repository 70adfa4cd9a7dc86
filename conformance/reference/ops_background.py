"""Reference cases for background estimation (kernels/cpu/background.go).

rolling_ball is skimage.restoration.rolling_ball (float32 arithmetic, nansafe=False); the
kernel computes the same minimum exactly, so the cases are exact. The radii include
non-integers, balls larger than the image, and images whose intensity range is far below
and far above the ball's height (the kernel's bounds skip work only in the first case).
subtract_gaussian_background is image - scipy.ndimage.gaussian_filter(image, sigma) in
float32, with gaussian_filter's tolerance (absolute, as the difference may be near 0).
"""
import numpy as np
from scipy import ndimage as ndi
from skimage import restoration

from case import MODES, case

RB = "skimage.restoration.rolling_ball"
ROLL = [("bg2d", 5), ("bg2d", 12.5), ("bg2d", 0), ("bg2d", 0.5), ("bg2d", 100), ("cells2d", 10), ("cells2d", 3.7),
        ("unit2d", 20), ("rand2d", 4), ("signed2d", 6), ("nan2d", 2), ("nan2d", 20), ("blobs2d", 7),
        ("one1x1", 3), ("row1xn", 5), ("col", 2.5), ("const2d", 4), ("ew_special", 2),
        ("rand3d", 3), ("cells3d", 4.5), ("unit3d", 6), ("blobs3d", 2), ("single_slice", 3), ("const3d", 1)]


def rolling(a, r):
    with np.errstate(invalid="ignore"):
        return restoration.rolling_ball(a, radius=r)


def subtract_rolling(a, r):
    with np.errstate(invalid="ignore"):
        return a - restoration.rolling_ball(a, radius=r)


for inp, r in ROLL:
    case("rolling_ball", f"{inp}_{r}", inp, lambda a, r=r: rolling(a, r), {"radius": r}, exact=True, ref=RB)
    case("subtract_rolling_ball_background", f"{inp}_{r}", inp, lambda a, r=r: subtract_rolling(a, r),
         {"radius": r}, exact=True, ref="image-" + RB + "(image,radius=radius)")
case("rolling_ball", "default", "cells2d", lambda a: rolling(a, 100), exact=True, ref=RB)
case("rolling_ball", "rand3d_slices", "rand3d", lambda a: np.stack([rolling(s, 3) for s in a]), {"radius": 3},
     exact=True, slice_by_slice=True, ref=RB + " (per slice)")

SGB = "image-scipy.ndimage.gaussian_filter(image,sigma)"


def sgb(a, sigma=2.0, **kw):
    return a - ndi.gaussian_filter(a, sigma, **kw)


for m in MODES:
    case("subtract_gaussian_background", f"rand2d_{m}", "rand2d", lambda a, m=m: sgb(a, 1.5, mode=m, cval=0.25),
         {"sigma": 1.5, "mode": m, "cval": 0.25}, atol=2e-6, rtol=0, ref=SGB)
    case("subtract_gaussian_background", f"rand3d_{m}", "rand3d", lambda a, m=m: sgb(a, 1.2, mode=m, cval=0.5),
         {"sigma": 1.2, "mode": m, "cval": 0.5}, atol=2e-6, rtol=0, ref=SGB)
case("subtract_gaussian_background", "default", "cells2d", sgb, atol=1e-3, rtol=0, ref=SGB)
case("subtract_gaussian_background", "cells3d_aniso", "cells3d", lambda a: sgb(a, (0.5, 2.0, 3.0)),
     {"sigma": [0.5, 2.0, 3.0]}, atol=1e-3, rtol=0, ref=SGB)
case("subtract_gaussian_background", "cells3d_slices", "cells3d", lambda a: sgb(a, (0, 5.0, 5.0), truncate=3.0),
     {"sigma": 5.0, "truncate": 3.0}, slice_by_slice=True, atol=1e-3, rtol=0, ref=SGB + " (sigma 0 along z)")
case("subtract_gaussian_background", "bg2d_big", "bg2d", lambda a: sgb(a, 15.0), {"sigma": 15}, atol=1e-4, rtol=0,
     ref=SGB)
case("subtract_gaussian_background", "nan2d", "nan2d", sgb, atol=2e-6, rtol=0, ref=SGB)
case("subtract_gaussian_background", "one1x1", "one1x1", lambda a: sgb(a, 3.0), {"sigma": 3}, atol=2e-6, rtol=0,
     ref=SGB)
case("subtract_gaussian_background", "row1xn", "row1xn", lambda a: sgb(a, 2.0, mode="mirror"), {"mode": "mirror"},
     atol=2e-6, rtol=0, ref=SGB)
case("subtract_gaussian_background", "sigma0", "rand3d", lambda a: sgb(a, 0.0), {"sigma": 0}, exact=True, ref=SGB)
