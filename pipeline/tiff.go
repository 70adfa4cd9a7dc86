package pipeline

import (
	"fmt"
	"strings"

	"github.com/kernreg/kernreg/imageio/tiff"
	"github.com/kernreg/kernreg/registry"
)

// readTIFF reads a TIFF file as the plan's inputs. A file without channels (SizeC 1) is
// one image: a plane or a Z stack. A file with channels (OME-XML or an ImageJ
// hyperstack) gives one Z stack per channel, in the file's channel order, and must have
// as many as the pipeline declares. Time series are refused.
func (pl *Plan) readTIFF(path string) ([]*registry.Array, error) {
	img, err := tiff.ReadFile(path)
	if err != nil {
		return nil, err // names the file
	}
	m := img.Meta
	if m.SizeT > 1 {
		return nil, fmt.Errorf("%s: a time series (%d time points); kernreg pipelines take one plane or Z stack per image", path, m.SizeT)
	}
	chans := pl.Pipeline.Channels
	if len(chans) == 0 {
		if m.SizeC > 1 {
			return nil, fmt.Errorf("%s: the image has %d channels%s; declare them in the pipeline (channels: [...]) and pick one per step", path, m.SizeC, channelNames(m))
		}
		a, err := img.ArrayOf(registry.Float32)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return []*registry.Array{a}, nil
	}
	if m.SizeC != len(chans) {
		return nil, fmt.Errorf("%s: the pipeline reads %d channels (%s), the image has %d%s", path, len(chans), strings.Join(chans, ", "), m.SizeC, channelNames(m))
	}
	out := make([]*registry.Array, len(chans))
	for c := range chans {
		s, err := img.Stack(c, 0)
		if err != nil {
			return nil, fmt.Errorf("%s: channel %d: %w", path, c, err)
		}
		if out[c], err = s.ArrayOf(registry.Float32); err != nil {
			return nil, fmt.Errorf("%s: channel %d: %w", path, c, err)
		}
	}
	return out, nil
}

func channelNames(m tiff.Metadata) string {
	if len(m.ChannelNames) == 0 {
		return ""
	}
	return " (" + strings.Join(m.ChannelNames, ", ") + ")"
}
