package tiff

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"

	"golang.org/x/image/tiff/lzw"
)

// chunkDecoder decodes strips and tiles into an image's pixels. Each goroutine has its
// own; the buffers are reused from chunk to chunk.
type chunkDecoder struct {
	f    *file
	pix  any
	h, w int // plane size of the image
	buf  []byte
	comp []byte
	tmp  []byte
	br   bytes.Reader
	zr   io.ReadCloser
}

func grow(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}

// decode decodes chunk i of page p, whose first sample plane is plane0 of the image.
func (c *chunkDecoder) decode(p *page, i, plane0 int) error {
	need := p.chunkBytes(i)
	c.buf = grow(c.buf, need)
	if err := c.decompress(p, i, c.buf); err != nil {
		return fmt.Errorf("tiff: %s %d of page %d: %w", p.kind(), i, p.index, err)
	}
	perPlane := p.chunksAcross * p.chunksDown
	s, j := 0, i
	if p.planar == 2 {
		s, j = i/perPlane, i%perPlane
	}
	x0, y0 := (j%p.chunksAcross)*p.chunkW, (j/p.chunksAcross)*p.chunkH
	rows, cols := min(p.chunkH, p.height-y0), min(p.chunkW, p.width-x0)
	sppC, size := p.sppChunk(), p.dtype.Size()
	rowLen := p.chunkW * sppC
	predRows := rows
	if p.tiled {
		predRows = p.chunkH
	}
	big := c.f.bigEndian()
	switch p.predictor {
	case predictorHorizontal:
		undoHorizontal(c.buf, predRows, rowLen, sppC, size, big)
	case predictorFloat:
		c.tmp = grow(c.tmp, rowLen*size)
		undoFloat(c.buf, c.tmp, predRows, rowLen, sppC, size, big)
	}
	for r := range rows {
		for k := range sppC {
			plane := plane0 + s + k
			at := plane*c.h*c.w + (y0+r)*c.w + x0
			unpack(c.pix, at, c.buf, cols, sppC, r*rowLen+k, big)
		}
	}
	return nil
}

// decompress fills dst with the decoded bytes of chunk i of p.
func (c *chunkDecoder) decompress(p *page, i int, dst []byte) error {
	off, n := int64(p.offsets[i]), int64(p.counts[i])
	what := fmt.Sprintf("%s %d of page %d", p.kind(), i, p.index)
	if p.compression == None {
		return c.f.readAt(dst, off, what)
	}
	c.comp = grow(c.comp, int(n))
	if err := c.f.readAt(c.comp, off, what); err != nil {
		return err
	}
	c.br.Reset(c.comp)
	var err error
	switch p.compression {
	case Deflate, deflateOld:
		if c.zr == nil {
			c.zr, err = zlib.NewReader(&c.br)
		} else {
			err = c.zr.(zlib.Resetter).Reset(&c.br, nil)
		}
		if err != nil {
			return fmt.Errorf("Deflate data: %w", err)
		}
		return readAll(c.zr, dst, "Deflate")
	case LZW:
		if len(c.comp) >= 2 && c.comp[0] == 0 && c.comp[1]&1 == 1 {
			return errors.New("LZW data in the bit order of TIFF before 6.0 is not supported")
		}
		zr := lzw.NewReader(&c.br, lzw.MSB, 8)
		defer zr.Close()
		return readAll(zr, dst, "LZW")
	case PackBits:
		return unpackBits(dst, c.comp)
	}
	return fmt.Errorf("compression %v is not supported", p.compression)
}

// readAll fills dst from a decompressor; data beyond it is ignored, as libtiff does.
func readAll(r io.Reader, dst []byte, codec string) error {
	n, err := io.ReadFull(r, dst)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return fmt.Errorf("%s data ends after %d of %d bytes", codec, n, len(dst))
	}
	return fmt.Errorf("%s data after %d of %d bytes: %w", codec, n, len(dst), err)
}

func (f *file) bigEndian() bool { return f.order.Uint16([]byte{0, 1}) == 1 }
