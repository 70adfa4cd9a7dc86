"""Reference cases for skimage.exposure's intensity transforms (kernels/cpu/intensity.go, clahe.go).

skimage computes these in float32 for float32 images, as the kernels do; tolerances are a
few float32 ulps (1e-6 relative) except where a case says otherwise.
"""
import numpy as np
from skimage import exposure

from case import case

REF = "skimage.exposure."


def rescale_intensity_cases():
    op, ref = "rescale_intensity", REF + "rescale_intensity"
    ri = exposure.rescale_intensity
    for name in ("rand2d", "cells3d", "signed2d", "const2d", "one1x1", "nan2d"):
        case(op, f"{name}_defaults", name, lambda a: ri(a), {}, atol=1e-6, rtol=1e-6, ref=ref)
    case(op, "in_explicit", "cells2d", lambda a: ri(a, in_range=(100, 700)), {"in_range": "100,700"},
         atol=1e-6, rtol=1e-6, ref=ref)
    case(op, "out_explicit", "signed2d", lambda a: ri(a, out_range=(-5, 20.5)), {"out_range": "-5,20.5"},
         atol=1e-5, rtol=1e-6, ref=ref)
    case(op, "both_explicit", "rand3d", lambda a: ri(a, in_range=(0.2, 0.6), out_range=(10, 0)),
         {"in_range": "0.2,0.6", "out_range": "10,0"}, atol=1e-5, rtol=1e-6, ref=ref)
    case(op, "in_dtype", "signed2d", lambda a: ri(a, in_range="dtype", out_range=(0, 1)),
         {"in_range": "dtype", "out_range": "0,1"}, atol=1e-6, rtol=1e-6, ref=ref)
    case(op, "in_uint12", "cells2d", lambda a: ri(a, in_range="uint12"), {"in_range": "uint12"},
         atol=1e-6, rtol=1e-6, ref=ref)
    case(op, "out_uint8", "cells2d", lambda a: ri(a, out_range="uint8").astype(np.float32), {"out_range": "uint8"},
         exact=True, ref=ref + " (cast to uint8)")
    case(op, "out_int8_signed", "signed2d", lambda a: ri(a, out_range="int8").astype(np.float32), {"out_range": "int8"},
         exact=True, ref=ref + " (cast to int8)")
    case(op, "out_image", "rand2d", lambda a: ri(a, in_range=(0, 2), out_range="image"),
         {"in_range": "0,2", "out_range": "image"}, atol=1e-6, rtol=1e-6, ref=ref)
    case(op, "const_explicit_out", "const3d", lambda a: ri(a, out_range=(0, 1.5)), {"out_range": "0,1.5"},
         atol=1e-6, rtol=1e-6, ref=ref)
    case(op, "nan_explicit", "nan2d", lambda a: ri(a, in_range=(0.1, 0.9)), {"in_range": "0.1,0.9"},
         atol=1e-6, rtol=1e-6, ref=ref)


def equalize_hist_cases():
    op, ref = "equalize_hist", REF + "equalize_hist"
    for name in ("rand2d", "cells2d", "cells3d", "signed2d", "const2d", "one1x1", "row1xn", "blobs2d",
                 "tr_camera2d"):
        case(op, name, name, lambda a: exposure.equalize_hist(a), {}, atol=1e-6, rtol=1e-6, ref=ref)
    for nbins in (1, 2, 10, 1000):
        case(op, f"cells2d_{nbins}", "cells2d", lambda a, n=nbins: exposure.equalize_hist(a, nbins=n),
             {"nbins": nbins}, atol=1e-6, rtol=1e-6, ref=ref)


def clahe_cases():
    op, ref = "equalize_adapthist", REF + "equalize_adapthist"
    eq = exposure.equalize_adapthist
    unit = lambda a: exposure.rescale_intensity(a, out_range=(0, 1))  # noqa: E731
    # Results are integers / (max - min) in float32: a one-level difference is 1/16383.
    tol = dict(atol=1e-6, rtol=1e-6)
    case(op, "camera_defaults", "tr_camera2d", lambda a: eq(a), {}, **tol, ref=ref)
    for k in (5, 8, 16, 40, 100):
        case(op, f"camera_k{k}", "tr_camera2d", lambda a, k=k: eq(a, kernel_size=k), {"kernel_size": k}, **tol,
             ref=ref)
    case(op, "camera_k_axes", "tr_camera2d", lambda a: eq(a, kernel_size=(7, 20)), {"kernel_size": [7, 20]},
         **tol, ref=ref)
    for clip in (0, 0.001, 0.05, 0.5, 1):
        case(op, f"camera_clip{clip}", "tr_camera2d", lambda a, c=clip: eq(a, kernel_size=12, clip_limit=c),
             {"kernel_size": 12, "clip_limit": clip}, **tol, ref=ref)
    for nbins in (2, 16, 100, 1000, 20000):
        case(op, f"camera_nbins{nbins}", "tr_camera2d", lambda a, n=nbins: eq(a, nbins=n), {"nbins": nbins},
             **tol, ref=ref)
    case(op, "rand2d", "rand2d", lambda a: eq(a, clip_limit=0.03), {"clip_limit": 0.03}, **tol, ref=ref)
    case(op, "rand3d", "rand3d", lambda a: eq(a), {}, **tol, ref=ref)
    case(op, "rand3d_k", "rand3d", lambda a: eq(a, kernel_size=(2, 5, 4), clip_limit=0.1),
         {"kernel_size": [2, 5, 4], "clip_limit": 0.1}, **tol, ref=ref)
    case(op, "tr_small3d", "tr_small3d", lambda a: eq(a, kernel_size=3), {"kernel_size": 3}, **tol, ref=ref)
    case(op, "unit3d", "unit3d", lambda a: eq(a, kernel_size=(3, 10, 10)), {"kernel_size": [3, 10, 10]}, **tol,
         ref=ref)
    case(op, "cells2d_rescaled", "cells2d", lambda a: eq(unit(a)), {}, **tol,
         ref=ref + " of rescale_intensity(image, out_range=(0, 1)) (values outside [-1, 1])")
    case(op, "cells3d_rescaled", "cells3d", lambda a: eq(unit(a), kernel_size=(2, 8, 8)),
         {"kernel_size": [2, 8, 8]}, **tol,
         ref=ref + " of rescale_intensity(image, out_range=(0, 1)) (values outside [-1, 1])")
    case(op, "signed2d_rescaled", "signed2d", lambda a: eq(unit(a), kernel_size=6), {"kernel_size": 6}, **tol,
         ref=ref + " of rescale_intensity(image, out_range=(0, 1)) (values outside [-1, 1])")
    case(op, "unit2d", "unit2d", lambda a: eq(a, kernel_size=9), {"kernel_size": 9}, **tol, ref=ref)
    case(op, "signed_unit2d", "tr_signed_unit2d", lambda a: eq(a, kernel_size=7), {"kernel_size": 7}, **tol,
         ref=ref + " (negative values in [-1, 0) become level 0)")
    for name in ("row1xn", "col", "single_slice", "blobs2d"):
        case(op, name, name, lambda a: eq(a), {}, **tol, ref=ref)
    case(op, "one1x1_rescaled", "one1x1", lambda a: eq(unit(a)), {}, **tol,
         ref=ref + " of rescale_intensity(image, out_range=(0, 1)) (values outside [-1, 1])")
    case(op, "const2d_rescaled", "const2d", lambda a: eq(unit(a)), {}, **tol,
         ref=ref + " of rescale_intensity(image, out_range=(0, 1)) (values outside [-1, 1])")


def adjust_cases():
    tol = dict(atol=1e-6, rtol=2e-6)
    ref = REF + "adjust_gamma"
    for name in ("rand2d", "cells2d", "rand3d", "one1x1", "nan2d"):
        case("adjust_gamma", f"{name}_defaults", name, lambda a: exposure.adjust_gamma(a), {}, **tol, ref=ref)
    for gamma, gain in ((0.3, 1), (2, 1), (0.5, 3.5), (0, 2), (1.7, -0.5)):
        case("adjust_gamma", f"rand2d_{gamma}_{gain}", "rand2d", lambda a, g=gamma, k=gain: exposure.adjust_gamma(a, g, k),
             {"gamma": gamma, "gain": gain}, **tol, ref=ref)
    case("adjust_gamma", "cells2d_0.3", "cells2d", lambda a: exposure.adjust_gamma(a, 0.3, 0.01),
         {"gamma": 0.3, "gain": 0.01}, **tol, ref=ref)
    ref = REF + "adjust_log"
    for name in ("rand2d", "cells2d", "rand3d", "one1x1", "nan2d"):
        for inv in (False, True):
            src = "unit2d" if name == "cells2d" and inv else name
            case("adjust_log", f"{name}_{inv}", src, lambda a, i=inv: exposure.adjust_log(a, 1, i),
                 {"inv": inv}, **tol, ref=ref)
    case("adjust_log", "rand2d_gain", "rand2d", lambda a: exposure.adjust_log(a, 2.5), {"gain": 2.5}, **tol, ref=ref)
    case("adjust_log", "rand2d_gain_inv", "rand2d", lambda a: exposure.adjust_log(a, 0.3, True),
         {"gain": 0.3, "inv": True}, **tol, ref=ref)
    ref = REF + "adjust_sigmoid"
    for name in ("rand2d", "cells2d", "rand3d", "one1x1", "nan2d"):
        for inv in (False, True):
            case("adjust_sigmoid", f"{name}_{inv}", name, lambda a, i=inv: exposure.adjust_sigmoid(a, inv=i),
                 {"inv": inv}, **tol, ref=ref)
    for cutoff, gain in ((0.2, 5), (0.8, 25), (0.5, -3), (300, 0.02)):
        src = "cells2d" if cutoff > 1 else "rand2d"
        case("adjust_sigmoid", f"{src}_{cutoff}_{gain}", src,
             lambda a, c=cutoff, g=gain: exposure.adjust_sigmoid(a, c, g),
             {"cutoff": cutoff, "gain": gain}, **tol, ref=ref)


rescale_intensity_cases()
equalize_hist_cases()
clahe_cases()
adjust_cases()


def match_histograms_cases():
    op, ref = "match_histograms", REF + "match_histograms"
    for img, tmpl in (("rand2d", "rand2d_b"), ("rand3d", "rand3d_b"), ("cells2d", "unit2d"), ("unit3d", "cells3d"),
                      ("const2d", "const2d"), ("one1x1", "one1x1"), ("rand2d_b", "rand2d")):
        case(op, f"{img}_{tmpl}", [img, tmpl], lambda a, b: exposure.match_histograms(a, b), {},
             atol=1e-6, rtol=1e-6, ref=ref)


match_histograms_cases()
