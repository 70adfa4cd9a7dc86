package tiff

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"

	"github.com/kernreg/kernreg/registry"
)

// ReadFile reads a TIFF file (see Read).
func ReadFile(path string) (*Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // *PathError names the file
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	img, err := Read(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return img, nil
}

// Read reads the image of a TIFF or BigTIFF file of size bytes: every full-resolution
// page, stacked along the first axis (reduced-resolution pages such as thumbnails are
// skipped). All pages must have the same size and sample type. With OME-XML or an
// ImageJ description in the first page, Meta says how the planes map onto Z, channels
// and time; a multi-sample page (RGB) becomes one plane per sample, channels first.
//
// Offsets, counts and sizes in the file are checked against its size before anything is
// allocated; see the package documentation for the limits.
func Read(r io.ReaderAt, size int64) (*Image, error) {
	f, first, err := openFile(r, size)
	if err != nil {
		return nil, err
	}
	ifds, err := f.readIFDs(first)
	if err != nil {
		return nil, err
	}
	var (
		all     []*page
		skipped []string
	)
	for _, d := range ifds {
		p, err := f.parsePage(d)
		if err != nil {
			// A thumbnail in a format this package does not read (JPEG, typically) need
			// not stop the image from being read.
			if d.index > 0 && f.isReduced(d) {
				skipped = append(skipped, fmt.Sprintf("reduced-resolution page %d skipped: %v", d.index, err))
				continue
			}
			return nil, err
		}
		all = append(all, p)
	}
	pages, meta, err := selectPages(f, all)
	if err != nil {
		return nil, err
	}
	p0 := pages[0]
	for _, p := range pages[1:] {
		if !p.sameLayout(p0) {
			return nil, fmt.Errorf("tiff: page %d is %s, page %d is %s: a stack needs pages of one size and type",
				p.index, p.describe(), p0.index, p0.describe())
		}
	}
	nplanes := len(pages) * p0.spp
	if err := checkTotal(f, pages, nplanes); err != nil {
		return nil, err
	}
	for _, p := range pages {
		if err := f.checkChunks(p); err != nil {
			return nil, err
		}
	}
	pix := makePix(p0.dtype, nplanes*p0.height*p0.width)
	if err := decodePages(f, pages, pix); err != nil {
		return nil, err
	}
	img := &Image{Shape: []int{nplanes, p0.height, p0.width}, DType: p0.dtype, Pix: pix}
	if nplanes == 1 {
		img.Shape = img.Shape[1:]
	}
	img.Meta = meta
	img.Meta.Warnings = append(img.Meta.Warnings, skipped...)
	return img, nil
}

// checkTotal bounds the image and its chunk count before anything is allocated.
func checkTotal(f *file, pages []*page, nplanes int) error {
	p0 := pages[0]
	plane := p0.width * p0.height
	if plane > registry.MaxElements/nplanes {
		return fmt.Errorf("tiff: %d plane(s) of %dx%d pixels: more than registry.MaxElements (%d) samples",
			nplanes, p0.width, p0.height, registry.MaxElements)
	}
	var chunks uint64
	for _, p := range pages {
		chunks += uint64(p.nchunks)
	}
	// Each chunk has an offset and a byte count of at least 2 bytes each in the file.
	if chunks > uint64(f.size)/2 {
		return fmt.Errorf("tiff: the pages list %d strips or tiles, more than a file of %d bytes can hold (corrupt file)", chunks, f.size)
	}
	return nil
}

// selectPages picks the pages that make up the image and works out its metadata.
func selectPages(f *file, all []*page) ([]*page, Metadata, error) {
	desc := all[0].description
	var pages []*page
	for _, p := range all {
		if !p.reduced {
			pages = append(pages, p)
		}
	}
	if len(pages) == 0 {
		pages = all[:1] // only reduced-resolution pages: take the first rather than nothing
	}
	var (
		meta     Metadata
		warnings []string
		trimmed  = strings.TrimSpace(desc)
	)
	switch {
	case strings.HasPrefix(trimmed, "<") && strings.Contains(desc, "<OME"):
		info, err := parseOME(trimmed)
		if err != nil {
			warnings = append(warnings, err.Error()+"; metadata ignored")
			break
		}
		meta = info.meta
		spp := pages[0].spp
		if p := pages[0]; info.sizeX != p.width || info.sizeY != p.height || (info.dtype != 0 && info.dtype != p.dtype) {
			warnings = append(warnings, fmt.Sprintf("OME-XML describes %dx%d %v pixels, the first page is %dx%d %v; metadata ignored",
				info.sizeX, info.sizeY, info.dtype, p.width, p.height, p.dtype))
			meta = Metadata{}
			break
		}
		want := meta.Planes() / spp
		if info.images > 1 {
			warnings = append(warnings, fmt.Sprintf("OME-XML describes %d images; read the first", info.images))
		}
		// A file holding several OME images lists where each starts; keep the first's.
		if info.firstIFD >= 0 && meta.Planes()%spp == 0 && len(pages) > want {
			start := -1
			for i, p := range pages {
				if p.index == info.firstIFD {
					start = i
				}
			}
			if start >= 0 && start+want <= len(pages) {
				pages = pages[start : start+want]
			}
		}
	case strings.HasPrefix(desc, "ImageJ="):
		info, _ := parseImageJ(desc)
		meta = info.meta
		if info.images > len(pages) {
			pages = contiguousPages(f, pages, info.images, &warnings)
		}
		if p := pages[0]; p.xres.inverse(1) > 0 {
			unit := meta.PhysicalSizeZ.Unit
			if unit == "" {
				unit = imagejUnit(ijUnit(desc))
			}
			meta.PhysicalSizeX = Length{Value: p.xres.inverse(1), Unit: unit}
			if p.yres.inverse(1) > 0 {
				meta.PhysicalSizeY = Length{Value: p.yres.inverse(1), Unit: unit}
			}
		}
	}
	meta.Warnings = append(warnings, meta.Warnings...)
	meta.Description, meta.Software = desc, all[0].software
	fitMetadata(&meta, pages)
	return pages, meta, nil
}

func ijUnit(desc string) string {
	for _, line := range strings.Split(desc, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "unit="); ok {
			return v
		}
	}
	return ""
}

// fitMetadata makes the metadata agree with the planes read: sizes that do not multiply
// to the plane count are replaced (with a warning) by a plain stack, and multi-sample
// pages put their samples first.
func fitMetadata(m *Metadata, pages []*page) {
	p0 := pages[0]
	nplanes := len(pages) * p0.spp
	if m.Source == "" {
		*m = Metadata{Description: m.Description, Software: m.Software, Warnings: m.Warnings}
	} else if m.Planes() != nplanes || (p0.spp > 1 && m.SizeC != p0.spp) {
		m.Warnings = append(m.Warnings, fmt.Sprintf("%s metadata describes %d planes (SizeZ=%d SizeC=%d SizeT=%d), the file holds %d; read as a plain stack",
			m.Source, m.Planes(), m.SizeZ, m.SizeC, m.SizeT, nplanes))
		m.SizeZ = 0
	}
	if m.Planes() != nplanes {
		m.Source = "tiff"
		m.SizeZ, m.SizeC, m.SizeT, m.DimensionOrder = len(pages), p0.spp, 1, "XYZCT"
		m.ChannelNames = nil
	}
	if p0.spp > 1 {
		// Samples vary fastest: move C to the front of the plane order.
		m.DimensionOrder = "XYC" + strings.ReplaceAll(m.DimensionOrder[2:], "C", "")
	}
	if x, y := p0.xres.inverse(1e4), p0.yres.inverse(1e4); m.Source == "tiff" && m.PhysicalSizeX.Value == 0 && p0.resUnit == 3 && x > 0 && y > 0 {
		// Pixels per centimetre: a real calibration (inches are mostly a 72 dpi default).
		m.PhysicalSizeX = Length{Value: x, Unit: "µm"}
		m.PhysicalSizeY = Length{Value: y, Unit: "µm"}
	}
}

// contiguousPages returns n planes stored back to back from the first page's data, the
// layout ImageJ (and tifffile) use for stacks over 4 GiB with a single IFD. Anything
// else stays as it was, with a warning.
func contiguousPages(f *file, pages []*page, n int, warnings *[]string) []*page {
	p := pages[0]
	warn := func(why string) []*page {
		*warnings = append(*warnings, fmt.Sprintf("ImageJ description says images=%d, the file has %d pages and %s; read the pages", n, len(pages), why))
		return pages
	}
	if p.compression != None || p.spp != 1 || p.tiled {
		return warn("its data is not one uncompressed block")
	}
	if err := f.checkChunks(p); err != nil {
		return warn("its first page is unreadable")
	}
	end := p.offsets[0]
	for i := 0; i < p.nchunks; i++ {
		if p.offsets[i] != end {
			return warn("its first page's strips are not contiguous")
		}
		end += uint64(p.chunkBytes(i))
	}
	planeBytes := uint64(p.width * p.height * p.dtype.Size())
	if uint64(n) > (uint64(f.size)-p.offsets[0])/planeBytes {
		return warn("the planes would run past end of file")
	}
	// The pages there are must lie where the layout puts them (modulo 2^32: ImageJ's
	// offsets past 4 GiB wrap around), or the file is something else.
	for k, q := range pages[1:] {
		offs, err := f.uints(trim(q.offsetsEntry, 1), "StripOffsets")
		want := p.offsets[0] + uint64(k+1)*planeBytes
		if err != nil || q.compression != None || q.tiled || !q.sameLayout(p) || offs[0] != want && offs[0] != want%(1<<32) {
			return warn(fmt.Sprintf("page %d does not lie where a contiguous stack would put it", q.index))
		}
	}
	out := make([]*page, n)
	for k := range out {
		q := *p
		q.index = k
		q.chunkH, q.chunksDown, q.nchunks = p.height, 1, 1
		q.offsets = []uint64{p.offsets[0] + uint64(k)*planeBytes}
		q.counts = []uint64{planeBytes}
		out[k] = &q
	}
	return out
}

// decodePages decodes every chunk of pages into pix, on all CPUs. The error reported is
// the one of the first failing chunk in file order, whatever the scheduling.
func decodePages(f *file, pages []*page, pix any) error {
	type job struct{ page, chunk int }
	p0 := pages[0]
	var total int
	for _, p := range pages {
		total += p.nchunks
	}
	workers := min(runtime.GOMAXPROCS(0), total)
	jobs := make(chan job, 4*workers)
	var (
		mu       sync.Mutex
		firstErr error
		errAt    = job{len(pages), 0}
		failed   bool
		wg       sync.WaitGroup
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := &chunkDecoder{f: f, pix: pix, h: p0.height, w: p0.width}
			for j := range jobs {
				mu.Lock()
				stop := failed
				mu.Unlock()
				if stop {
					continue
				}
				if err := d.decode(pages[j.page], j.chunk, j.page*p0.spp); err != nil {
					mu.Lock()
					if j.page < errAt.page || j.page == errAt.page && j.chunk < errAt.chunk {
						firstErr, errAt = err, j
					}
					failed = true
					mu.Unlock()
				}
			}
		}()
	}
	for pi, p := range pages {
		for i := 0; i < p.nchunks; i++ {
			jobs <- job{pi, i}
		}
	}
	close(jobs)
	wg.Wait()
	return firstErr
}
