package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kernreg/kernreg/internal/atomicfile"
)

// sync makes dir hold exactly the generated files: it writes the ones whose bytes
// changed (atomically) and removes generated files no longer produced. Hand-written files
// (those ast.IsGenerated does not recognise) are never touched. In check mode it writes
// nothing, prints a diff of every difference to w, and reports whether anything differs.
func sync(dir string, files map[string][]byte, check bool, w io.Writer) (stale bool, err error) {
	if !check {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return false, err
		}
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		path := filepath.Join(dir, n)
		old, err := os.ReadFile(path)
		if err != nil && !os.IsNotExist(err) {
			return stale, err
		}
		if bytes.Equal(old, files[n]) {
			continue
		}
		stale = true
		if check {
			fmt.Fprint(w, unifiedDiff(filepath.ToSlash(filepath.Join(filepath.Base(dir), n)), string(old), string(files[n])))
			continue
		}
		if err := atomicfile.WriteBytes(path, files[n], false); err != nil {
			return stale, err
		}
	}
	ents, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		return stale, err
	}
	for _, e := range ents {
		n := e.Name()
		if _, ok := files[n]; ok || e.IsDir() || !strings.HasSuffix(n, ".go") {
			continue
		}
		path := filepath.Join(dir, n)
		if !isGenerated(path) {
			continue
		}
		stale = true
		if check {
			fmt.Fprintf(w, "--- %s\n+++ /dev/null\n(generated file is no longer produced)\n", n)
			continue
		}
		if err := os.Remove(path); err != nil {
			return stale, err
		}
	}
	return stale, nil
}

func isGenerated(path string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.PackageClauseOnly|parser.ParseComments)
	return err == nil && ast.IsGenerated(f)
}

// unifiedDiff is a small line diff (longest common subsequence) in unified format with
// three lines of context, enough to show what -check found stale.
func unifiedDiff(name, a, b string) string {
	x, y := splitLines(a), splitLines(b)
	n, m := len(x), len(y)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		op   byte
		text string
		i, j int
	}
	var ops []line
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			ops = append(ops, line{' ', x[i], i, j})
			i++
			j++
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, line{'-', x[i], i, j})
			i++
		default:
			ops = append(ops, line{'+', y[j], i, j})
			j++
		}
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s (on disk)\n+++ %s (generated)\n", name, name)
	const ctx = 3
	for k := 0; k < len(ops); {
		if ops[k].op == ' ' {
			k++
			continue
		}
		start := max(0, k-ctx)
		end := k
		for end < len(ops) {
			if ops[end].op != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].op == ' ' {
				run++
			}
			if run-end > 2*ctx || run == len(ops) {
				end = min(end+ctx, len(ops))
				break
			}
			end = run
		}
		fmt.Fprintf(&out, "@@ -%d +%d @@\n", ops[start].i+1, ops[start].j+1)
		for _, l := range ops[start:end] {
			fmt.Fprintf(&out, "%c%s\n", l.op, l.text)
		}
		k = end
	}
	return out.String()
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
