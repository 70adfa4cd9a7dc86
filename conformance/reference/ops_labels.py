"""Reference cases for connected-component labelling (kernels/cpu/label.go)."""
from scipy import ndimage as ndi

from case import case, per_slice

REF = "scipy.ndimage.label"


def label(conn):
    return lambda a: ndi.label(a, ndi.generate_binary_structure(a.ndim, conn))[0]


for name, rank in (("blobs2d", 2), ("blobs3d", 3)):
    for conn in range(1, rank + 1):
        case("label", f"{name}_c{conn}", name, label(conn), {"connectivity": conn}, exact=True, ref=REF)
case("label", "blobs2d_default", "blobs2d", lambda a: ndi.label(a)[0], {}, exact=True, ref=REF)
case("label", "blobs3d_slices_c2", "blobs3d", per_slice(label(2)), {"connectivity": 2}, slice_by_slice=True,
     exact=True, ref=REF + " (per slice: labels restart on every slice)")
for name in ("one1x1", "row1xn", "col", "single_slice", "const2d", "nan2d", "signed2d", "rand3d"):
    case("label", name, name, label(1), {}, exact=True, ref=REF)
