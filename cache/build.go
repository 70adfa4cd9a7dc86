package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"runtime/debug"
	"strings"
)

// Build is the hash that ties a manifest to the kernreg build that wrote it: the Go
// version, the module's version and VCS revision (with its modified flag) from the
// binary's build info, and whatever the caller adds (a backend adds the hash of all its
// kernel sources and its build options). Entries are also keyed by their own source
// hash, so even a build from a modified tree never loads a binary of other source.
func Build(extra ...string) string {
	parts := []string{}
	if bi, ok := debug.ReadBuildInfo(); ok {
		parts = append(parts, bi.GoVersion, bi.Main.Path, bi.Main.Version)
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" || s.Key == "GOARCH" {
				parts = append(parts, s.Key+"="+s.Value)
			}
		}
	}
	parts = append(parts, extra...)
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:16])
}
