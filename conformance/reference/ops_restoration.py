"""Reference cases for restoration and FFT convolution (kernels/cpu/restoration.go,
kernels/cpu/fft.go).

The kernels compute in float64 and round once, so the references run the libraries in
float64 too (skimage and scipy would otherwise compute in float32, less accurately than
the kernels); the tolerances admit float32 rounding and the difference between direct and
FFT convolution, amplified a little by the iterations.

- richardson_lucy: skimage.restoration.richardson_lucy with the Gaussian PSF built here as
  the kernel documents it (outer product of exp(-x²/2s²) samples, normalised).
- denoise_tv_chambolle: skimage.restoration.denoise_tv_chambolle, channel_axis=None.
- fft_convolve: scipy.signal.fftconvolve(image, kernel, mode='same') with the Gaussian
  kernel of gaussian_filter (per-axis radius int(truncate*sigma + 0.5)).
"""
import numpy as np
from scipy import signal
from skimage import restoration

from case import case


def f64(a):
    return a.astype(np.float64)


def psf_1d(s, size):
    r = (size - 1) // 2
    x = np.arange(size, dtype=np.float64) - r
    if s == 0:
        return (x == 0).astype(np.float64)
    return np.exp(-x * x / (2 * s * s))


def gaussian_psf(ndim, sigma, size):
    sigma = [sigma] * ndim if np.isscalar(sigma) else sigma
    size = [size] * ndim if np.isscalar(size) else size
    psf = np.ones([1] * ndim)
    for axis in range(ndim):
        shape = [1] * ndim
        shape[axis] = size[axis]
        psf = psf * psf_1d(sigma[axis], size[axis]).reshape(shape)
    return psf / psf.sum()


def rl(a, sigma=1.0, size=5, num_iter=50, clip=True, eps=None):
    psf = gaussian_psf(a.ndim, sigma, size)
    with np.errstate(all="ignore"):
        return restoration.richardson_lucy(f64(a), psf, num_iter=num_iter, clip=clip, filter_epsilon=eps)


RL = "skimage.restoration.richardson_lucy"
RLS = [
    ("unit2d", dict(sigma=1.5, size=7, num_iter=10)),
    ("unit2d", dict(sigma=2.0, size=9, num_iter=20, clip=False)),
    ("unit2d", dict(sigma=[1.0, 3.0], size=[5, 13], num_iter=5)),
    ("unit2d", dict(sigma=6.0, size=51, num_iter=5)),  # long PSF: the FFT path
    ("rand2d", dict(sigma=1.0, size=3, num_iter=3)),
    ("cells2d", dict(sigma=1.0, size=5, num_iter=4, clip=False)),
    ("cells2d", dict(sigma=1.0, size=5, num_iter=4)),  # clipped to 1
    ("blobs2d", dict(sigma=1.0, size=5, num_iter=10, eps=1e-3)),
    ("blobs2d", dict(sigma=1.5, size=7, num_iter=6, clip=False)),
    ("unit3d", dict(sigma=[0.7, 1.5, 1.5], size=[3, 7, 7], num_iter=8)),
    ("unit3d", dict(sigma=1.0, size=5, num_iter=3, clip=False, eps=0.05)),
    ("rand3d", dict(sigma=[0.0, 1.0, 2.0], size=[1, 5, 9], num_iter=5)),
    ("one1x1", dict(sigma=1.0, size=3, num_iter=5, clip=False)),
    ("row1xn", dict(sigma=1.0, size=5, num_iter=5)),
    ("const2d", dict(sigma=1.0, size=5, num_iter=5, clip=False)),
    ("unit2d", dict(num_iter=0)),
]
for i, (inp, kw) in enumerate(RLS):
    params = {}
    if "sigma" in kw:
        params["psf_sigma"] = kw["sigma"]
    if "size" in kw:
        params["psf_size"] = kw["size"]
    params["num_iter"] = kw.get("num_iter", 50)
    if "clip" in kw:
        params["clip"] = kw["clip"]
    if "eps" in kw:
        params["filter_epsilon"] = kw["eps"]
    case("richardson_lucy", f"{inp}_{i}", inp, lambda a, kw=kw: rl(a, **kw), params, atol=2e-6, rtol=1e-5, ref=RL)
case("richardson_lucy", "default", "unit2d", rl, atol=2e-6, rtol=1e-5, ref=RL)
case("richardson_lucy", "unit3d_slices", "unit3d",
     lambda a: np.stack([rl(s, 1.0, 5, 5) for s in a]), {"num_iter": 5}, slice_by_slice=True,
     atol=2e-6, rtol=1e-5, ref=RL + " (per slice)")


def tv(a, weight=0.1, eps=2e-4, max_num_iter=200):
    out = restoration.denoise_tv_chambolle(f64(a), weight=weight, eps=eps, max_num_iter=max_num_iter,
                                           channel_axis=None)
    # NaN's sign bit depends on numpy's code path (SIMD or not, which depends on alignment),
    # so the stored bytes would change from run to run: store one NaN.
    return np.where(np.isnan(out), np.nan, out)


TV = "skimage.restoration.denoise_tv_chambolle"
TVS = [
    ("unit2d", dict()),
    ("unit2d", dict(weight=0.3, eps=1e-5, max_num_iter=50)),
    ("rand2d", dict(weight=0.05)),
    ("rand2d", dict(weight=1.0, eps=0.0, max_num_iter=30)),
    ("cells2d", dict(weight=50.0, max_num_iter=40)),
    ("signed2d", dict(weight=2.0)),
    ("blobs2d", dict(weight=0.2, max_num_iter=25)),
    ("unit3d", dict(weight=0.1)),
    ("rand3d", dict(weight=0.2, max_num_iter=60)),
    ("single_slice", dict(weight=0.1)),
    ("const2d", dict(weight=0.1, max_num_iter=10)),
    ("one1x1", dict(max_num_iter=5)),
    ("row1xn", dict(weight=0.05)),
    ("col", dict(weight=0.05)),
    ("rand2d", dict(max_num_iter=1)),
]
for i, (inp, kw) in enumerate(TVS):
    case("denoise_tv_chambolle", f"{inp}_{i}", inp, lambda a, kw=kw: tv(a, **kw), kw, atol=2e-6, rtol=1e-5, ref=TV)
case("denoise_tv_chambolle", "nan2d", "nan2d", tv, {}, atol=2e-6, rtol=1e-5, ref=TV)
case("denoise_tv_chambolle", "rand3d_slices", "rand3d", lambda a: np.stack([tv(s, 0.2) for s in a]),
     {"weight": 0.2}, slice_by_slice=True, atol=2e-6, rtol=1e-5, ref=TV + " (per slice)")


def gauss_1d(s, truncate):
    r = int(truncate * s + 0.5)
    x = np.arange(-r, r + 1, dtype=np.float64)
    w = np.exp(-0.5 * x * x / (s * s))
    return w / w.sum()


def fftconv(a, sigma=1.0, truncate=4.0):
    sigma = [sigma] * a.ndim if np.isscalar(sigma) else sigma
    k = np.ones([1] * a.ndim)
    for axis, s in enumerate(sigma):
        if s > 0:
            shape = [1] * a.ndim
            w = gauss_1d(s, truncate)
            shape[axis] = w.size
            k = k * w.reshape(shape)
    return signal.fftconvolve(f64(a), k, mode="same")


FC = "scipy.signal.fftconvolve(image,gaussian_kernel,mode='same')"
FCS = [("rand2d", 1.0, 4.0), ("rand2d", 3.0, 4.0), ("rand2d", [0.0, 2.5], 3.0), ("cells2d", 2.0, 4.0),
       ("cells2d", 15.0, 4.0), ("signed2d", 0.5, 4.0), ("rand3d", 1.0, 4.0), ("cells3d", [1.0, 2.0, 0.0], 4.0),
       ("cells3d", 4.0, 2.0), ("one1x1", 2.0, 4.0), ("row1xn", 1.5, 4.0), ("col", 30.0, 4.0),
       ("single_slice", 1.0, 4.0), ("const3d", 1.0, 4.0), ("rand2d", 0.0, 4.0), ("unit2d", 1.0, 0.0)]
for i, (inp, s, t) in enumerate(FCS):
    case("fft_convolve", f"{inp}_{i}", inp, lambda a, s=s, t=t: fftconv(a, s, t), {"sigma": s, "truncate": t},
         atol=1e-6, rtol=1e-6, ref=FC)
case("fft_convolve", "default", "cells3d", fftconv, atol=1e-3, rtol=1e-6, ref=FC)
case("fft_convolve", "rand3d_slices", "rand3d", lambda a: fftconv(a, [0.0, 1.5, 1.5]), {"sigma": 1.5},
     slice_by_slice=True, atol=1e-6, rtol=1e-6, ref=FC + " (per slice)")
