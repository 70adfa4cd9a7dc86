package cuda

import (
	"fmt"
	"time"
)

// Timer measures device time with a pair of events on the default stream, which every
// kernel and copy of kernreg is ordered on: Stop - Start is the time the device spent
// from the work queued after Start to the end of the work queued before Stop.
type Timer struct {
	d           *Device
	start, stop uintptr
}

// NewTimer makes a timer's two events; Release destroys them.
func (d *Device) NewTimer() (*Timer, error) {
	t := &Timer{d: d}
	err := d.do(func() error {
		if err := check("cuEventCreate", drv.cuEventCreate(&t.start, 0)); err != nil {
			return err
		}
		return check("cuEventCreate", drv.cuEventCreate(&t.stop, 0))
	})
	if err != nil {
		t.Release()
		return nil, err
	}
	return t, nil
}

// Start records the start event.
func (t *Timer) Start() error {
	return t.d.do(func() error { return check("cuEventRecord", drv.cuEventRecord(t.start, 0)) })
}

// Stop records the stop event, waits for it and returns the device time since Start.
func (t *Timer) Stop() (time.Duration, error) {
	var ms float32
	err := t.d.do(func() error {
		if err := check("cuEventRecord", drv.cuEventRecord(t.stop, 0)); err != nil {
			return err
		}
		if err := check("cuEventSynchronize", drv.cuEventSynchronize(t.stop)); err != nil {
			return err
		}
		return check("cuEventElapsedTime", drv.cuEventElapsedTime(&ms, t.start, t.stop))
	})
	if err != nil {
		return 0, fmt.Errorf("cuda: timing: %w", err)
	}
	return time.Duration(float64(ms) * float64(time.Millisecond)), nil
}

// Release destroys the events.
func (t *Timer) Release() {
	t.d.do(func() error {
		for _, e := range []uintptr{t.start, t.stop} {
			if e != 0 {
				drv.cuEventDestroy(e)
			}
		}
		return nil
	})
	t.start, t.stop = 0, 0
}
