package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.bin")
	if err := WriteBytes(path, []byte("old"), true); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(path, false, func(w io.Writer) error {
		w.Write([]byte("half"))
		return boom
	})
	if err != boom {
		t.Fatalf("got %v, want the write function's error", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("a failed write changed the file: %q", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, Pattern(path))); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if err := WriteBytes(path, []byte("new"), false); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if b, _ := os.ReadFile(path); string(b) != "new" || st.Mode().Perm() != 0o644 {
		t.Errorf("content %q mode %v", b, st.Mode())
	}
	if err := WriteBytes(filepath.Join(dir, "missing", "x"), nil, false); err == nil {
		t.Error("write into a missing directory succeeded")
	}
}
