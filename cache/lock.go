package cache

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lock takes the device's lock file (an flock, released by the kernel if the process
// dies), waiting up to LockTimeout for another process to finish.
func (c *Cache) lock(id Identity) (unlock func(), err error) {
	path := filepath.Join(c.dir, id.key()+".lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cache lock %s: %w", path, err)
	}
	deadline := time.Now().Add(LockTimeout)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				f.Close()
			}, nil
		}
		if err != syscall.EWOULDBLOCK && err != syscall.EINTR {
			f.Close()
			return nil, fmt.Errorf("cache lock %s: %w", path, err)
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("cache lock %s: still held by another process after %s", path, LockTimeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
