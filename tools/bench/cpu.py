"""Time kernreg's CPU backend and scipy/scikit-image on the same inputs, in one run.

Run with Debian's /usr/bin/python3 (python3-scipy, python3-skimage): `make bench-cpu`.
Writes the inputs as .npy into a scratch directory, times each reference call (fastest of
up to 10 runs within --min-time), has `go run ./tools/bench` time the same operation
on the same file through the registry, and prints one table with the ratio
kernreg / reference (below 1.0: kernreg is faster). Both sides use all cores they can:
kernreg parallelises itself; scipy.ndimage is single-threaded.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy import ndimage as ndi
from skimage import filters

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def cells(shape, seed):
    """Nuclei-like blobs on a gradient background with shot noise, float32."""
    rng = np.random.default_rng(seed)
    img = np.zeros(shape, np.float32)
    n = int(np.prod(shape) / 4000)
    idx = tuple(rng.integers(0, s, n) for s in shape)
    img[idx] = rng.uniform(2e4, 6e4, n).astype(np.float32)
    img = ndi.gaussian_filter(img, 3.0)
    img += np.linspace(50, 150, shape[-1], dtype=np.float32)
    return rng.poisson(img).astype(np.float32)


# (id suffix, kernreg op, kernreg params, reference, input kind)
# Input kinds: "img" the cells image, "mask" its Otsu mask (0/1 float32).
OPS = [
    ("gaussian_filter_s2", "gaussian_filter", {"sigma": "2"}, lambda a: ndi.gaussian_filter(a, 2), "img"),
    ("uniform_filter_5", "uniform_filter", {"size": "5"}, lambda a: ndi.uniform_filter(a, 5), "img"),
    ("median_filter_3", "median_filter", {"size": "3"}, lambda a: ndi.median_filter(a, 3), "img"),
    ("median_filter_5", "median_filter", {"size": "5"}, lambda a: ndi.median_filter(a, 5), "img"),
    ("sobel", "sobel", {"axis": "-1"}, lambda a: ndi.sobel(a, -1), "img"),
    ("grey_erosion_5", "grey_erosion", {"size": "5"}, lambda a: ndi.grey_erosion(a, 5), "img"),
    ("label", "label", {}, lambda a: ndi.label(a)[0], "mask"),
    ("threshold_otsu", "threshold_otsu", {}, lambda a: a > filters.threshold_otsu(a), "img"),
    ("maximum_z_projection", "maximum_z_projection", {}, lambda a: a.max(axis=0), "img3"),
    ("zoom_x2_order1", "zoom", {"zoom": "2", "order": "1"}, lambda a: ndi.zoom(a, 2, order=1), "img"),
    ("zoom_x2_order3", "zoom", {"zoom": "2", "order": "3"}, lambda a: ndi.zoom(a, 2, order=3), "img"),
    ("distance_transform_edt", "distance_transform_edt", {}, lambda a: ndi.distance_transform_edt(a), "mask"),
]

SIZES = {"2d": (2048, 2048), "3d": (64, 512, 512)}


def best_time(fn, arg, min_time):
    best, total, runs = float("inf"), 0.0, 0
    while runs < 10 and (runs == 0 or total < min_time):
        t0 = time.perf_counter()
        fn(arg)
        dt = time.perf_counter() - t0
        best, total, runs = min(best, dt), total + dt, runs + 1
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-time", type=float, default=1.0, help="seconds to repeat each call for (default 1)")
    ap.add_argument("--only", default="", help="comma-separated op ids to run (default: all)")
    ap.add_argument("--sizes", default="2d,3d", help="2d, 3d or both (default 2d,3d)")
    ap.add_argument("--go", default="go", help="the go command")
    args = ap.parse_args()
    only = set(filter(None, args.only.split(",")))
    with tempfile.TemporaryDirectory(prefix="kernreg-bench-") as tmp:
        plan, refs = [], {}
        for size in args.sizes.split(","):
            img = cells(SIZES[size], seed=1)
            mask = (img > filters.threshold_otsu(img)).astype(np.float32)
            files = {"img": img, "mask": mask}
            for kind, arr in files.items():
                np.save(os.path.join(tmp, f"{kind}_{size}.npy"), arr)
            for sid, op, params, ref, kind in OPS:
                if only and sid not in only:
                    continue
                if kind == "img3":
                    if size == "2d":
                        continue  # a projection needs a stack
                    kind = "img"
                eid = f"{sid}@{size}"
                plan.append({"id": eid, "op": op, "input": os.path.join(tmp, f"{kind}_{size}.npy"), "params": params})
                refs[eid] = (ref, files[kind])
        plan_path = os.path.join(tmp, "plan.json")
        with open(plan_path, "w") as f:
            json.dump(plan, f)
        print(f"timing kernreg (go run ./tools/bench) on {len(plan)} entries ...", file=sys.stderr)
        out = subprocess.run([args.go, "run", "./tools/bench", "-plan", plan_path, "-min-time", f"{args.min_time}s"],
                             cwd=ROOT, check=True, capture_output=True, text=True)
        ours = {r["id"]: r for r in map(json.loads, out.stdout.splitlines())}
        print("timing scipy/scikit-image ...", file=sys.stderr)
        rows = []
        for e in plan:
            eid = e["id"]
            r = ours.get(eid, {"error": "no result"})
            if "error" in r:
                rows.append((eid, None, None, r["error"]))
                continue
            ref, arr = refs[eid]
            rows.append((eid, r["seconds"], best_time(ref, arr, args.min_time), ""))
    print(f"{'operation':34s} {'kernreg cpu':>12s} {'reference':>12s} {'ratio':>7s}")
    ratios = []
    for eid, ours_s, ref_s, err in rows:
        if err:
            print(f"{eid:34s} {'-':>12s} {'-':>12s} {'-':>7s}  ({err})")
            continue
        ratio = ours_s / ref_s
        ratios.append(ratio)
        print(f"{eid:34s} {ours_s * 1e3:10.1f}ms {ref_s * 1e3:10.1f}ms {ratio:7.2f}")
    if ratios:
        print(f"geometric mean ratio {np.exp(np.mean(np.log(ratios))):.2f} over {len(ratios)} entries; "
              f"{sum(r <= 1.0 for r in ratios)} at or below 1.0")


if __name__ == "__main__":
    main()
