package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/kernreg/kernreg/internal/atomicfile"
)

// FormatVersion is the manifest format this package reads and writes.
const FormatVersion = 1

var (
	// MaxAge is how long a manifest stays valid after it was created.
	MaxAge = 7 * 24 * time.Hour
	// LockTimeout is how long a process waits for another one building for the same
	// device before it compiles for itself without caching.
	LockTimeout = 2 * time.Minute
)

// Identity names a device as the cache keys it: everything but the driver version, so a
// driver update is seen (and logged) as a change of the same device's manifest.
type Identity struct {
	Backend  string `json:"backend"`            // "opencl" or "cuda"
	Name     string `json:"name"`               // device name
	Vendor   string `json:"vendor,omitempty"`   // device vendor
	Platform string `json:"platform,omitempty"` // OpenCL platform
	Version  string `json:"version,omitempty"`  // OpenCL version, or CUDA compute capability
}

// key is the identity's part of the manifest's file name.
func (id Identity) key() string {
	h := sha256.Sum256([]byte(strings.Join([]string{id.Backend, id.Name, id.Vendor, id.Platform, id.Version}, "\x00")))
	return id.Backend + "-" + hex.EncodeToString(h[:8])
}

// Manifest is one device's JSON file.
type Manifest struct {
	Format  int       `json:"format"`
	Build   string    `json:"kernreg_build"` // hash of the kernreg build that wrote it
	Device  Identity  `json:"device"`
	Driver  string    `json:"driver"`
	Created time.Time `json:"created"`
	Entries []Entry   `json:"entries"`
}

// Entry is one compiled program.
type Entry struct {
	Source  string    `json:"source"` // hash of the program's source and build options
	Name    string    `json:"name"`   // what the program is, for people
	Binary  string    `json:"binary"` // SHA-256 of the binary, which is also its file name
	Size    int64     `json:"size"`
	Created time.Time `json:"created"`
}

// Cache is a cache directory. A nil *Cache is a disabled cache: Program compiles every
// time and nothing is stored.
type Cache struct {
	dir   string
	build string
	log   *log.Logger
	now   func() time.Time
}

// New opens (creating it) the cache directory dir for a kernreg build with the given
// hash. Problems and invalidations are written to logger.
func New(dir, build string, logger *log.Logger) (*Cache, error) {
	if err := os.MkdirAll(filepath.Join(dir, "bin"), 0o755); err != nil {
		return nil, err
	}
	probe, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return nil, fmt.Errorf("cache directory %s is not writable: %w", dir, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	return &Cache{dir: dir, build: build, log: logger, now: time.Now}, nil
}

// Dir returns where the cache lives by default: KERNREG_CACHE_DIR, else
// os.UserCacheDir()/kernreg. It returns "" when KERNREG_NO_CACHE=1.
func Dir() (string, error) {
	if os.Getenv("KERNREG_NO_CACHE") == "1" {
		return "", nil
	}
	if d := os.Getenv("KERNREG_CACHE_DIR"); d != "" {
		return d, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no user cache directory (set KERNREG_CACHE_DIR): %w", err)
	}
	return filepath.Join(base, "kernreg"), nil
}

// FromEnv opens the default cache, or returns nil (no cache) when it is turned off or
// cannot be used; the latter is logged once, as a warning.
func FromEnv(build string, logger *log.Logger) *Cache {
	dir, err := Dir()
	if err == nil && dir == "" {
		return nil
	}
	if err == nil {
		var c *Cache
		if c, err = New(dir, build, logger); err == nil {
			return c
		}
	}
	logger.Printf("warning: running without a kernel cache: %v", err)
	return nil
}

// Path is the cache directory.
func (c *Cache) Path() string { return c.dir }

func (c *Cache) manifestPath(id Identity) string { return filepath.Join(c.dir, id.key()+".json") }
func (c *Cache) binPath(sum string) string       { return filepath.Join(c.dir, "bin", sum+".bin") }

// Outcome says where Program's binary came from.
type Outcome int

const (
	Compiled Outcome = iota // built now and stored
	Loaded                  // read from the cache
	Uncached                // built now; the cache is off, or its lock was not to be had
)

func (o Outcome) String() string {
	return [...]string{"compiled", "loaded from cache", "compiled (not cached)"}[o]
}

// Program returns the binary for source (a hash of the program source and build options)
// on the device: from the cache when a valid entry exists, else from compile, which is
// then stored. name describes the program in the manifest and the log.
func (c *Cache) Program(id Identity, driver, source, name string, compile func() ([]byte, error)) ([]byte, Outcome, error) {
	if c == nil {
		b, err := compile()
		return b, Uncached, err
	}
	unlock, err := c.lock(id)
	if err != nil {
		c.log.Printf("%v: compiling %s without the cache", err, name)
		b, err := compile()
		return b, Uncached, err
	}
	defer unlock()
	m, dirty := c.load(id, driver)
	if i := slices.IndexFunc(m.Entries, func(e Entry) bool { return e.Source == source }); i >= 0 {
		if b, err := c.readBinary(m.Entries[i]); err == nil {
			loads.Add(1)
			return b, Loaded, nil
		} else {
			c.log.Printf("%s: entry %s (%s): %v: rebuilding it", c.manifestPath(id), m.Entries[i].Name, source, err)
			m.Entries = slices.Delete(m.Entries, i, i+1)
			dirty = true
		}
	}
	b, err := compile()
	if err != nil {
		if dirty {
			c.save(m)
		}
		return nil, Compiled, err
	}
	sum := sha256.Sum256(b)
	e := Entry{Source: source, Name: name, Binary: hex.EncodeToString(sum[:]), Size: int64(len(b)), Created: c.now().UTC()}
	if err := atomicfile.WriteBytes(c.binPath(e.Binary), b, true); err != nil {
		c.log.Printf("%s: storing %s: %v", c.dir, name, err)
		return b, Uncached, nil
	}
	m.Entries = append(m.Entries, e)
	if err := c.save(m); err != nil {
		c.log.Printf("%s: %v", c.manifestPath(id), err)
		return b, Uncached, nil
	}
	return b, Compiled, nil
}

// Reject drops the entry for source: the driver refused its binary. The next Program
// call compiles it again.
func (c *Cache) Reject(id Identity, driver, source, reason string) {
	if c == nil {
		return
	}
	unlock, err := c.lock(id)
	if err != nil {
		c.log.Printf("%v: could not drop rejected entry %s", err, source)
		return
	}
	defer unlock()
	m, _ := c.load(id, driver)
	i := slices.IndexFunc(m.Entries, func(e Entry) bool { return e.Source == source })
	if i < 0 {
		return
	}
	c.log.Printf("%s: the driver rejected the binary of %s (%s): %s: rebuilding it", c.manifestPath(id), m.Entries[i].Name, c.binPath(m.Entries[i].Binary), reason)
	m.Entries = slices.Delete(m.Entries, i, i+1)
	if err := c.save(m); err != nil {
		c.log.Printf("%s: %v", c.manifestPath(id), err)
	}
}

// load reads the device's manifest, or starts a new one when there is none or it is not
// valid for this device, driver and build (saying why in the log). dirty reports that
// the returned manifest differs from the file.
func (c *Cache) load(id Identity, driver string) (m *Manifest, dirty bool) {
	fresh := &Manifest{Format: FormatVersion, Build: c.build, Device: id, Driver: driver, Created: c.now().UTC(), Entries: []Entry{}}
	path := c.manifestPath(id)
	old, err := readManifest(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fresh, true
	}
	if err != nil {
		c.log.Printf("%s: %v: rebuilding the cache for %s", path, err, id.Name)
		return fresh, true
	}
	if why := c.invalid(old, id, driver); why != "" {
		c.log.Printf("%s: %s: cache invalid, rebuilding", path, why)
		return fresh, true
	}
	return old, false
}

// invalid says why a well-formed manifest may not be used, or "".
func (c *Cache) invalid(m *Manifest, id Identity, driver string) string {
	switch {
	case m.Format > FormatVersion:
		return fmt.Sprintf("written by a newer kernreg (format %d, this one reads %d)", m.Format, FormatVersion)
	case m.Format < FormatVersion:
		return fmt.Sprintf("old format %d", m.Format)
	case m.Device != id:
		return fmt.Sprintf("device %+v -> %+v", m.Device, id)
	case m.Driver != driver:
		return fmt.Sprintf("driver %s -> %s", m.Driver, driver)
	case m.Build != c.build:
		return fmt.Sprintf("kernreg build %s -> %s", short(m.Build), short(c.build))
	case c.now().Sub(m.Created) > MaxAge:
		return fmt.Sprintf("created %s ago, more than %s", c.now().Sub(m.Created).Round(time.Hour), MaxAge)
	case m.Created.After(c.now().Add(time.Hour)):
		return fmt.Sprintf("created in the future (%s)", m.Created.Format(time.RFC3339))
	}
	return ""
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// readManifest parses a manifest and checks that it is complete.
func readManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("corrupt manifest: %w", err)
	}
	if m.Format == 0 || m.Device.Backend == "" || m.Created.IsZero() {
		return nil, errors.New("corrupt manifest: format, device or created time missing")
	}
	for _, e := range m.Entries {
		if len(e.Binary) != 64 || strings.ContainsAny(e.Binary, "/\\.") || e.Source == "" {
			return nil, fmt.Errorf("corrupt manifest: bad entry %+v", e)
		}
	}
	return &m, nil
}

// readBinary returns an entry's binary after checking its size and hash.
func (c *Cache) readBinary(e Entry) ([]byte, error) {
	path := c.binPath(e.Binary)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if int64(len(b)) != e.Size {
		return nil, fmt.Errorf("%s: truncated binary: %d bytes, the manifest says %d", path, len(b), e.Size)
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != e.Binary {
		return nil, fmt.Errorf("%s: binary does not match its SHA-256", path)
	}
	return b, nil
}

func (c *Cache) save(m *Manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(c.manifestPath(m.Device), append(data, '\n'), true)
}
