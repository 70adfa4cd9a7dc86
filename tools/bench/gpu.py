"""Time kernreg's CUDA (or OpenCL) backend and CuPy's cupyx.scipy.ndimage on the same inputs.

Run on the GPU machine (python3 with numpy and cupy), with a bench binary built here:

    CGO_ENABLED=0 go build -o .device/bench ./tools/bench
    python3 tools/bench/gpu.py --bench .device/bench [--backend cuda]

For every operation it prints the device time (input already on the GPU: CUDA events
around the call for CuPy and for kernreg's cuda backend; for its opencl backend, the
host's time until the device is done), the streamed device time (10 calls queued back
to back between the events, divided by 10, so that each call's host work overlaps the
device's work on the one before) and the end-to-end time (host array in, host array
out, transfers included), the ratio kernreg / CuPy for each, and, for memory-bound
operations, the bandwidth the streamed time reaches as a share of the device's
measured device-to-device copy bandwidth.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cpu import cells  # noqa: E402  the same inputs as the CPU comparison

try:
    import cupy as cp
    from cupyx.scipy import ndimage as cndi
except ImportError as e:  # pragma: no cover - the GPU machine has CuPy
    sys.exit(f"gpu.py needs CuPy: {e}")


# (id, kernreg op, kernreg params, CuPy call, input kind, memory-bound)
OPS = [
    ("gaussian_filter_s2", "gaussian_filter", {"sigma": "2"}, lambda a: cndi.gaussian_filter(a, 2), "img", False),
    ("gaussian_filter_s10", "gaussian_filter", {"sigma": "10"}, lambda a: cndi.gaussian_filter(a, 10), "img", False),
    ("uniform_filter_5", "uniform_filter", {"size": "5"}, lambda a: cndi.uniform_filter(a, 5), "img", False),
    ("median_filter_3", "median_filter", {"size": "3"}, lambda a: cndi.median_filter(a, 3), "img", False),
    ("median_filter_5", "median_filter", {"size": "5"}, lambda a: cndi.median_filter(a, 5), "img", False),
    ("sobel", "sobel", {"axis": "-1"}, lambda a: cndi.sobel(a, -1), "img", False),
    ("grey_erosion_5", "grey_erosion", {"size": "5"}, lambda a: cndi.grey_erosion(a, 5), "img", False),
    ("label", "label", {}, lambda a: cndi.label(a)[0], "mask", False),
    ("zoom_x2", "zoom", {"zoom": "2", "order": "1"}, lambda a: cndi.zoom(a, 2, order=1), "img", False),
    ("zoom_x2_order3", "zoom", {"zoom": "2"}, lambda a: cndi.zoom(a, 2), "img", False),
    ("maximum_z_projection", "maximum_z_projection", {}, lambda a: a.max(axis=0), "img3", True),
    ("add_image_and_scalar", "add_image_and_scalar", {"scalar": "1"}, lambda a: a + 1, "img", True),
]

SIZES = {"2d": (2048, 2048), "3d": (64, 512, 512)}


STREAM_CALLS = 10  # as tools/bench's streamCalls


def device_time(fn, arg, reps, calls=1):
    """The fastest of reps timings of calls back-to-back calls, per call."""
    fn(arg)  # warm up (kernel compilation)
    cp.cuda.runtime.deviceSynchronize()
    start, stop = cp.cuda.Event(), cp.cuda.Event()
    best = float("inf")
    for _ in range(reps):
        start.record()
        for _ in range(calls):
            fn(arg)
        stop.record()
        stop.synchronize()
        best = min(best, cp.cuda.get_elapsed_time(start, stop) / 1e3 / calls)
    return best


def end_to_end(fn, host, reps):
    import time
    best = float("inf")
    cp.asnumpy(fn(cp.asarray(host)))
    for _ in range(reps):
        t0 = time.perf_counter()
        cp.asnumpy(fn(cp.asarray(host)))
        best = min(best, time.perf_counter() - t0)
    return best


def copy_bandwidth():
    """Device-to-device copy bandwidth in bytes/s (read + write), 1 GiB buffers."""
    n = 1 << 28
    a = cp.ones(n, cp.float32)
    b = cp.empty_like(a)
    t = device_time(lambda x: b.__setitem__(slice(None), x), a, 10)
    return 2 * a.nbytes / t


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", required=True, help="the bench binary (go build ./tools/bench)")
    ap.add_argument("--backend", default="cuda")
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--sizes", default="2d,3d")
    ap.add_argument("--ops", default="", help="comma-separated operation ids to run (default: all)")
    args = ap.parse_args()
    bw = copy_bandwidth()
    print(f"device {cp.cuda.runtime.getDeviceProperties(0)['name'].decode()}: copy bandwidth {bw / 1e9:.0f} GB/s (read+write)")
    with tempfile.TemporaryDirectory(prefix="kernreg-gpubench-") as tmp:
        plan, refs = [], {}
        for size in args.sizes.split(","):
            img = cells(SIZES[size], seed=1)
            mask = (img > np.percentile(img, 70)).astype(np.float32)
            files = {"img": img, "mask": mask}
            for kind, arr in files.items():
                np.save(os.path.join(tmp, f"{kind}_{size}.npy"), arr)
            for sid, op, params, ref, kind, membound in OPS:
                if args.ops and sid not in args.ops.split(","):
                    continue
                if kind == "img3":
                    if size == "2d":
                        continue
                    kind = "img"
                eid = f"{sid}@{size}"
                plan.append({"id": eid, "op": op, "input": os.path.join(tmp, f"{kind}_{size}.npy"), "params": params})
                refs[eid] = (ref, files[kind], membound)
        plan_path = os.path.join(tmp, "plan.json")
        with open(plan_path, "w") as f:
            json.dump(plan, f)
        out = subprocess.run([args.bench, "-plan", plan_path, "-backend", args.backend, "-min-time", "0.3s"],
                             check=True, capture_output=True, text=True)
        ours = {r["id"]: r for r in map(json.loads, out.stdout.splitlines())}
        print(f"{'operation':30s} {'kernreg dev':>11s} {'cupy dev':>9s} {'ratio':>6s} "
              f"{'kr stream':>9s} {'cp stream':>9s} {'ratio':>6s} "
              f"{'kernreg e2e':>11s} {'cupy e2e':>9s} {'ratio':>6s} {'bw%':>5s}")
        ratios, sratios = [], []
        for e in plan:
            eid = e["id"]
            ref, host, membound = refs[eid]
            r = ours.get(eid, {"error": "no result"})
            if "error" in r:
                print(f"{eid:30s} {'-':>11s}  ({r['error'][:90]})")
                continue
            dev = cp.asarray(host)
            cdev = device_time(ref, dev, args.reps)
            cstream = device_time(ref, dev, max(3, args.reps // 3), STREAM_CALLS)
            ce2e = end_to_end(ref, host, max(3, args.reps // 3))
            kdev, kstream, ke2e = r.get("device_seconds", 0), r.get("stream_seconds", 0), r["seconds"]
            bwp = ""
            if membound and kstream:
                out_bytes = host.nbytes // host.shape[0] if "projection" in eid else host.nbytes
                bwp = f"{100 * (host.nbytes + out_bytes) / kstream / bw:.0f}"
            ratios.append(kdev / cdev)
            sratios.append(kstream / cstream)
            print(f"{eid:30s} {kdev * 1e3:9.2f}ms {cdev * 1e3:7.2f}ms {kdev / cdev:6.2f} "
                  f"{kstream * 1e3:7.2f}ms {cstream * 1e3:7.2f}ms {kstream / cstream:6.2f} "
                  f"{ke2e * 1e3:9.1f}ms {ce2e * 1e3:7.1f}ms {ke2e / ce2e:6.2f} {bwp:>5s}")
        for name, rs in (("device-time", ratios), ("streamed device-time", sratios)):
            if rs:
                print(f"{name} ratio: geometric mean {np.exp(np.mean(np.log(rs))):.2f} over {len(rs)}; "
                      f"{sum(x <= 1.0 for x in rs)} at or below 1.0")


if __name__ == "__main__":
    main()
