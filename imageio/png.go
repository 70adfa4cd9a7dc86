package imageio

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"slices"

	"github.com/kernreg/kernreg/registry"
)

// Scaling says how a float32 plane's values map onto the 256 grey levels of a preview.
type Scaling uint8

const (
	// MinMax maps the smallest finite value to black and the largest to white.
	MinMax Scaling = iota
	// Percentile maps the 1st percentile of the finite values to black and the 99th to
	// white, clipping outliers such as hot pixels.
	Percentile
)

func (s Scaling) String() string {
	switch s {
	case MinMax:
		return "minmax"
	case Percentile:
		return "percentile"
	}
	return fmt.Sprintf("Scaling(%d)", uint8(s))
}

// PreviewImage renders a plane (or a 1-slice volume) in host memory as an image for a
// preview: a float32 array becomes 8-bit grey scaled by s (NaN is black; a constant
// plane is all black), and a uint32 label array becomes colours from LabelColor.
// Previews are for looking at, not for data: use .npy files to keep values.
func PreviewImage(a *registry.Array, s Scaling) (image.Image, error) {
	p, err := a.AsPlane()
	if err != nil {
		return nil, fmt.Errorf("png: %v: a preview needs a plane; project or slice the volume first", a)
	}
	h, w := p.Shape()[0], p.Shape()[1]
	switch p.DType() {
	case registry.Float32:
		d, err := p.Float32s()
		if err != nil {
			return nil, fmt.Errorf("png: %w", err)
		}
		return grey(d, w, h, s)
	case registry.Uint32:
		d, err := p.Uint32s()
		if err != nil {
			return nil, fmt.Errorf("png: %w", err)
		}
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for i, l := range d {
			img.SetRGBA(i%w, i/w, LabelColor(l))
		}
		return img, nil
	}
	return nil, fmt.Errorf("png: %v: unsupported dtype", a)
}

// WritePNG writes the preview of a (see PreviewImage) as a PNG.
func WritePNG(w io.Writer, a *registry.Array, s Scaling) error {
	img, err := PreviewImage(a, s)
	if err != nil {
		return err
	}
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("png: %w", err)
	}
	return nil
}

func grey(d []float32, w, h int, s Scaling) (*image.Gray, error) {
	lo, hi := scaleRange(d, s)
	img := image.NewGray(image.Rect(0, 0, w, h))
	if !(hi > lo) {
		return img, nil // constant or all-NaN plane: black, rather than an arbitrary grey
	}
	k := 255 / (hi - lo)
	for i, v := range d {
		f := float64(v)
		switch {
		case math.IsNaN(f) || f <= lo:
			img.Pix[i] = 0
		case f >= hi:
			img.Pix[i] = 255
		default:
			img.Pix[i] = uint8(math.Round((f - lo) * k))
		}
	}
	return img, nil
}

// scaleRange returns the values that map to black and white; infinities and NaN are
// left out so that one bad pixel cannot blank the preview.
func scaleRange(d []float32, s Scaling) (lo, hi float64) {
	finite := make([]float64, 0, len(d))
	for _, v := range d {
		if f := float64(v); !math.IsNaN(f) && !math.IsInf(f, 0) {
			finite = append(finite, f)
		}
	}
	if len(finite) == 0 {
		return 0, 0
	}
	if s == Percentile {
		slices.Sort(finite)
		return quantile(finite, 0.01), quantile(finite, 0.99)
	}
	lo, hi = finite[0], finite[0]
	for _, f := range finite {
		lo, hi = min(lo, f), max(hi, f)
	}
	return lo, hi
}

// quantile interpolates linearly between the order statistics of sorted, as numpy's
// default percentile does.
func quantile(sorted []float64, q float64) float64 {
	pos := q * float64(len(sorted)-1)
	i := int(pos)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	frac := pos - float64(i)
	return sorted[i] + frac*(sorted[i+1]-sorted[i])
}

// LabelColor is the colour of label l in previews: black for 0 (background) and a
// bright, saturated colour for every other label, the same on every run. Hues step by
// the golden angle so that neighbouring label numbers get clearly different colours.
func LabelColor(l uint32) color.RGBA {
	if l == 0 {
		return color.RGBA{A: 255}
	}
	hue := math.Mod(float64(l)*0.6180339887498949, 1)
	sat := []float64{0.85, 0.6, 0.95}[l%3]
	val := []float64{1, 0.8}[(l/3)%2]
	r, g, b := hsv(hue, sat, val)
	return color.RGBA{R: r, G: g, B: b, A: 255}
}

func hsv(h, s, v float64) (r, g, b uint8) {
	h6 := h * 6
	i := int(h6) % 6
	f := h6 - math.Floor(h6)
	p, q, t := v*(1-s), v*(1-s*f), v*(1-s*(1-f))
	var rf, gf, bf float64
	switch i {
	case 0:
		rf, gf, bf = v, t, p
	case 1:
		rf, gf, bf = q, v, p
	case 2:
		rf, gf, bf = p, v, t
	case 3:
		rf, gf, bf = p, q, v
	case 4:
		rf, gf, bf = t, p, v
	default:
		rf, gf, bf = v, p, q
	}
	c := func(x float64) uint8 { return uint8(math.Round(x * 255)) }
	return c(rf), c(gf), c(bf)
}
