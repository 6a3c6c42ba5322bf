// Package safefile reads the files faultline is given — faultline.yaml, the
// baseline, migrations, query files, Go sources scanned for suppressions — so that
// no input can hang or exhaust a run: only regular files are opened (never a
// device, a named pipe or a socket, which can be read forever or block on open),
// and no file larger than a cap is read.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// MaxSize is the largest file faultline reads: far above any real configuration,
// migration or query file (GitLab's structure.sql is about 1.5 MB), far below what
// would exhaust memory.
const MaxSize = 256 << 20

// ErrNotRegular is returned, wrapped, for a path that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is returned, wrapped, for a file over the size cap.
var ErrTooLarge = errors.New("file too large")

// Read returns the content of the regular file at path, following symbolic links,
// at most MaxSize bytes. Errors name the path and say what is wrong.
func Read(path string) ([]byte, error) { return ReadMax(path, MaxSize) }

// ReadMax is Read with a cap of max bytes.
func ReadMax(path string, max int64) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := Check(path, st, max); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|nonblock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The path may have been replaced between Stat and Open: check what was opened.
	if st, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := Check(path, st, max); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	if int64(len(data)) > max {
		return nil, tooLarge(path, max)
	}
	return data, nil
}

// Check returns an error naming path unless st describes a regular file of at
// most max bytes.
func Check(path string, st fs.FileInfo, max int64) error {
	if !st.Mode().IsRegular() {
		return &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w (%s): faultline reads only regular files", ErrNotRegular, Kind(st.Mode()))}
	}
	if st.Size() > max {
		return tooLarge(path, max)
	}
	return nil
}

// Regular reports whether path, links followed, is a regular file.
func Regular(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

func tooLarge(path string, max int64) error {
	limit := fmt.Sprintf("%d bytes", max)
	if max >= 1<<20 {
		limit = fmt.Sprintf("%d MiB", max>>20)
	}
	return &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w: over the %s faultline reads", ErrTooLarge, limit)}
}

// Kind names a file mode's type for a message.
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "not a regular file"
}

// LoneCRToLF turns, in place, every carriage return not followed by a line feed
// into a line feed: a file saved with classic Mac line endings then has the lines
// an editor shows, at the same byte offsets (CRLF is left alone), so every
// position counted by line feeds is right.
func LoneCRToLF(b []byte) {
	for i, c := range b {
		if c == '\r' && (i+1 == len(b) || b[i+1] != '\n') {
			b[i] = '\n'
		}
	}
}
