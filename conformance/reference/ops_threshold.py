"""Reference cases for Otsu thresholding (kernels/cpu/threshold.go)."""
from skimage.filters import threshold_otsu

from case import case, per_slice

REF = "skimage.filters.threshold_otsu (image > t)"


def otsu(nbins=256):
    return lambda a: a > threshold_otsu(a, nbins=nbins)


for name in ("cells3d", "cells2d", "rand2d", "rand3d", "signed2d", "blobs2d", "blobs3d", "row1xn", "col", "single_slice"):
    case("threshold_otsu", name, name, otsu(), {}, exact=True, ref=REF)
for nbins in (2, 3, 17, 1000, 4096):
    case("threshold_otsu", f"cells3d_nbins{nbins}", "cells3d", otsu(nbins), {"nbins": nbins}, exact=True, ref=REF)
    case("threshold_otsu", f"signed2d_nbins{nbins}", "signed2d", otsu(nbins), {"nbins": nbins}, exact=True, ref=REF)
case("threshold_otsu", "cells3d_slices", "cells3d", per_slice(otsu()), {}, slice_by_slice=True, exact=True,
     ref=REF + ", one threshold per slice")
for name in ("const2d", "const3d", "one1x1"):
    case("threshold_otsu", name, name, otsu(), {}, exact=True, ref=REF + "; constant: t is the value, all 0")
