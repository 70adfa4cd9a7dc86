package cache

import (
	"log"
	"os"
	"sync"
	"sync/atomic"
)

var (
	sharedOnce sync.Once
	shared     *Cache
)

// Shared is the process's kernel cache, opened on first use from the environment
// (FromEnv) and logging to standard error; nil when it is off or cannot be used. Every
// GPU backend of the process stores its binaries in it.
func Shared() *Cache {
	sharedOnce.Do(func() {
		shared = FromEnv(Build(), log.New(os.Stderr, "kernreg: cache: ", 0))
	})
	return shared
}

// loads counts the binaries Program returned from a cache in this process.
var loads atomic.Int64

// Loads reports how many binaries this process has loaded from a kernel cache (for tests
// and benchmarks: a warm start loads every program it uses).
func Loads() int64 { return loads.Load() }
