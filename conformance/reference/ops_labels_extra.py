"""Reference cases for label-image operations and the watershed family
(kernels/cpu/labels_extra.go, kernels/cpu/watershed.go). Every case is exact."""
import numpy as np
from skimage import segmentation as S
from skimage.filters import gaussian, threshold_otsu
from skimage.measure import label as sk_label
from skimage.morphology import local_maxima

from case import case, per_slice

REF = "skimage.segmentation."
LABELS = ("labels2d", "labels3d", "lx_sparse2d", "lx_sparse3d", "lx_points2d", "lx_points3d", "lx_touching2d")


def u32(fn):
    return lambda *a: np.asarray(fn(*a)).astype(np.uint32)


# relabel_sequential
for name in LABELS:
    case("relabel_sequential", name, name, u32(lambda a: S.relabel_sequential(a)[0]), {}, exact=True,
         ref=REF + "relabel_sequential")
for off in (5, 1000, 4294967000):
    case("relabel_sequential", f"sparse3d_offset{off}", "lx_sparse3d",
         u32(lambda a, off=off: S.relabel_sequential(a, offset=off)[0]), {"offset": off}, exact=True,
         ref=REF + "relabel_sequential")
case("relabel_sequential", "sparse3d_slices", "lx_sparse3d", per_slice(u32(lambda a: S.relabel_sequential(a)[0])),
     {}, slice_by_slice=True, exact=True, ref=REF + "relabel_sequential, per slice")

# clear_border
for name in LABELS:
    case("clear_border", name, name, u32(S.clear_border), {}, exact=True, ref=REF + "clear_border")
for name in ("labels2d", "lx_sparse3d", "lx_touching2d"):
    for buf, bg in ((1, 0), (3, 0), (0, 7), (2, 7), (6, 0)):
        case("clear_border", f"{name}_b{buf}_bg{bg}", name,
             u32(lambda a, buf=buf, bg=bg: S.clear_border(a, buffer_size=buf, bgval=bg)),
             {"buffer_size": buf, "bgval": bg}, exact=True, ref=REF + "clear_border")
case("clear_border", "labels3d_slices", "labels3d", per_slice(u32(S.clear_border)), {}, slice_by_slice=True,
     exact=True, ref=REF + "clear_border, per slice")

# expand_labels
for name, dists in (("lx_points2d", (0, 1, 2.5, 5, 100)), ("lx_points3d", (1.5, 3, 50)), ("labels2d", (1, 3)),
                    ("lx_sparse3d", (2,)), ("lx_touching2d", (1, 4)), ("labels3d", (2.5,))):
    for d in dists:
        case("expand_labels", f"{name}_d{d}", name, u32(lambda a, d=d: S.expand_labels(a, distance=d)),
             {"distance": d}, exact=True, ref=REF + "expand_labels")
case("expand_labels", "points3d_slices", "lx_points3d", per_slice(u32(lambda a: S.expand_labels(a, 4))),
     {"distance": 4}, slice_by_slice=True, exact=True, ref=REF + "expand_labels, per slice")

# find_boundaries
for name in ("labels2d", "labels3d", "lx_sparse3d", "lx_touching2d", "lx_points2d"):
    rank = 3 if name in ("labels3d", "lx_sparse3d") else 2
    for mode in ("thick", "inner", "outer"):
        for conn in range(1, rank + 1):
            case("find_boundaries", f"{name}_{mode}_c{conn}", name,
                 lambda a, mode=mode, conn=conn: S.find_boundaries(a, connectivity=conn, mode=mode),
                 {"mode": mode, "connectivity": conn}, exact=True, ref=REF + "find_boundaries")
for mode in ("thick", "inner", "outer"):
    case("find_boundaries", f"touching2d_bg9_{mode}", "lx_touching2d",
         lambda a, mode=mode: S.find_boundaries(a, mode=mode, background=9), {"mode": mode, "background": 9},
         exact=True, ref=REF + "find_boundaries")
case("find_boundaries", "labels3d_slices", "labels3d", per_slice(lambda a: S.find_boundaries(a, mode="outer")),
     {"mode": "outer"}, slice_by_slice=True, exact=True, ref=REF + "find_boundaries, per slice")


# remove_small_labels / remove_large_labels, with clesperanto's semantics written in numpy


def by_size(keep):
    def run(a):
        vals, counts = np.unique(a, return_counts=True)
        out = np.zeros(a.shape, np.uint32)
        k = 0
        for v, c in zip(vals, counts):
            if v != 0 and keep(c):
                k += 1
                out[a == v] = k
        return out
    return run


REF_SMALL = "pyclesperanto remove_small_labels: labels with < minimum_size pixels removed, the rest renumbered in order"
REF_LARGE = "pyclesperanto remove_large_labels: labels with > maximum_size pixels removed, the rest renumbered in order"
for name in ("labels2d", "labels3d", "lx_sparse2d", "lx_sparse3d", "lx_touching2d", "lx_points2d"):
    for s in (0, 9, 50, 100, 1e9):
        case("remove_small_labels", f"{name}_{s:g}", name, by_size(lambda c, s=s: c >= s), {"minimum_size": s},
             exact=True, ref=REF_SMALL)
        case("remove_large_labels", f"{name}_{s:g}", name, by_size(lambda c, s=s: c <= s), {"maximum_size": s},
             exact=True, ref=REF_LARGE)
case("remove_small_labels", "labels2d_default", "labels2d", by_size(lambda c: c >= 100), {}, exact=True, ref=REF_SMALL)
case("remove_large_labels", "labels2d_default", "labels2d", by_size(lambda c: c <= 100), {}, exact=True, ref=REF_LARGE)
case("remove_small_labels", "labels3d_slices", "labels3d", per_slice(by_size(lambda c: c >= 20)),
     {"minimum_size": 20}, slice_by_slice=True, exact=True, ref=REF_SMALL + ", per slice")
case("remove_large_labels", "labels3d_slices", "labels3d", per_slice(by_size(lambda c: c <= 20)),
     {"maximum_size": 20}, slice_by_slice=True, exact=True, ref=REF_LARGE + ", per slice")

# watershed
WS = (("lx_ws_dist2d", "lx_ws_markers2d", 2), ("lx_ws_quant2d", "lx_ws_seeds2d", 2), ("lx_ws_rand2d", "labels2d", 2),
      ("lx_ws_nan2d", "lx_ws_seeds2d", 2), ("lx_ws_dist3d", "lx_ws_markers3d", 3),
      ("lx_ws_quant3d", "lx_ws_seeds3d", 3), ("blobs3d", "labels3d", 3))
for img, mk, rank in WS:
    for conn in range(1, rank + 1):
        case("watershed", f"{img}_{mk}_c{conn}", [img, mk],
             u32(lambda a, m, conn=conn: S.watershed(a, m, connectivity=conn)), {"connectivity": conn},
             exact=True, ref=REF + "watershed")
case("watershed", "quant3d_slices", ["lx_ws_quant3d", "lx_ws_seeds3d"], per_slice(u32(S.watershed)), {},
     slice_by_slice=True, exact=True, ref=REF + "watershed, per slice")


MASKED = (("lx_ws_quant2d", "lx_ws_seeds2d", "lx_ws_mask2d", 2), ("lx_ws_dist2d", "lx_ws_markers2d", "lx_ws_mask2d", 2),
          ("lx_ws_nan2d", "lx_ws_seeds2d", "lx_ws_mask2d", 2), ("lx_ws_quant3d", "lx_ws_seeds3d", "lx_ws_mask3d", 3),
          ("lx_ws_dist3d", "lx_ws_markers3d", "blobs3d", 3))
for img, mk, msk, rank in MASKED:
    for conn in range(1, rank + 1):
        case("watershed_masked", f"{img}_{msk}_c{conn}", [img, mk, msk],
             u32(lambda a, m, k, conn=conn: S.watershed(a, m, connectivity=conn, mask=k != 0)),
             {"connectivity": conn}, exact=True, ref=REF + "watershed (mask=mask != 0)")
case("watershed_masked", "quant3d_slices", ["lx_ws_quant3d", "lx_ws_seeds3d", "lx_ws_mask3d"],
     per_slice(u32(lambda a, m, k: S.watershed(a, m, mask=k != 0))), {}, slice_by_slice=True, exact=True,
     ref=REF + "watershed (mask=mask != 0), per slice")


def voronoi_otsu(spot_sigma=2.0, outline_sigma=2.0):
    """napari-segment-blobs-and-things-with-membranes' voronoi_otsu_labeling."""
    def run(image):
        blurred_spots = gaussian(image, spot_sigma)
        spot_centroids = local_maxima(blurred_spots)
        blurred_outline = gaussian(image, outline_sigma)
        binary_otsu = blurred_outline > threshold_otsu(blurred_outline)
        labeled_spots = sk_label(spot_centroids * binary_otsu)
        return S.watershed(binary_otsu, labeled_spots, mask=binary_otsu).astype(np.uint32)
    return run


REF_V = ("voronoi_otsu_labeling of napari-segment-blobs-and-things-with-membranes (skimage gaussian, local_maxima, "
         "threshold_otsu, label, watershed)")
for name, pairs in (("cells2d", ((2, 2), (1, 1), (3, 1), (0.5, 2), (0, 0))), ("cells3d", ((2, 2), (1, 1.5))),
                    ("blobs2d", ((2, 2),)), ("lx_bimodal2d", ((1, 1),)), ("rand2d", ((1, 1),)),
                    ("rand3d", ((1, 1),)), ("const2d", ((2, 2),)), ("single_slice", ((1, 1),))):
    for s, o in pairs:
        case("voronoi_otsu_labeling", f"{name}_s{s}_o{o}", name, voronoi_otsu(s, o),
             {"spot_sigma": s, "outline_sigma": o}, exact=True, ref=REF_V)
case("voronoi_otsu_labeling", "cells3d_slices", "cells3d", per_slice(voronoi_otsu(2, 2)), {}, slice_by_slice=True,
     exact=True, ref=REF_V + ", per slice")
