package cuda

import (
	"context"
	"fmt"
)

// chunkCopy copies n bytes from a source to a destination through two staging buffers,
// one chunk at a time: get fills a staging buffer from the source at byte offset off,
// put writes a staging buffer to the destination at off. One of the two may only queue
// its copy (asyncGet says which); wait blocks until every queued copy is done.
//
// While put empties one staging buffer, get fills the other, so an asynchronous side's
// copy of one chunk overlaps the blocking side's copy of the chunk before or after it.
// The loop keeps a buffer out of reach of a new copy until wait has seen the one that
// used it finish, and returns with no copy queued, also on errors.
type chunkCopy struct {
	n     int64
	stage [2][]byte // equal lengths (the chunk size); stage[1] is used only when n > one chunk
	get   func(stage []byte, off int64) error
	put   func(stage []byte, off int64) error
	wait  func() error // nil when both sides block

	asyncGet bool   // get queues its copy and put blocks; otherwise put queues or both block
	getStep  string // the steps, for errors: "downloading from cuda"
	putStep  string
}

func (c *chunkCopy) run(ctx context.Context) (err error) {
	size := int64(len(c.stage[0]))
	if size == 0 || (c.n > size && int64(len(c.stage[1])) != size) {
		return fmt.Errorf("cuda: staging buffers of %d and %d bytes for a copy of %d bytes", size, len(c.stage[1]), c.n)
	}
	chunks := (c.n + size - 1) / size
	queued := false // a copy may be in flight
	sync := func() error {
		queued = false
		if c.wait == nil {
			return nil
		}
		return c.wait()
	}
	defer func() {
		if queued {
			sync() // err already says what failed; the buffers must be idle before returning
		}
	}()
	step := func(name string, f func([]byte, int64) error, i int64) error {
		off := i * size
		end := min(off+size, c.n)
		queued = c.wait != nil
		if err := f(c.stage[i%2][:end-off], off); err != nil {
			return fmt.Errorf("%s: bytes [%d, %d) of %d: %w", name, off, end, c.n, err)
		}
		return nil
	}
	if chunks == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := step(c.getStep, c.get, 0); err != nil {
		return err
	}
	for i := range chunks {
		// Chunk i is in its buffer, and the other buffer's last copy (chunk i-1's put) is
		// done, so the next get and this put touch different, idle buffers.
		if err := sync(); err != nil {
			return fmt.Errorf("%s: waiting for the copies queued before byte %d of %d: %w", c.asyncStep(), i*size, c.n, err)
		}
		if i > 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("stopped after %d of %d bytes: %w", i*size, c.n, err)
			}
		}
		next := func() error {
			if i+1 < chunks {
				return step(c.getStep, c.get, i+1)
			}
			return nil
		}
		// The queued copy goes first, so that the blocking one runs while it is in flight.
		if c.asyncGet {
			if err := next(); err != nil {
				return err
			}
			if err := step(c.putStep, c.put, i); err != nil {
				return err
			}
		} else {
			if err := step(c.putStep, c.put, i); err != nil {
				return err
			}
			if err := next(); err != nil {
				return err
			}
		}
	}
	if err := sync(); err != nil {
		return fmt.Errorf("%s: waiting for the last copies of %d bytes: %w", c.asyncStep(), c.n, err)
	}
	return nil
}

// asyncStep names the side whose copies wait waits for.
func (c *chunkCopy) asyncStep() string {
	if c.asyncGet {
		return c.getStep
	}
	return c.putStep
}
