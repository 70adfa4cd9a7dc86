// Package cache is kernreg's runtime cache of compiled GPU kernels: one JSON manifest per
// device, plus the binaries it lists (OpenCL program binaries, CUDA cubins), so that a
// second start loads programs instead of compiling them. Shared is the process's cache,
// which both GPU backends use.
//
// # Location
//
// os.UserCacheDir()/kernreg, or KERNREG_CACHE_DIR; KERNREG_NO_CACHE=1 turns it off. A
// directory that cannot be created or written degrades to no cache, with one warning.
//
// # Layout
//
//	DIR/BACKEND-DEVICEKEY.json   the manifest of one device (see Manifest)
//	DIR/BACKEND-DEVICEKEY.lock   held while a process reads, builds or writes for it
//	DIR/bin/SHA256.bin           a compiled binary, named by its own content hash
//
// # Validity
//
// A manifest is used only when its format version is this package's, and its device
// identity, driver version and kernreg build hash equal the running ones, and it is
// younger than MaxAge (7 days). Otherwise the log says what changed
// ("driver 580.159.04 -> 580.160.01: cache invalid") and the manifest is rebuilt. An
// entry is used only when its binary exists with the recorded size and SHA-256, and its
// source hash is the one asked for. A corrupt manifest, a truncated binary, a binary the
// driver rejects (Reject) and a manifest written by a newer kernreg are each logged with
// the file's path and the reason, and rebuilt; stale data is never returned.
//
// # Concurrency
//
// Writes are atomic (a temporary file renamed into place), so readers never see a torn
// file. A process that must build a binary holds the device's lock file (flock) while it
// compiles and records it; others wait up to LockTimeout, then find the entry and load it,
// so several processes starting together on an empty cache build each program once. A
// process that cannot get the lock in time compiles for itself without caching.
package cache
