//go:build unix

package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "ok.sql")
	if err := os.WriteFile(regular, []byte("SELECT 1;"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.sql")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.sql")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	loop := filepath.Join(dir, "loop.sql")
	if err := os.Symlink(loop, loop); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		max  int64
		want error
		msg  string
	}{
		{regular, MaxSize, nil, ""},
		{regular, 4, ErrTooLarge, "over the 4 bytes"},
		{fifo, MaxSize, ErrNotRegular, "a named pipe"},
		{zero, MaxSize, ErrNotRegular, "a character device"},
		{dir, MaxSize, ErrNotRegular, "a directory"},
		{loop, MaxSize, syscall.ELOOP, "too many levels"},
		{filepath.Join(dir, "missing"), MaxSize, os.ErrNotExist, "no such file"},
	} {
		done := make(chan struct{})
		var data []byte
		var err error
		go func() { data, err = ReadMax(tc.path, tc.max); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("ReadMax(%s) hangs", tc.path)
		}
		if tc.want == nil {
			if err != nil || string(data) != "SELECT 1;" {
				t.Errorf("ReadMax(%s) = %q, %v", tc.path, data, err)
			}
			continue
		}
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) || !strings.Contains(err.Error(), tc.path) {
			t.Errorf("ReadMax(%s) error = %v, want %v naming the path and saying %q", tc.path, err, tc.want, tc.msg)
		}
	}
}

func TestRegular(t *testing.T) {
	if Regular("/dev/zero") || Regular(t.TempDir()) {
		t.Error("a device or a directory is called regular")
	}
	f := filepath.Join(t.TempDir(), "f")
	os.WriteFile(f, nil, 0o644)
	if !Regular(f) {
		t.Error("a regular file is not called regular")
	}
}

func TestLoneCRToLF(t *testing.T) {
	b := []byte("a\rb\r\nc\r")
	LoneCRToLF(b)
	if string(b) != "a\nb\r\nc\n" {
		t.Errorf("got %q", b)
	}
}
