package tiff

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/tiff/lzw"
)

// codecInputs are byte strings that take the encoders through their edge cases: empty,
// one byte, long runs (LZW strings up to the table's limit), noise (table resets every
// ~3800 codes) and a mix.
func codecInputs() map[string][]byte {
	rng := rand.New(rand.NewPCG(3, 4))
	noise := make([]byte, 1<<20)
	for i := range noise {
		noise[i] = byte(rng.IntN(256))
	}
	mixed := make([]byte, 1<<20)
	for i := range mixed {
		mixed[i] = byte(i / 1000)
		if rng.IntN(10) == 0 {
			mixed[i] = byte(rng.IntN(4))
		}
	}
	return map[string][]byte{
		"empty": {}, "one": {42}, "run": bytes.Repeat([]byte{7}, 1<<20), "noise": noise, "mixed": mixed,
		"pairs": bytes.Repeat([]byte{1, 2}, 5000),
	}
}

func TestLZWEncoder(t *testing.T) {
	var w lzwWriter
	for name, in := range codecInputs() {
		enc := lzwEncode(&w, nil, in)
		r := lzw.NewReader(bytes.NewReader(enc), lzw.MSB, 8)
		out, err := io.ReadAll(r)
		if err != nil || !bytes.Equal(out, in) {
			t.Errorf("%s: decoded %d bytes (%v), want %d", name, len(out), err, len(in))
		}
	}
}

func TestPackBits(t *testing.T) {
	for name, in := range codecInputs() {
		enc := packBits(nil, in)
		out := make([]byte, len(in))
		if err := unpackBits(out, enc); err != nil || !bytes.Equal(out, in) {
			t.Errorf("%s: %v", name, err)
		}
		if len(in) > 0 && len(enc) > len(in)+len(in)/128+1 {
			t.Errorf("%s: %d bytes packed to %d", name, len(in), len(enc))
		}
	}
	if err := unpackBits(make([]byte, 10), []byte{5, 1, 2}); err == nil {
		t.Error("truncated literal run: no error")
	}
}
