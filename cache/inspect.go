package cache

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Summary describes one manifest for 'kernreg cache show'.
type Summary struct {
	Path    string    `json:"path"`
	Device  Identity  `json:"device"`
	Driver  string    `json:"driver"`
	Build   string    `json:"kernreg_build"`
	Created time.Time `json:"created"`
	Age     string    `json:"age"`
	Entries []Entry   `json:"entries"`
	Bytes   int64     `json:"bytes"`             // total size of the binaries
	Current bool      `json:"current"`           // written by this kernreg build, and not expired
	Problem string    `json:"problem,omitempty"` // why it is unreadable, if it is
}

// Show summarises every manifest in the cache, sorted by path.
func (c *Cache) Show() ([]Summary, error) {
	paths, err := filepath.Glob(filepath.Join(c.dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	out := make([]Summary, 0, len(paths))
	for _, p := range paths {
		m, err := readManifest(p)
		if err != nil {
			out = append(out, Summary{Path: p, Problem: err.Error()})
			continue
		}
		s := Summary{Path: p, Device: m.Device, Driver: m.Driver, Build: m.Build, Created: m.Created,
			Age: c.now().Sub(m.Created).Round(time.Second).String(), Entries: m.Entries}
		for _, e := range m.Entries {
			s.Bytes += e.Size
		}
		s.Current = m.Format == FormatVersion && m.Build == c.build && c.now().Sub(m.Created) <= MaxAge
		out = append(out, s)
	}
	return out, nil
}

// Verify checks every manifest and binary and returns each problem as "path: reason": a
// corrupt manifest, one from a newer kernreg, a missing, truncated or altered binary.
// Manifests that are merely stale (another build, another driver, expired) are not
// problems: they are replaced when their device is next used.
func (c *Cache) Verify() ([]string, error) {
	paths, err := filepath.Glob(filepath.Join(c.dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var problems []string
	for _, p := range paths {
		m, err := readManifest(p)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", p, err))
			continue
		}
		if m.Format > FormatVersion {
			problems = append(problems, fmt.Sprintf("%s: written by a newer kernreg (format %d, this one reads %d)", p, m.Format, FormatVersion))
			continue
		}
		for _, e := range m.Entries {
			if _, err := c.readBinary(e); err != nil {
				problems = append(problems, fmt.Sprintf("%s: entry %s: %v", p, e.Name, err))
			}
		}
	}
	return problems, nil
}

// Clear removes every manifest, lock and binary (and nothing else) from the cache.
func (c *Cache) Clear() (removed int, err error) {
	var errs []error
	for _, pattern := range []string{"*.json", "*.lock", ".*.tmp-*", filepath.Join("bin", "*.bin"), filepath.Join("bin", ".*.tmp-*")} {
		paths, _ := filepath.Glob(filepath.Join(c.dir, pattern))
		for _, p := range paths {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				errs = append(errs, err)
				continue
			}
			if !strings.HasSuffix(p, ".lock") {
				removed++
			}
		}
	}
	return removed, errors.Join(errs...)
}
