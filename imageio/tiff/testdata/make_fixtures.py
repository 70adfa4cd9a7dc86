#!/usr/bin/python3
"""Writes the TIFF fixtures imageio/tiff's tests read, made by tools other than kernreg.

Run from this directory with Debian's /usr/bin/python3 (python3-tifffile, numpy) and
libtiff's tiffcp on PATH (Debian: libtiff-tools). tifffile writes the base files and the
metadata flavours (OME-XML, ImageJ, RGB); tiffcp re-encodes them with libtiff's codecs,
tiling, BigTIFF and byte orders. Deterministic: rerunning gives identical files.

Every fixture holds value(dtype, z, y, x) below, mirrored by fixtureValue in
fixtures_test.go, so the Go test knows the expected pixels without another file.
"""
import os
import re
import struct
import subprocess

import numpy as np
import tifffile

Z, Y, X = 3, 20, 24  # not multiples of 16, so 16x16 tiles are cut at the edges


def value(dtype, shape=(Z, Y, X)):
    z, y, x = np.indices(shape, dtype=np.int64)
    k = z * 1000 + y * 37 + x * 3
    return {
        "u8": k % 251,
        "i8": k % 251 - 125,
        "u16": k * 7 % 65521,
        "i16": k * 7 % 65521 - 32760,
        "u32": k * 100003 % 4294967291,
        "i32": k * 100003 % 4294967291 - 2147483648,
        "f32": k / 8 - 50,
        "f64": k / 1024 - 3.5,
    }[dtype].astype({"u8": "u1", "i8": "i1", "u16": "u2", "i16": "i2", "u32": "u4",
                     "i32": "i4", "f32": "f4", "f64": "f8"}[dtype])


def write(name, data, **kw):
    # Without photometric, tifffile would store a 3 x Y x X array as one RGB page.
    kw.setdefault("photometric", "minisblack")
    tifffile.imwrite(name, data, software="make_fixtures.py", **kw)


def fix_uuid(path):
    """Replaces tifffile's random OME UUID by a fixed one of the same length."""
    b = open(path, "rb").read()
    b = re.sub(rb"urn:uuid:[0-9a-f-]{36}", b"urn:uuid:00000000-0000-0000-0000-000000000000", b)
    open(path, "wb").write(b)


def tiffcp(src, dst, *args):
    subprocess.run(["tiffcp", *args, src, dst], check=True)


def patch_compression(path, old, new):
    """Rewrites the Compression tag of every IFD of a little-endian classic TIFF."""
    b = bytearray(open(path, "rb").read())
    assert b[:4] == b"II*\0"
    off = struct.unpack_from("<I", b, 4)[0]
    while off:
        n = struct.unpack_from("<H", b, off)[0]
        for i in range(n):
            e = off + 2 + 12 * i
            tag, typ, count, val = struct.unpack_from("<HHIH", b, e)
            if tag == 259:
                assert val == old
                struct.pack_into("<H", b, e + 8, new)
        off = struct.unpack_from("<I", b, off + 2 + 12 * n)[0]
    open(path, "wb").write(bytes(b))


def main():
    for dt in ["u8", "i8", "u16", "i16", "u32", "i32", "f32", "f64"]:
        write(f"{dt}.tif", value(dt))
    write("f32_be.tif", value("f32"), byteorder=">")
    write("u16_bigtiff.tif", value("u16"), bigtiff=True)
    write("u16_zlib_pred.tif", value("u16"), compression="zlib", predictor=True)
    write("plane.tif", value("u16")[1])

    # OME-XML: a Z stack with pixel sizes, and a 5D T x C x Z stack.
    write("u16_ome.tif", value("u16"), ome=True, metadata={
        "axes": "ZYX", "PhysicalSizeX": 0.65, "PhysicalSizeXUnit": "µm",
        "PhysicalSizeY": 0.7, "PhysicalSizeYUnit": "µm",
        "PhysicalSizeZ": 2.0, "PhysicalSizeZUnit": "µm"})
    write("u8_ome_tczyx.tif", value("u8", (2 * 2 * 3, Y, X)).reshape(2, 2, 3, Y, X), ome=True,
          metadata={"axes": "TCZYX", "Channel": {"Name": ["DAPI", "GFP"]}})
    fix_uuid("u16_ome.tif")
    fix_uuid("u8_ome_tczyx.tif")
    # ImageJ hyperstack: 3 slices x 2 channels, 0.5 µm pixels, 2.5 µm spacing.
    write("u8_imagej.tif", value("u8", (3 * 2, Y, X)).reshape(3, 2, Y, X), imagej=True,
          resolution=(2.0, 2.0), metadata={"axes": "ZCYX", "spacing": 2.5, "unit": "um"})
    # ImageJ's layout for stacks over 4 GiB: one IFD, the planes back to back after it.
    write("u16_imagej_contiguous.tif", value("u16"), imagej=True, truncate=True, metadata={"axes": "ZYX"})
    # RGB, samples interleaved and planar.
    rgb = value("u8", (3, Y, X))
    write("rgb.tif", np.moveaxis(rgb, 0, -1), photometric="rgb")
    write("rgb_planar.tif", rgb, photometric="rgb", planarconfig="separate")
    rgbf = value("f32", (3, Y, X))
    write("rgbf.tif", np.moveaxis(rgbf, 0, -1), photometric="rgb")
    write("rgbf_planar.tif", rgbf, photometric="rgb", planarconfig="separate")

    # libtiff's codecs, layouts and byte orders.
    for dst, src, args in [
        ("u8_packbits.tif", "u8.tif", ["-c", "packbits"]),
        ("u16_lzw.tif", "u16.tif", ["-c", "lzw"]),
        ("u16_lzw_pred2.tif", "u16.tif", ["-c", "lzw:2"]),
        ("u16_zip.tif", "u16.tif", ["-c", "zip"]),
        ("u16_packbits.tif", "u16.tif", ["-c", "packbits"]),
        ("u16_rows1.tif", "u16.tif", ["-r", "1"]),
        ("u16_tiles_zip_pred2.tif", "u16.tif", ["-t", "-w", "16", "-l", "16", "-c", "zip:2"]),
        ("u16_tiles_bigtiff_be_lzw.tif", "u16.tif", ["-t", "-w", "16", "-l", "16", "-8", "-B", "-c", "lzw:2"]),
        ("i16_lzw_pred2.tif", "i16.tif", ["-c", "lzw:2"]),
        ("u32_zip_pred2_be.tif", "u32.tif", ["-B", "-c", "zip:2"]),
        ("i32_lzw.tif", "i32.tif", ["-c", "lzw"]),
        ("i8_zip.tif", "i8.tif", ["-c", "zip"]),
        ("f32_lzw.tif", "f32.tif", ["-c", "lzw"]),
        ("f32_lzw_pred3.tif", "f32.tif", ["-c", "lzw:3"]),
        ("f32_lzw_pred2_be.tif", "f32.tif", ["-B", "-c", "lzw:2"]),
        ("f32_zip_pred2.tif", "f32.tif", ["-c", "zip:2"]),
        ("f32_tiles_pred3_bigtiff.tif", "f32.tif", ["-t", "-w", "16", "-l", "16", "-8", "-c", "zip:3"]),
        ("f64_zip_pred3.tif", "f64.tif", ["-c", "zip:3"]),
        ("rgb_lzw_pred2.tif", "rgb.tif", ["-c", "lzw:2"]),
        ("rgb_planar_tiles.tif", "rgb_planar.tif", ["-t", "-w", "16", "-l", "16", "-c", "packbits"]),
        ("rgbf_tiles_pred3.tif", "rgbf.tif", ["-t", "-w", "16", "-l", "16", "-c", "zip:3"]),
        ("rgbf_planar_pred3.tif", "rgbf_planar.tif", ["-c", "zip:3"]),
        # Not made: libtiff 4.5.0's tiffcp writes corrupt data (its own reader disagrees)
        # for the floating-point predictor with -B, and with -t on separate planes.
    ]:
        tiffcp(src, dst, *args)
    tiffcp("u16.tif", "u16_deflate32946.tif", "-c", "zip")
    patch_compression("u16_deflate32946.tif", 8, 32946)


if __name__ == "__main__":
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    main()
