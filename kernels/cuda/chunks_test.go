package cuda

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// fakeCopy drives chunkCopy with a source and a destination in Go memory. A queued copy
// happens only when wait runs, as a device's would, so a loop that reads a staging buffer
// before waiting for its fill, or refills one still being read, ends with wrong bytes;
// the fake also reports it directly, with the chunk boundaries it was handed.
type fakeCopy struct {
	t          *testing.T
	src, dst   []byte
	chunk      int64
	asyncGet   bool
	asyncPut   bool
	queued     []fakeOp
	nextGet    int64 // the offset the next get must have
	nextPut    int64
	overlapped bool // a blocking copy ran while a queued one was in flight
	waits      int

	failGet, failPut, failWait int // fail the call with this 1-based number; 0 never
	gets, puts                 int
	onPut                      func(n int) // called with the put's 1-based number
}

type fakeOp struct {
	get   bool
	stage []byte
	off   int64
}

var errFake = errors.New("fake copy failed")

func (f *fakeCopy) check(kind string, stage []byte, off int64, want *int64) {
	f.t.Helper()
	if off != *want {
		f.t.Errorf("%s at byte %d, want %d (chunks in order, none skipped or repeated)", kind, off, *want)
	}
	if n := min(f.chunk, int64(len(f.src))-off); int64(len(stage)) != n {
		f.t.Errorf("%s at byte %d: %d bytes, want %d", kind, off, len(stage), n)
	}
	*want = off + int64(len(stage))
	for _, q := range f.queued {
		if &q.stage[0] == &stage[0] {
			f.t.Errorf("%s at byte %d uses the staging buffer of a queued copy at byte %d", kind, off, q.off)
		}
	}
	if len(f.queued) > 0 {
		f.overlapped = true
	}
}

func (f *fakeCopy) get(stage []byte, off int64) error {
	f.gets++
	if f.gets == f.failGet {
		return errFake
	}
	f.check("get", stage, off, &f.nextGet)
	if f.asyncGet {
		f.queued = append(f.queued, fakeOp{get: true, stage: stage, off: off})
		return nil
	}
	copy(stage, f.src[off:])
	return nil
}

func (f *fakeCopy) put(stage []byte, off int64) error {
	f.puts++
	if f.puts == f.failPut {
		return errFake
	}
	f.check("put", stage, off, &f.nextPut)
	if f.onPut != nil {
		f.onPut(f.puts)
	}
	if f.asyncPut {
		f.queued = append(f.queued, fakeOp{stage: stage, off: off})
		return nil
	}
	copy(f.dst[off:], stage)
	return nil
}

func (f *fakeCopy) wait() error {
	f.waits++
	for _, q := range f.queued {
		if q.get {
			copy(q.stage, f.src[q.off:])
		} else {
			copy(f.dst[q.off:], q.stage)
		}
	}
	f.queued = nil
	if f.waits == f.failWait {
		return errFake
	}
	return nil
}

// newFake makes a copy of n random bytes through two staging buffers of chunk bytes.
func newFake(t *testing.T, n, chunk int64, mode string) (*fakeCopy, *chunkCopy) {
	f := &fakeCopy{t: t, src: make([]byte, n), dst: make([]byte, n), chunk: chunk}
	r := rand.New(rand.NewPCG(uint64(n), uint64(chunk)))
	for i := range f.src {
		f.src[i] = byte(r.Uint32())
	}
	c := &chunkCopy{
		n: n, stage: [2][]byte{make([]byte, chunk), make([]byte, chunk)},
		get: f.get, put: f.put, getStep: "fake get", putStep: "fake put",
	}
	switch mode {
	case "asyncGet":
		f.asyncGet, c.asyncGet, c.wait = true, true, f.wait
	case "asyncPut":
		f.asyncPut, c.wait = true, f.wait
	}
	return f, c
}

var copyModes = []string{"blocking", "asyncGet", "asyncPut"}

// TestChunkCopy: every byte arrives, in chunks of the staging size with a short last one,
// for sizes around chunk boundaries, and an asynchronous side overlaps the blocking one.
func TestChunkCopy(t *testing.T) {
	const chunk = 16
	for _, mode := range copyModes {
		for _, n := range []int64{0, 1, 4, 15, 16, 17, 31, 32, 33, 5*chunk + 3, 100*chunk + 12} {
			t.Run(fmt.Sprintf("%s/%d", mode, n), func(t *testing.T) {
				f, c := newFake(t, n, chunk, mode)
				if err := c.run(context.Background()); err != nil {
					t.Fatal(err)
				}
				if len(f.queued) > 0 {
					t.Error("returned with copies queued")
				}
				if f.nextGet != n || f.nextPut != n {
					t.Errorf("got up to byte %d, put up to %d, want %d", f.nextGet, f.nextPut, n)
				}
				if !bytes.Equal(f.dst, f.src) {
					i := 0
					for f.dst[i] == f.src[i] {
						i++
					}
					t.Fatalf("byte %d is %d, want %d", i, f.dst[i], f.src[i])
				}
				if mode != "blocking" && n > chunk && !f.overlapped {
					t.Error("no blocking copy ran while a queued one was in flight")
				}
			})
		}
	}
}

// TestChunkCopyOneBuffer: a copy that fits in one chunk needs only the first buffer (the
// small-array path); a larger one without a second buffer is refused.
func TestChunkCopyOneBuffer(t *testing.T) {
	for _, mode := range copyModes {
		f, c := newFake(t, 10, 16, mode)
		c.stage[1] = nil
		if err := c.run(context.Background()); err != nil || !bytes.Equal(f.dst, f.src) {
			t.Fatalf("%s: %v", mode, err)
		}
		_, c = newFake(t, 17, 16, mode)
		c.stage[1] = nil
		if err := c.run(context.Background()); err == nil || !strings.Contains(err.Error(), "staging buffers") {
			t.Fatalf("%s: 17 bytes through one 16-byte buffer: %v", mode, err)
		}
	}
}

// TestChunkCopyCancel: cancelling stops the copy at the next chunk boundary, with no
// copy left queued.
func TestChunkCopyCancel(t *testing.T) {
	for _, mode := range copyModes {
		t.Run(mode, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			f, c := newFake(t, 10*16+5, 16, mode)
			f.onPut = func(n int) {
				if n == 3 {
					cancel()
				}
			}
			err := c.run(ctx)
			if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "after 48 of 165 bytes") {
				t.Fatalf("got %v, want a cancellation after 3 chunks", err)
			}
			if f.puts != 3 || len(f.queued) > 0 {
				t.Fatalf("%d puts, %d copies queued; want 3 and none", f.puts, len(f.queued))
			}
			// Cancelled before it starts: nothing is copied.
			f, c = newFake(t, 40, 16, mode)
			if err := c.run(ctx); !errors.Is(err, context.Canceled) || f.gets+f.puts > 0 {
				t.Fatalf("cancelled context: %v after %d gets and %d puts", err, f.gets, f.puts)
			}
		})
	}
}

// TestChunkCopyFailure: a failing get, put or wait stops the copy with an error that names
// the step and the bytes, and nothing is left queued.
func TestChunkCopyFailure(t *testing.T) {
	for _, mode := range copyModes {
		for _, tc := range []struct {
			name, want string
			set        func(*fakeCopy)
		}{
			{"get", "fake get: bytes [32, 48) of 100", func(f *fakeCopy) { f.failGet = 3 }},
			{"first get", "fake get: bytes [0, 16) of 100", func(f *fakeCopy) { f.failGet = 1 }},
			{"put", "fake put: bytes [16, 32) of 100", func(f *fakeCopy) { f.failPut = 2 }},
			{"last put", "fake put: bytes [96, 100) of 100", func(f *fakeCopy) { f.failPut = 7 }},
			{"wait", "waiting for the copies queued before byte 32 of 100", func(f *fakeCopy) { f.failWait = 3 }},
		} {
			if tc.name == "wait" && mode == "blocking" {
				continue
			}
			t.Run(mode+"/"+tc.name, func(t *testing.T) {
				f, c := newFake(t, 100, 16, mode)
				tc.set(f)
				err := c.run(context.Background())
				if !errors.Is(err, errFake) || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("got %v, want %q", err, tc.want)
				}
				if len(f.queued) > 0 {
					t.Error("returned with copies queued")
				}
			})
		}
	}
}
