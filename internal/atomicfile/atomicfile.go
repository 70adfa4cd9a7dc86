// Package atomicfile writes files so that a reader, or a crash, sees either the old
// content or the whole new one: the data goes to a temporary file in the same directory,
// named "."+base+".tmp-*", which is renamed into place once complete.
package atomicfile

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
)

// Pattern is the name pattern of path's temporary files, for code that cleans up after an
// interrupted write (filepath.Glob syntax, in path's directory).
func Pattern(path string) string { return "." + filepath.Base(path) + ".tmp-*" }

// Write writes path with write, buffered, through a temporary file of mode 0644. With
// sync the file is flushed to disk before the rename. On any failure, write's included,
// the temporary file is removed, path is left as it was, and the error is returned as
// it came.
func Write(path string, sync bool, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, Pattern(path))
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<20)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil { // CreateTemp makes it 0600
		return err
	}
	if sync {
		if err := tmp.Sync(); err != nil {
			return err
		}
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// WriteBytes writes data to path with Write.
func WriteBytes(path string, data []byte, sync bool) error {
	return Write(path, sync, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
