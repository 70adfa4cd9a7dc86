#!/usr/bin/python3
"""Expected outputs of measure.Regions: skimage.measure.regionprops_table.

Run with Debian's interpreter (scikit-image 0.19, numpy 1.24) from the repository root:

    /usr/bin/python3 measure/testdata/make_measure.py [--check]

It writes CASE_labels.npy (uint32), CASE_intensity.npy (float32, where the case has
one) and CASE.csv (regionprops_table with label, area, centroid, bbox and, with an
intensity image, intensity_mean/min/max; floats written with repr, so they read back
exactly). Output is byte-identical from run to run; --check exits 1 if a committed file
differs.
"""
import argparse
import io
import os
import sys

import numpy as np
from scipy import ndimage as ndi
from skimage.measure import regionprops_table

HERE = os.path.dirname(os.path.abspath(__file__))
PROPS = ("label", "area", "centroid", "bbox")
IPROPS = ("intensity_mean", "intensity_min", "intensity_max")


def blobs(rng, shape, size, frac):
    smooth = ndi.uniform_filter(rng.random(shape), size)
    return ndi.label(smooth > np.quantile(smooth, 1 - frac))[0]


def cases():
    rng = np.random.default_rng(6021)
    out = {}
    # 2D: sparse label values, intensities of mixed sign and magnitude, a NaN in one
    # region and an infinity in another.
    lab = blobs(rng, (64, 80), 5, 0.45)
    lab = np.where(lab > 0, lab * 13 + 2, 0).astype(np.uint32)
    inten = (rng.standard_normal((64, 80)) * 300 + 40).astype(np.float32)
    ys, xs = np.nonzero(lab == lab.max())
    inten[ys[0], xs[0]] = np.nan
    ys, xs = np.nonzero(lab == np.unique(lab)[1])
    inten[ys[-1], xs[-1]] = np.inf
    out["plane"] = (lab, inten)
    # 3D with a label far beyond the pixel count (the sparse lookup in Go; skimage
    # allocates a list as long as the largest label, so not 2^32).
    lab3 = blobs(rng, (12, 40, 36), 3, 0.4).astype(np.uint32)
    lab3[lab3 == 3] = 400000
    out["volume"] = (lab3, (rng.random((12, 40, 36)) * 1000).astype(np.float32))
    # One region larger than numpy's 8192-element reduction block, values whose float32
    # sum depends on the summation order.
    big = np.zeros((128, 96), np.uint32)
    big[:, :90] = 1
    big[100:, 91:] = 7
    vals = (rng.random((128, 96)) * 1e4 + 1e3).astype(np.float32)
    out["bigregion"] = (big, vals)
    # Labels only, no intensity; a volume of one slice.
    out["labelsonly"] = (blobs(rng, (1, 30, 41), 3, 0.5).astype(np.uint32), None)
    return out


def npy_bytes(a):
    b = io.BytesIO()
    np.save(b, np.ascontiguousarray(a), allow_pickle=False)
    return b.getvalue()


def csv_bytes(lab, inten):
    props = PROPS + (IPROPS if inten is not None else ())
    with np.errstate(invalid="ignore"):  # skimage multiplies an infinity by a 0 mask
        t = regionprops_table(lab, inten, properties=props)
    cols = list(t)
    lines = [",".join(cols)]
    for i in range(len(t["label"])):
        cells = []
        for c in cols:
            v = t[c][i]
            if np.issubdtype(np.asarray(v).dtype, np.integer):
                cells.append(str(int(v)))
            else:
                cells.append(repr(float(v)))
        lines.append(",".join(cells))
    return ("\n".join(lines) + "\n").encode()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the committed files are stale")
    args = ap.parse_args()
    files = {}
    for name, (lab, inten) in cases().items():
        files[name + "_labels.npy"] = npy_bytes(lab)
        if inten is not None:
            files[name + "_intensity.npy"] = npy_bytes(inten)
        files[name + ".csv"] = csv_bytes(lab, inten)
    stale = []
    for fn, data in sorted(files.items()):
        path = os.path.join(HERE, fn)
        old = open(path, "rb").read() if os.path.exists(path) else None
        if old != data:
            stale.append(fn)
            if not args.check:
                with open(path, "wb") as f:
                    f.write(data)
    if args.check and stale:
        print("stale measure test data: " + ", ".join(stale), file=sys.stderr)
        sys.exit(1)
    print(f"{len(files)} files, {len(stale)} {'stale' if args.check else 'written'}")


if __name__ == "__main__":
    main()
