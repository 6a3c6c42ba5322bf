package migrations

import (
	"bytes"
	"sort"
	"strings"
)

// LineIndex maps byte offsets in a text to lines and columns. Lines end at \n (a \r
// before it belongs to the line, as in go/token); columns are 1-based and count bytes, so
// a column after a multi-byte character is larger than the number of characters before
// it, as in go/token and PostgreSQL's error positions.
type LineIndex struct {
	starts []int // offset of the first byte of each line
	size   int
}

// NewLineIndex indexes the lines of text.
func NewLineIndex(text string) *LineIndex {
	x := &LineIndex{starts: make([]int, 1, strings.Count(text, "\n")+1), size: len(text)}
	for i := 0; ; {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		x.starts = append(x.starts, i)
	}
	return x
}

// Position returns the 1-based line and byte column of offset. An offset out of the text
// is clamped to it, so len(text) is the position just after the last byte.
func (x *LineIndex) Position(offset int) (line, column int) {
	offset = max(0, min(offset, x.size))
	// The last line starting at or before offset.
	l := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > offset }) - 1
	return l + 1, offset - x.starts[l] + 1
}

// position is Position for a single offset into raw file bytes, which may not be text.
func position(b []byte, offset int) (line, column int) {
	offset = max(0, min(offset, len(b)))
	line = bytes.Count(b[:offset], []byte("\n")) + 1
	return line, offset - (bytes.LastIndexByte(b[:offset], '\n') + 1) + 1
}
