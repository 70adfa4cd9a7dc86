#!/usr/bin/python3
"""Writes the .npy fixtures imageio's tests read: one per dtype and layout numpy produces.

Run from this directory with Debian's /usr/bin/python3. Every array holds the same values,
base = arange(12).reshape(3, 4) (3D fixtures: reshape(2, 3, 2)), so the Go test knows them.
"""
import numpy as np

base = np.arange(12).reshape(3, 4)
for name, dt in [("u1", "<u1"), ("u2", "<u2"), ("i1", "<i1"), ("i2", "<i2"), ("i4", "<i4"),
                 ("u4", "<u4"), ("f4", "<f4"), ("f8", "<f8"), ("f4be", ">f4"), ("i4be", ">i4"),
                 ("i8", "<i8"), ("u8", "<u8"), ("f2", "<f2")]:
    np.save(f"{name}.npy", base.astype(dt))
np.save("bool.npy", base % 2 == 1)
np.save("fortran.npy", np.asfortranarray(base.astype("<f4")))
np.save("fortran3d.npy", np.asfortranarray(np.arange(12).reshape(2, 3, 2).astype("<f4")))
np.save("c3d.npy", np.arange(12).reshape(2, 3, 2).astype("<f4"))
np.save("v2.npy", base.astype("<f4"))  # rewritten below with a version 2.0 header
with open("v2.npy", "wb") as f:
    np.lib.format.write_array(f, base.astype("<f4"), version=(2, 0))
np.save("complex.npy", base.astype(np.complex64))
np.save("onedim.npy", np.arange(5, dtype=np.float32))
np.save("fourdim.npy", np.zeros((1, 1, 2, 2), dtype=np.float32))
np.save("i4big.npy", np.array([[1 << 25, 1]], dtype="<i4"))
np.save("i8big.npy", np.array([[1, -(1 << 40)]], dtype="<i8"))
np.save("f2special.npy", np.array([[np.inf, -np.inf, 6.1035156e-05, 5.9604645e-08, -0.0, 65504.0]], dtype="<f2"))
