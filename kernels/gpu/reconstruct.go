package gpu

import (
	"fmt"
	"math"

	"github.com/kernreg/kernreg/kernels/cpu"
)

var (
	srcReconstruct = source("reconstruct.cl")

	kFirstNaN      = kernel(srcReconstruct, "first_nan", Buf, Int, Buf, Int, Int, Buf)
	kReconInit     = kernel(srcReconstruct, "recon_init", Buf, Int, Buf, Int, Buf, Int, Int, Float)
	kReconSweep    = kernel(srcReconstruct, "recon_sweep", Buf, Int, Buf, Int, Int, Int, Int, Int, Int, Buf, Int, Float, Buf)
	kHShift        = kernel(srcReconstruct, "h_shift", Buf, Buf, Int, Int, Float, Float, Int)
	kHSelect       = kernel(srcReconstruct, "h_select", Buf, Int, Buf, Int, Buf, Int, Real, Int)
	kExtLoad       = kernel(srcReconstruct, "ext_load", Buf, Buf, Buf, Int, Int, Int, Int, Int, Int, Int, Float)
	kExtCandidates = kernel(srcReconstruct, "ext_candidates", Buf, Buf, Buf, Int, Int, Int, Int)
	kExtReject     = kernel(srcReconstruct, "ext_reject", Buf, Buf, Buf, Int, Int, Int, Int, Buf, Int)
	kExtStore      = kernel(srcReconstruct, "ext_store", Buf, Int, Buf, Buf, Int, Int, Int, Int, Int)
)

// Reconstruction computes the morphological reconstruction of seed under (dilation) or
// above (erosion) mask, as cpu.Reconstruction and skimage.morphology.reconstruction with
// the footprint generate_binary_structure(rank, connectivity): the seed, first clipped
// to the mask, dilated with the neighbourhood and clipped to the mask until nothing
// changes (erosion is the dual); pixels past the edges play no part. NaN is refused.
//
// On the device: rounds of sweeps along every axis, forward and backward, one work item
// per line (see recon_sweep), until a round changes nothing. A straight path of any
// length is crossed in one sweep, so a winding one costs about one round per four
// turns. The fixed point is unique, so the result is the CPU's exactly. Host step: one
// change flag read back per round.
//
//kernreg:op name=reconstruction tags=morphology,grey ref=skimage.morphology.reconstruction slices=coupled
func Reconstruction(dst, seed, mask Array, p cpu.ReconstructionParams) error {
	const op = "reconstruction"
	if err := checkPair(op, dst.View, seed.View); err != nil {
		return err
	}
	if err := checkPair(op, dst.View, mask.View); err != nil {
		return err
	}
	erosion, err := p.Erosion(op)
	if err != nil {
		return err
	}
	rank := len(seed.Shape)
	conn, err := cpu.ClampConnectivity(op, p.Connectivity, rank)
	if err != nil {
		return err
	}
	if i, err := firstNaN(op, seed.View, mask.View); err != nil {
		return err
	} else if i >= 0 {
		return fmt.Errorf("%s: NaN in the seed or mask at pixel %d", op, i)
	}
	return reconstruct(op, dst.View, seed.View, mask.View, binaryStructure(rank, conn), erosion)
}

// firstNaN is the smallest index where a or b holds a NaN, or -1 (one word read back).
func firstNaN(op string, a, b View) (int, error) {
	dev := a.Dev()
	first, err := scratch(dev, op, 1)
	if err != nil {
		return 0, err
	}
	defer first.Release()
	if err := dev.Fill32(first, 0, math.MaxUint32, 1); err != nil {
		return 0, err
	}
	n := a.Len()
	if err := kFirstNaN.Launch(dev, []int{n}, a.Buf, a.Off, b.Buf, b.Off, n, first); err != nil {
		return 0, err
	}
	var f [1]uint32
	if err := Download(first, 0, f[:]); err != nil {
		return 0, err
	}
	if f[0] == math.MaxUint32 {
		return -1, nil
	}
	return int(f[0]), nil
}

// reconstruct writes the reconstruction of seed under mask (above it with erosion)
// with the structure's neighbours into dst, which may be seed.
func reconstruct(op string, dst, seed, mask View, structure [][3]int, erosion bool) error {
	dev := dst.Dev()
	n := dst.Len()
	sign := float32(1)
	if erosion {
		sign = -1
	}
	if err := kReconInit.Launch(dev, []int{n}, dst.Buf, dst.Off, seed.Buf, seed.Off, mask.Buf, mask.Off, n, sign); err != nil {
		return err
	}
	offs, err := offsetBuffer(dev, op, structure)
	if err != nil {
		return err
	}
	defer offs.Release()
	changed, err := scratch(dev, op, 1)
	if err != nil {
		return err
	}
	defer changed.Release()
	z, y, x := dst.dims3()
	dims := [3]int{z, y, x}
	for {
		if err := dev.Fill32(changed, 0, 0, 1); err != nil {
			return err
		}
		swept := false
		for axis := 2; axis >= 0; axis-- {
			if dims[axis] == 1 {
				continue // its lines are single pixels, which the other axes' sweeps visit
			}
			swept = true
			for _, dir := range []int{1, -1} {
				if err := kReconSweep.Launch(dev, []int{n / dims[axis]}, dst.Buf, dst.Off, mask.Buf, mask.Off, z, y, x,
					axis, dir, offs, len(structure), sign, changed); err != nil {
					return err
				}
			}
		}
		if !swept {
			return nil // a single pixel: the clipped seed
		}
		var c [1]int32
		if err := Download(changed, 0, c[:]); err != nil {
			return err
		}
		if c[0] == 0 {
			return nil
		}
	}
}

// HMaxima marks the regional maxima whose height above their surroundings is at least
// h, as cpu.HMaxima and skimage.morphology.h_maxima for a float32 image: 1 where
// image - reconstruction_by_dilation(image - h - eps, image) >= h, else 0, with
// eps = 2e-6*|image| and the seed in float32 and the residue in real (double on PoCL and
// CUDA, as the CPU computes it), and 0 everywhere when h exceeds the image's range
// max - min. The reconstruction is Reconstruction's; the range comes from the device
// range reduction. NaN is refused.
//
//kernreg:op name=h_maxima tags=morphology,grey,extrema ref=skimage.morphology.h_maxima slices=coupled
func HMaxima(dst, image Array, p cpu.HExtremaParams) error {
	return hExtrema("h_maxima", dst.View, image.View, p, false)
}

// HMinima marks the regional minima whose depth below their surroundings is at least h:
// 1 where reconstruction_by_erosion(image + h + eps, image) - image >= h, else 0, as
// cpu.HMinima and skimage.morphology.h_minima for a float32 image (see HMaxima).
//
//kernreg:op name=h_minima tags=morphology,grey,extrema ref=skimage.morphology.h_minima slices=coupled
func HMinima(dst, image Array, p cpu.HExtremaParams) error {
	return hExtrema("h_minima", dst.View, image.View, p, true)
}

func hExtrema(op string, dst, image View, p cpu.HExtremaParams, minima bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	if err := p.CheckH(op); err != nil {
		return err
	}
	rank := len(image.Shape)
	conn, err := cpu.ClampConnectivity(op, p.Connectivity, rank)
	if err != nil {
		return err
	}
	if i, err := firstNaN(op, image, image); err != nil {
		return err
	} else if i >= 0 {
		return fmt.Errorf("%s: NaN in the image at pixel %d", op, i)
	}
	r, err := deviceRange(op, image)
	if err != nil {
		return err
	}
	dev := dst.Dev()
	n := dst.Len()
	if p.H > float64(r.hi-r.lo) { // skimage compares h with np.ptp in float32
		return dev.Fill32(dst.Buf, int64(dst.Off)*4, 0, int64(n))
	}
	return withTemps(op, Array{image}, 1, func(t []Array) error {
		shifted := t[0].View
		if err := kHShift.Launch(dev, []int{n}, shifted.Buf, image.Buf, image.Off, n, float32(p.H),
			cpu.HExtremaResolution, b2i(minima)); err != nil {
			return err
		}
		if err := reconstruct(op, shifted, shifted, image, binaryStructure(rank, conn), minima); err != nil {
			return err
		}
		return kHSelect.Launch(dev, []int{n}, dst.Buf, dst.Off, image.Buf, image.Off, shifted.Buf, n, p.H, b2i(minima))
	})
}

// LocalMaxima marks (1, else 0) every pixel of a local maximum, as cpu.LocalMaxima and
// skimage.morphology.local_maxima: a plateau (a connected set of equal pixels under
// generate_binary_structure(rank, connectivity)) with no strictly greater neighbour.
// With allow_borders the image is padded by one pixel of its minimum (NaN if it has
// one), so only a plateau at the minimum that touches the edge is excluded; without, no
// plateau touching the edge is a maximum. NaN pixels are never maxima.
//
// skimage floods each plateau from the candidates of its last-axis scan; the result is
// the same as deciding every plateau at once: a plateau is a maximum when one of its
// rows holds a candidate run, no pixel has a greater neighbour and none an equal
// neighbour on the frame of the (padded) grid. On the device the plateaus are
// union-find components of equal values (Label's, joining neighbours of equal key), the
// candidate runs are marked one row per work item, and the rejections one pixel per
// work item, both with an atomic minimum on the plateau's root. Host step: with
// allow_borders, the pad value from the device range reduction.
//
//kernreg:op name=local_maxima tags=morphology,grey,extrema ref=skimage.morphology.local_maxima slices=coupled
func LocalMaxima(dst, image Array, p cpu.LocalExtremaParams) error {
	return localExtrema("local_maxima", dst.View, image.View, p, false)
}

// LocalMinima marks (1, else 0) every pixel of a local minimum: LocalMaxima of 1 - image
// computed in float32, as cpu.LocalMinima and skimage.morphology.local_minima invert a
// float image (so values that round to the same 1 - v form one plateau).
//
//kernreg:op name=local_minima tags=morphology,grey,extrema ref=skimage.morphology.local_minima slices=coupled
func LocalMinima(dst, image Array, p cpu.LocalExtremaParams) error {
	return localExtrema("local_minima", dst.View, image.View, p, true)
}

// extUndecided is the state every plateau root starts with in localExtrema; atomic
// minima lower it to 1 (a candidate, see ext_candidates) and 0 (rejected, ext_reject),
// and a plateau that ends at 1 is a maximum.
const extUndecided = 2

func localExtrema(op string, dst, image View, p cpu.LocalExtremaParams, minima bool) error {
	if err := checkPair(op, dst, image); err != nil {
		return err
	}
	rank := len(image.Shape)
	conn, err := cpu.ClampConnectivity(op, p.Connectivity, rank)
	if err != nil {
		return err
	}
	dev := dst.Dev()
	pad, lo := 0, float32(0)
	if p.AllowBorders {
		pad = 1
		r, err := deviceRange(op, image)
		if err != nil {
			return err
		}
		// np.min of what skimage pads: the image, or 1 - image, whose minimum is
		// 1 - max exactly (rounding to float32 keeps the order).
		switch {
		case r.nan:
			lo = float32(math.NaN())
		case minima:
			lo = 1 - r.hi
		default:
			lo = r.lo
		}
	}
	nz, ny, nx := image.dims3()
	oz := 0
	if rank == 3 {
		oz = pad
	}
	pz, py, px := nz+2*oz, ny+2*pad, nx+2*pad
	if int64(pz)*int64(py)*int64(px) >= 1<<31 {
		return fmt.Errorf("%s: the padded image of %dx%dx%d pixels is too large for 32-bit GPU indices", op, pz, py, px)
	}
	shape := []int{pz, py, px}[3-rank:]
	m := pz * py * px
	bufs := make([]Buffer, 3)
	for i := range bufs {
		if bufs[i], err = scratch(dev, op, m); err != nil {
			return err
		}
		defer bufs[i].Release()
	}
	keys, forest, state := bufs[0], bufs[1], bufs[2]
	grid := []int{px, py, pz}
	if err := kExtLoad.Launch(dev, grid, keys, forest, image.Buf, image.Off, rank, pz, py, px, pad, b2i(minima), lo); err != nil {
		return err
	}
	structure := binaryStructure(rank, conn)
	if err := joinComponents(op, View{Buf: forest, Shape: shape}, View{Buf: keys, Shape: shape}, true, false, structure); err != nil {
		return err
	}
	if err := dev.Fill32(state, 0, extUndecided, int64(m)); err != nil {
		return err
	}
	if err := kExtCandidates.Launch(dev, []int{pz * py}, state, keys, forest, rank, pz, py, px); err != nil {
		return err
	}
	offs, err := offsetBuffer(dev, op, structure)
	if err != nil {
		return err
	}
	defer offs.Release()
	if err := kExtReject.Launch(dev, grid, state, keys, forest, rank, pz, py, px, offs, len(structure)); err != nil {
		return err
	}
	return kExtStore.Launch(dev, grid3(dst), dst.Buf, dst.Off, state, forest, rank, nz, ny, nx, pad)
}
