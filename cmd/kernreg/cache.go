package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kernreg/kernreg/cache"
)

func newCacheCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cache show|verify|clear",
		Short: "Inspect, check or empty the cache of compiled GPU kernels",
		Long: `The cache holds compiled GPU kernel binaries per device, so that a second start loads
them instead of compiling. It lives in $KERNREG_CACHE_DIR, else in the user cache
directory under kernreg; KERNREG_NO_CACHE=1 turns it off.

  show [--json]  every device manifest: device, driver, age, entries and their sizes
  verify         check every manifest and binary; exit 1 on a corrupt manifest, a
                 truncated or altered binary, or a manifest from a newer kernreg
  clear          remove every manifest and binary`,
		Args: exactArgs(0, "a subcommand (show, verify, clear)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return usagef("cache needs a subcommand: show, verify or clear")
		},
	}
	var asJSON bool
	show := &cobra.Command{
		Use:   "show [--json]",
		Short: "List the cache's device manifests and their entries",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := openCache()
			if err != nil {
				return err
			}
			sums, err := c.Show()
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), struct {
					Dir       string          `json:"dir"`
					Manifests []cache.Summary `json:"manifests"`
				}{c.Path(), append([]cache.Summary{}, sums...)})
			}
			printCache(cmd.OutOrStdout(), c.Path(), sums)
			return nil
		},
	}
	show.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	verify := &cobra.Command{
		Use:   "verify",
		Short: "Check every manifest and binary; exit 1 on any problem",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := openCache()
			if err != nil {
				return err
			}
			probs, err := c.Verify()
			if err != nil {
				return err
			}
			for _, p := range probs {
				fmt.Fprintln(cmd.ErrOrStderr(), p)
			}
			if len(probs) > 0 {
				return fmt.Errorf("cache verify: %d problem(s) in %s (they are rebuilt when their device is next used; 'kernreg cache clear' removes everything)", len(probs), c.Path())
			}
			fmt.Fprintf(cmd.OutOrStdout(), "cache %s: ok\n", c.Path())
			return nil
		},
	}
	clear := &cobra.Command{
		Use:   "clear",
		Short: "Remove every manifest and compiled binary",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := openCache()
			if err != nil {
				return err
			}
			n, err := c.Clear()
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "removed %d file(s) from %s\n", n, c.Path())
			return nil
		},
	}
	cmd.AddCommand(show, verify, clear)
	return cmd
}

func openCache() (*cache.Cache, error) {
	dir, err := cache.Dir()
	if err != nil {
		return nil, err
	}
	if dir == "" {
		return nil, errors.New("the cache is turned off (KERNREG_NO_CACHE=1)")
	}
	return cache.New(dir, cache.Build(), log.New(io.Discard, "", 0))
}

func printCache(w io.Writer, dir string, sums []cache.Summary) {
	fmt.Fprintf(w, "cache %s: %d device manifest(s)\n", dir, len(sums))
	for _, s := range sums {
		if s.Problem != "" {
			fmt.Fprintf(w, "\n%s\n  unreadable: %s\n", s.Path, s.Problem)
			continue
		}
		state := "current"
		if !s.Current {
			state = "stale: replaced when the device is next used"
		}
		fmt.Fprintf(w, "\n%s: %s (%s)\n", s.Device.Backend, s.Device.Name, strings.Join(nonEmpty(s.Device.Platform, s.Device.Version), ", "))
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "  manifest\t%s\n  driver\t%s\n  age\t%s (%s)\n  binaries\t%d, %d bytes\n", s.Path, s.Driver, s.Age, state, len(s.Entries), s.Bytes)
		tw.Flush()
		for _, e := range s.Entries {
			fmt.Fprintf(w, "    %-28s %8d bytes  source %.12s\n", e.Name, e.Size, e.Source)
		}
	}
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
