"""The shared inputs of the conformance suite, made deterministically.

Sizes are odd and prime on purpose (a kernel that assumes square images or multiples of a
work-group size fails here), small enough to keep the committed data under a few MB.
"""
import numpy as np
from scipy import ndimage as ndi
from skimage import data as skdata
from skimage import measure


def cells(shape, seed, n=14):
    """A synthetic fluorescence stack: blurred round nuclei of varying brightness on an
    uneven background, with Poisson shot noise. float32 counts in about [0, 1200]."""
    rng = np.random.default_rng(seed)
    zz, yy, xx = np.indices(shape, dtype=np.float64)
    img = np.zeros(shape)
    for _ in range(n):
        cz, cy, cx = (rng.uniform(0, s) for s in shape)
        r = rng.uniform(3.0, 6.0)
        d2 = ((zz - cz) * 2.0) ** 2 + (yy - cy) ** 2 + (xx - cx) ** 2
        img += rng.uniform(300, 800) * (d2 < r * r)
    img = ndi.gaussian_filter(img, (1.0, 1.5, 1.5))
    img += 60 + 40 * xx / shape[2] + 20 * yy / shape[1]
    return rng.poisson(img).astype(np.float32)


def all_inputs():
    rng = np.random.default_rng(20261125)
    ins = {}
    ins["rand2d"] = rng.random((31, 43), dtype=np.float32)
    ins["rand2d_b"] = rng.random((31, 43), dtype=np.float32)
    ins["rand3d"] = rng.random((5, 17, 23), dtype=np.float32)
    ins["rand3d_b"] = rng.random((5, 17, 23), dtype=np.float32)
    ins["signed2d"] = (rng.standard_normal((29, 37)) * 10).astype(np.float32)
    ins["cells3d"] = cells((9, 53, 47), seed=7)
    ins["cells2d"] = ins["cells3d"].max(axis=0)
    ins["blobs2d"] = skdata.binary_blobs(61, blob_size_fraction=0.2, volume_fraction=0.4, seed=3).astype(np.float32)
    ins["blobs3d"] = skdata.binary_blobs(29, blob_size_fraction=0.25, n_dim=3, volume_fraction=0.35, seed=5)[:7].astype(np.float32)
    ins["labels2d"] = measure.label(ins["blobs2d"] > 0).astype(np.uint32)
    ins["labels3d"] = measure.label(ins["blobs3d"] > 0).astype(np.uint32)
    ins["one1x1"] = np.array([[3.5]], dtype=np.float32)
    ins["row1xn"] = rng.random((1, 19), dtype=np.float32)
    ins["col"] = rng.random((13, 1), dtype=np.float32)
    ins["single_slice"] = rng.random((1, 11, 13), dtype=np.float32)
    ins["const2d"] = np.full((16, 16), 5.0, dtype=np.float32)
    ins["const3d"] = np.full((3, 8, 9), 2.0, dtype=np.float32)
    nan2d = rng.random((9, 11), dtype=np.float32)
    nan2d[2, 3] = np.nan
    nan2d[7, 0] = np.nan
    ins["nan2d"] = nan2d
    # elementwise_extra / background / restoration (kernels/cpu/elementwise_extra.go,
    # background.go, restoration.go, fft.go, projection_extra.go)
    rng_ew = np.random.default_rng(4242)
    special = np.array([np.nan, np.inf, -np.inf, -0.0, 0.0, 1.0, -1.0, 2.0, -2.5, 1e-45, -1e-45,
                        3.4028235e38, -3.4028235e38, 0.5, 3.0, 7.0], dtype=np.float32)
    for name, shape in (("ew_int2d", (23, 29)), ("ew_int3d", (4, 11, 13))):
        for suffix in ("_a", "_b"):
            a = rng_ew.integers(-1, 3, shape).astype(np.float32)
            flat = a.reshape(-1)
            pos = rng_ew.choice(flat.size, special.size, replace=False)
            flat[pos] = special
            ins[name + suffix] = a
    ins["ew_special"] = np.stack([special, special[::-1]])
    ins["ew_img61"] = rng_ew.random((61, 61), dtype=np.float32)
    ins["ew_img3d_29"] = rng_ew.random((7, 29, 29), dtype=np.float32)
    ins["unit2d"] = ins["cells2d"] / np.float32(1300)
    ins["unit3d"] = ins["cells3d"] / np.float32(1300)
    ramp = np.add.outer(np.arange(40), np.arange(50)).astype(np.float32) * np.float32(0.25)
    ins["bg2d"] = ramp + (rng_ew.random((40, 50), dtype=np.float32) * 3).astype(np.float32)
    ins["bg2d"][10:14, 20:26] += 40
    # morphology_extra (kernels/cpu/footprint.go, regions.go, reconstruct.go, skeleton.go,
    # distance.go): masks with holes and small parts, propagation seeds, reconstruction
    # seeds, plateaus
    rng_mx = np.random.default_rng(7781)
    ins["holes2d"] = (ndi.uniform_filter(rng_mx.random((67, 71)), 5) > 0.5).astype(np.float32)
    ins["holes3d"] = (ndi.uniform_filter(rng_mx.random((9, 31, 37)), 3) > 0.5).astype(np.float32)
    ins["seeds2d"] = (rng_mx.random((61, 61)) > 0.995).astype(np.float32)
    ins["seeds3d"] = (rng_mx.random((7, 29, 29)) > 0.997).astype(np.float32)
    ins["cells2d_seed"] = np.maximum(ins["cells2d"] - 200, ins["cells2d"].min())
    ins["cells2d_seed_hi"] = ins["cells2d"] + np.float32(150)
    fillseed = ins["cells2d"].copy()
    fillseed[1:-1, 1:-1] = ins["cells2d"].max()
    ins["cells2d_fillseed"] = fillseed
    ins["cells3d_seed"] = np.maximum(ins["cells3d"] - 250, ins["cells3d"].min())
    ins["plateaus2d"] = rng_mx.integers(0, 4, (23, 29)).astype(np.float32)
    ins["plateaus3d"] = rng_mx.integers(0, 3, (5, 13, 17)).astype(np.float32)
    # thresholds_extra / labels_extra / watershed (kernels/cpu/thresholds_extra.go,
    # threshold_local.go, labels_extra.go, watershed.go): a bimodal image, sparse and
    # touching label images, seed points with exact distance ties, watershed landscapes
    # with plateaus, markers and masks
    rng_lx = np.random.default_rng(90417)
    bimodal = np.where(rng_lx.random((47, 53)) < 0.35, rng_lx.normal(30, 4, (47, 53)), rng_lx.normal(70, 8, (47, 53)))
    ins["lx_bimodal2d"] = bimodal.astype(np.float32)
    lab2 = ins["labels2d"]
    vals = rng_lx.permutation(np.arange(1, lab2.max() + 1)) * 7919 + 3
    ins["lx_sparse2d"] = np.where(lab2 > 0, vals[np.maximum(lab2, 1) - 1], 0).astype(np.uint32)
    lab3 = ins["labels3d"]
    vals3 = (rng_lx.permutation(np.arange(1, lab3.max() + 1)) * 104729 + 17) % 4000000000
    ins["lx_sparse3d"] = np.where(lab3 > 0, vals3[np.maximum(lab3, 1) - 1], 0).astype(np.uint32)
    pts2 = np.zeros((41, 47), np.uint32)
    for k, (y, x) in enumerate([(5, 5), (5, 15), (20, 10), (30, 40), (12, 30), (36, 8), (0, 46), (40, 0), (20, 30)]):
        pts2[y, x] = [3, 9, 4, 1, 12, 7, 2, 5, 30][k]
    pts2[24:27, 20:23] = 6
    ins["lx_points2d"] = pts2
    pts3 = np.zeros((9, 21, 23), np.uint32)
    for k, (z, y, x) in enumerate([(0, 0, 0), (4, 10, 11), (8, 20, 22), (4, 2, 20), (2, 15, 3), (6, 4, 4)]):
        pts3[z, y, x] = k + 1
    ins["lx_points3d"] = pts3
    _, (iy, ix) = ndi.distance_transform_edt(pts2 == 0, return_indices=True)
    touch = pts2[iy, ix].copy()
    touch[(np.arange(41)[:, None] + np.arange(47)[None, :]) % 11 == 0] = 0
    ins["lx_touching2d"] = touch
    ws = -ndi.distance_transform_edt(ins["blobs2d"] > 0)
    ins["lx_ws_dist2d"] = ws.astype(np.float32)
    ins["lx_ws_markers2d"] = measure.label(ws <= -3.0).astype(np.uint32) * np.uint32(5)
    ws3 = -ndi.distance_transform_edt(ins["blobs3d"] > 0)
    ins["lx_ws_dist3d"] = ws3.astype(np.float32)
    ins["lx_ws_markers3d"] = measure.label(ws3 <= -2.0).astype(np.uint32)
    ins["lx_ws_rand2d"] = rng_lx.random((61, 61), dtype=np.float32)
    ins["lx_ws_quant2d"] = np.floor(rng_lx.random((61, 61)) * 4).astype(np.float32)
    ins["lx_ws_quant3d"] = np.floor(rng_lx.random((7, 29, 29)) * 3).astype(np.float32)
    ins["lx_ws_mask2d"] = (ndi.uniform_filter(rng_lx.random((61, 61)), 5) > 0.47).astype(np.float32)
    ins["lx_ws_mask3d"] = (ndi.uniform_filter(rng_lx.random((7, 29, 29)), 3) > 0.45).astype(np.float32)
    mk = np.zeros((61, 61), np.uint32)
    mk[rng_lx.integers(0, 61, 25), rng_lx.integers(0, 61, 25)] = rng_lx.integers(1, 9, 25).astype(np.uint32)
    ins["lx_ws_seeds2d"] = mk
    mk3 = np.zeros((7, 29, 29), np.uint32)
    mk3[rng_lx.integers(0, 7, 20), rng_lx.integers(0, 29, 20), rng_lx.integers(0, 29, 20)] = np.arange(1, 21, dtype=np.uint32)
    ins["lx_ws_seeds3d"] = mk3
    wsn = ins["lx_ws_quant2d"].copy()
    wsn[rng_lx.integers(0, 61, 40), rng_lx.integers(0, 61, 40)] = np.nan
    ins["lx_ws_nan2d"] = wsn
    # transforms / intensity (kernels/cpu/transform.go, resize.go, reshape.go, intensity.go,
    # clahe.go): a tiny image for every order x mode, a natural image in [0, 1], a tiny stack
    rng_tr = np.random.default_rng(61733)
    ins["tr_small2d"] = rng_tr.random((9, 11), dtype=np.float32)
    ins["tr_small3d"] = rng_tr.random((4, 7, 6), dtype=np.float32)
    ins["tr_camera2d"] = (skdata.camera()[3::8, 5::7] / np.float32(255)).astype(np.float32)
    ins["tr_signed_unit2d"] = (rng_tr.random((23, 31), dtype=np.float32) * 2 - 1).astype(np.float32)
    # filters_extra (kernels/cpu/rank.go, correlate.go, filters1d.go, gaussian_orders.go,
    # filters_extra.go, hessian.go, ridges.go): line-like structures for the ridge filters,
    # an integer image for rank ties
    rng_fx = np.random.default_rng(5150)
    for name, shape, n in (("fx_vessels2d", (67, 73), 6), ("fx_vessels3d", (9, 27, 29), 5)):
        grid = np.indices(shape, dtype=np.float64)
        img = np.zeros(shape)
        for _ in range(n):
            p0 = np.array([rng_fx.uniform(0, s) for s in shape])
            d = rng_fx.standard_normal(len(shape))
            d /= np.linalg.norm(d)
            v = grid - p0.reshape((-1,) + (1,) * len(shape))
            proj = np.tensordot(d, v, axes=1)
            dist2 = (v * v).sum(axis=0) - proj * proj
            img += rng_fx.uniform(0.5, 1.0) * np.exp(-dist2 / (2 * rng_fx.uniform(0.8, 3.0) ** 2))
        ins[name] = (img + 0.05 * rng_fx.standard_normal(shape)).astype(np.float32)
    ins["fx_int2d"] = rng_fx.integers(0, 6, (23, 29)).astype(np.float32)
    ins["fx_cells3d"] = np.ascontiguousarray(ins["cells3d"][2:8, 10:35, 5:30])
    return ins
