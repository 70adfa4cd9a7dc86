package cpu

import (
	"fmt"
	"math/bits"
	"slices"
	"sync"
)

// Skeletonize thins the foreground (nonzero pixels, NaN included) of a 2D binary image
// to a one-pixel-wide 8-connected skeleton with the Zhang-Suen algorithm, exactly as
// skimage.morphology.skeletonize (method zhang, the 2D default) does. Passes alternate
// between two removal rules looked up from each pixel's 8 neighbours (skimage's table),
// every pass reading the image as the previous pass left it, until a pair of passes
// removes nothing; pixels past the edges are background. The result is float32 0/1.
// (skimage accepts only 0/1 images; kernreg takes any nonzero pixel as foreground.)
//
//kernreg:op name=skeletonize tags=morphology,binary,skeleton ref=skimage.morphology.skeletonize
func Skeletonize(dst, image Plane) error {
	const op = "skeletonize"
	g, err := planeGrid(op, dst, image)
	if err != nil || len(image.Data) == 0 {
		return err
	}
	img := g.load(image.Data)
	fg := g.foreground(img)
	remove := make([]bool, len(fg))
	for changed := true; changed; {
		changed = false
		for pass := 1; pass <= 2; pass++ {
			// Decide from the image as it is, then remove: a pass is parallel.
			parallel(len(fg), 4096, func(lo, hi int) {
				for k, i := range fg[lo:hi] {
					t := zhangLUT[g.code(img, int(i))]
					remove[lo+k] = t == 3 || int(t) == pass
				}
			})
			n := 0
			for k, i := range fg {
				if remove[k] {
					img[i] = 0
					changed = true
				} else {
					fg[n] = i
					n++
				}
			}
			fg = fg[:n]
			remove = remove[:n]
		}
	}
	g.store(dst.Data, img)
	return nil
}

// zhangLUT is skimage's table: for the 8-neighbour code of a foreground pixel, 1 means
// removable in the first pass, 2 in the second, 3 in both.
var zhangLUT = [256]uint8{
	0, 0, 0, 1, 0, 0, 1, 3, 0, 0, 3, 1, 1, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2, 0, 3, 0, 3, 3,
	0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 3, 0, 2, 2,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 3, 0, 2, 0,
	0, 0, 3, 1, 0, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	2, 3, 1, 3, 0, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	2, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 0, 1, 0, 0, 0, 0, 2, 2, 0, 0, 2, 0, 0, 0,
}

// ZhangSuenTable is zhangLUT for the GPU kernels: for the 8-neighbour code of
// binaryPlane.code, bit 0 means removable in the first pass, bit 1 in the second.
func ZhangSuenTable() [256]uint8 { return zhangLUT }

// ThinTables are skimage's G123_LUT and G123P_LUT for the GPU kernels, indexed by the
// 8-neighbour code of binaryPlane.thinCode.
func ThinTables() (g123, g123p [256]bool) {
	thinLUTs.once.Do(makeThinLUTs)
	return thinLUTs.g123, thinLUTs.g123p
}

// ThinParams are the parameters of Thin.
type ThinParams struct {
	// Most iterations (each a pair of subiterations); 0 runs until nothing changes.
	MaxNumIter int `default:"0" min:"0"`
}

// Thin reduces the foreground (nonzero pixels, NaN included) of a 2D binary image to
// 8-connected lines one pixel wide with the two-subiteration algorithm of Guo and Hall,
// as skimage.morphology.thin. Each subiteration removes, all at once, the pixels whose
// 8-neighbourhood satisfies G1, G2 and G3 (G3' in the second), until an iteration
// removes nothing or max_num_iter iterations ran; pixels past the edges are
// background. The result is float32 0/1.
//
//kernreg:op name=thin tags=morphology,binary,skeleton ref=skimage.morphology.thin
func Thin(dst, image Plane, p ThinParams) error {
	const op = "thin"
	if err := p.Check(op); err != nil {
		return err
	}
	g, err := planeGrid(op, dst, image)
	if err != nil || len(image.Data) == 0 {
		return err
	}
	thinLUTs.once.Do(makeThinLUTs)
	img := g.load(image.Data)
	fg := g.foreground(img)
	remove := make([]bool, len(fg))
	for it := 0; p.MaxNumIter == 0 || it < p.MaxNumIter; it++ {
		changed := false
		for _, lut := range []*[256]bool{&thinLUTs.g123, &thinLUTs.g123p} {
			parallel(len(fg), 4096, func(lo, hi int) {
				for k, i := range fg[lo:hi] {
					remove[lo+k] = lut[g.thinCode(img, int(i))]
				}
			})
			n := 0
			for k, i := range fg {
				if remove[k] {
					img[i] = 0
					changed = true
				} else {
					fg[n] = i
					n++
				}
			}
			fg = fg[:n]
			remove = remove[:n]
		}
		if !changed {
			break
		}
	}
	g.store(dst.Data, img)
	return nil
}

// Check validates the parameters.
func (p ThinParams) Check(op string) error {
	if p.MaxNumIter < 0 {
		return fmt.Errorf("%s: max_num_iter must be >= 0 (0: until nothing changes), got %d", op, p.MaxNumIter)
	}
	return nil
}

// thinLUTs are skimage's G123_LUT and G123P_LUT, built from their definitions
// (_generate_thin_luts) over the 8-neighbour code of thinCode.
var thinLUTs struct {
	once        sync.Once
	g123, g123p [256]bool
}

func makeThinLUTs() {
	for n := 0; n < 256; n++ {
		b := func(i int) bool { return n>>(i%8)&1 == 1 }
		s := 0
		for _, i := range []int{0, 2, 4, 6} {
			if !b(i) && (b(i+1) || b(i+2)) {
				s++
			}
		}
		g1 := s == 1
		n1, n2 := 0, 0
		for _, k := range []int{1, 3, 5, 7} {
			if b(k) || b(k-1) {
				n1++
			}
			if b(k) || b(k+1) {
				n2++
			}
		}
		m := min(n1, n2)
		g2 := m == 2 || m == 3
		g3 := !((b(1) || b(2) || !b(7)) && b(0))
		g3p := !((b(5) || b(6) || !b(3)) && b(4))
		thinLUTs.g123[n] = g1 && g2 && g3
		thinLUTs.g123p[n] = g1 && g2 && g3p
	}
}

// binaryPlane is a 2D binary image in a byte grid with a one-pixel background frame.
type binaryPlane struct {
	ny, nx, px int
}

func planeGrid(op string, dst, image Plane) (binaryPlane, error) {
	if err := checkData(op, image.Shape, len(image.Data)); err != nil {
		return binaryPlane{}, err
	}
	if err := checkData(op, dst.Shape, len(dst.Data)); err != nil {
		return binaryPlane{}, err
	}
	if err := sameShape(op, image.Shape, dst.Shape); err != nil {
		return binaryPlane{}, err
	}
	if len(image.Shape) != 2 {
		return binaryPlane{}, fmt.Errorf("%s: want a 2D image, got shape %v", op, image.Shape)
	}
	g := binaryPlane{ny: image.Shape[0], nx: image.Shape[1], px: image.Shape[1] + 2}
	if uint64(g.ny+2)*uint64(g.px) >= 1<<32 {
		return binaryPlane{}, fmt.Errorf("%s: image %v is too large (at most 2^32 pixels with the edge frame)", op, image.Shape)
	}
	return g, nil
}

func (g binaryPlane) load(src []float32) []byte {
	img := make([]byte, (g.ny+2)*g.px)
	for y := 0; y < g.ny; y++ {
		row := img[(y+1)*g.px+1:][:g.nx]
		for x, v := range src[y*g.nx : (y+1)*g.nx] {
			if v != 0 {
				row[x] = 1
			}
		}
	}
	return img
}

func (g binaryPlane) store(dst []float32, img []byte) {
	for y := 0; y < g.ny; y++ {
		row := img[(y+1)*g.px+1:][:g.nx]
		out := dst[y*g.nx : (y+1)*g.nx]
		for x, v := range row {
			out[x] = float32(v)
		}
	}
}

// foreground lists the grid indices of the foreground pixels in raster order.
func (g binaryPlane) foreground(img []byte) []uint32 {
	var fg []uint32
	for i, v := range img {
		if v != 0 {
			fg = append(fg, uint32(i))
		}
	}
	return fg
}

// code is skimage's Zhang-Suen neighbour code: 1 NW, 2 N, 4 NE, 8 E, 16 SE, 32 S, 64 SW,
// 128 W.
func (g binaryPlane) code(img []byte, i int) int {
	px := g.px
	return int(img[i-px-1]) | int(img[i-px])<<1 | int(img[i-px+1])<<2 | int(img[i+1])<<3 |
		int(img[i+px+1])<<4 | int(img[i+px])<<5 | int(img[i+px-1])<<6 | int(img[i-1])<<7
}

// thinCode is the correlation of skimage.morphology.thin with [[8, 4, 2], [16, 0, 1],
// [32, 64, 128]]: 1 E, 2 NE, 4 N, 8 NW, 16 W, 32 SW, 64 S, 128 SE.
func (g binaryPlane) thinCode(img []byte, i int) int {
	px := g.px
	return int(img[i+1]) | int(img[i-px+1])<<1 | int(img[i-px])<<2 | int(img[i-px-1])<<3 |
		int(img[i-1])<<4 | int(img[i+px-1])<<5 | int(img[i+px])<<6 | int(img[i+px+1])<<7
}

// Skeletonize3D thins the foreground (nonzero voxels, NaN included) of a binary volume to
// a skeleton with the algorithm of Lee, Kashyap and Chu (1994), exactly as
// skimage.morphology.skeletonize_3d (ImageJ's Skeletonize3D) does. For each of the six
// border directions in turn (-y, +y, +x, -x, +z, -z; the z directions are skipped for a
// single plane), the border voxels that are simple, Euler invariant and not end points
// are collected in raster order, then deleted one after another if still simple, until
// no direction deletes anything. Voxels past the edges are background. The result is
// float32 0/1 (skimage returns 0/255 for a float image).
//
//kernreg:op name=skeletonize_3d tags=morphology,binary,skeleton ref=skimage.morphology.skeletonize_3d
func Skeletonize3D(dst, image Volume) error {
	const op = "skeletonize_3d"
	if err := checkDims(op, image.Shape, len(image.Data), dst.Shape, len(dst.Data)); err != nil {
		return err
	}
	if len(image.Shape) != 3 {
		return fmt.Errorf("%s: want a 3D image, got shape %v", op, image.Shape)
	}
	g := newPaddedGrid(image.Shape)
	if err := g.check(op); err != nil {
		return err
	}
	if len(image.Data) == 0 {
		return nil
	}
	img := make([]byte, g.len())
	var fg []uint32
	for r := 0; r < g.nz*g.ny; r++ {
		b := g.row(r/g.ny, r%g.ny)
		for x, v := range image.Data[r*g.nx : (r+1)*g.nx] {
			if v != 0 {
				img[b+x] = 1
				fg = append(fg, uint32(b+x))
			}
		}
	}
	plane, row := g.py*g.px, g.px
	// neighbourhood offsets in skimage's order: index (dz+1)*9 + (dx+1)*3 + (dy+1).
	var offs [27]int
	for dz := -1; dz <= 1; dz++ {
		for dx := -1; dx <= 1; dx++ {
			for dy := -1; dy <= 1; dy++ {
				offs[(dz+1)*9+(dx+1)*3+dy+1] = dz*plane + dy*row + dx
			}
		}
	}
	neighbourhood := func(i int) uint32 {
		var m uint32
		for k, o := range offs {
			m |= uint32(img[i+o]) << k
		}
		return m
	}
	// Border directions in skimage's order, as the offset of the neighbour that must be
	// background: 4 (r-1), 3 (r+1), 2 (c+1), 1 (c-1), 5 (p+1), 6 (p-1).
	borders := []int{-row, row, 1, -1, plane, -plane}
	if g.nz == 1 {
		borders = borders[:4]
	}
	var candidates []uint32
	var mu sync.Mutex
	for unchanged := 0; unchanged < len(borders); {
		unchanged = 0
		for _, b := range borders {
			// Collect in parallel, chunks in order.
			type chunk struct {
				lo    int
				found []uint32
			}
			var chunks []chunk
			parallel(len(fg), 4096, func(lo, hi int) {
				var local []uint32
				for _, i := range fg[lo:hi] {
					if img[int(i)+b] != 0 {
						continue
					}
					n := neighbourhood(int(i))
					if bits.OnesCount32(n) == 2 || !eulerInvariant(n) || !simplePoint(n) {
						continue
					}
					local = append(local, i)
				}
				mu.Lock()
				chunks = append(chunks, chunk{lo, local})
				mu.Unlock()
			})
			slices.SortFunc(chunks, func(a, b chunk) int { return a.lo - b.lo })
			candidates = candidates[:0]
			for _, c := range chunks {
				candidates = append(candidates, c.found...)
			}
			changed := false
			for _, i := range candidates {
				if simplePoint(neighbourhood(int(i))) {
					img[i] = 0
					changed = true
				}
			}
			if !changed {
				unchanged++
				continue
			}
			n := 0
			for _, i := range fg {
				if img[i] != 0 {
					fg[n] = i
					n++
				}
			}
			fg = fg[:n]
		}
	}
	for r := 0; r < g.nz*g.ny; r++ {
		b := g.row(r/g.ny, r%g.ny)
		out := dst.Data[r*g.nx : (r+1)*g.nx]
		for x := range out {
			out[x] = float32(img[b+x])
		}
	}
	return nil
}

// eulerLUT is column delta G_26 of Table 2 of Lee et al., indexed by the octant code
// (odd codes only; even ones are 0), as in skimage.
var eulerLUT = func() [256]int8 {
	arr := [128]int8{
		1, -1, -1, 1, -3, -1, -1, 1, -1, 1, 1, -1, 3, 1, 1, -1, -3, -1, 3, 1, 1, -1, 3, 1, -1, 1, 1, -1, 3, 1, 1, -1,
		-3, 3, -1, 1, 1, 3, -1, 1, -1, 1, 1, -1, 3, 1, 1, -1, 1, 3, 3, 1, 5, 3, 3, 1, -1, 1, 1, -1, 3, 1, 1, -1,
		-7, -1, -1, 1, -3, -1, -1, 1, -1, 1, 1, -1, 3, 1, 1, -1, -3, -1, 3, 1, 1, -1, 3, 1, -1, 1, 1, -1, 3, 1, 1, -1,
		-3, 3, -1, 1, 1, 3, -1, 1, -1, 1, 1, -1, 3, 1, 1, -1, 1, 3, 3, 1, 5, 3, 3, 1, -1, 1, 1, -1, 3, 1, 1, -1,
	}
	var lut [256]int8
	for i, v := range arr {
		lut[2*i+1] = v
	}
	return lut
}()

// eulerOctants lists, per octant, the neighbourhood indices that set bits 128, 64, 32,
// 16, 8, 4, 2 of its code (skimage's is_Euler_invariant).
var eulerOctants = [8][7]uint8{
	{2, 1, 11, 10, 5, 4, 14},
	{0, 9, 3, 12, 1, 10, 4},
	{8, 7, 17, 16, 5, 4, 14},
	{6, 15, 7, 16, 3, 12, 4},
	{20, 23, 19, 22, 11, 14, 10},
	{18, 21, 9, 12, 19, 22, 10},
	{26, 23, 17, 14, 25, 22, 16},
	{24, 25, 15, 16, 21, 22, 12},
}

// eulerInvariant reports whether deleting the centre of neighbourhood n (bit k: index
// k) keeps the Euler characteristic.
func eulerInvariant(n uint32) bool {
	sum := 0
	for _, oct := range eulerOctants {
		code := 1
		for b, k := range oct {
			if n>>k&1 == 1 {
				code |= 128 >> b
			}
		}
		sum += int(eulerLUT[code])
	}
	return sum == 0
}

// adjacent26[k] is the set of neighbourhood indices 26-adjacent to index k, centre
// (13) excluded.
var adjacent26 = func() [27]uint32 {
	var adj [27]uint32
	coord := func(k int) (int, int, int) { return k / 9, k / 3 % 3, k % 3 }
	for a := 0; a < 27; a++ {
		for b := 0; b < 27; b++ {
			if a == b || a == 13 || b == 13 {
				continue
			}
			az, ax, ay := coord(a)
			bz, bx, by := coord(b)
			if abs(az-bz) <= 1 && abs(ax-bx) <= 1 && abs(ay-by) <= 1 {
				adj[a] |= 1 << b
			}
		}
	}
	return adj
}()

// simplePoint reports whether the foreground of neighbourhood n without its centre is
// at most one 26-connected component, as skimage's octree labelling decides (two
// neighbours share an octant exactly when they are 26-adjacent).
func simplePoint(n uint32) bool {
	rest := n &^ (1 << 13)
	if rest == 0 {
		return true
	}
	comp := uint32(1) << bits.TrailingZeros32(rest)
	for {
		grow := comp
		for m := comp; m != 0; m &= m - 1 {
			grow |= adjacent26[bits.TrailingZeros32(m)]
		}
		grow &= rest
		if grow == comp {
			break
		}
		comp = grow
	}
	return comp == rest
}
