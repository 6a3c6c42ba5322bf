package baseline

import (
	"bytes"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the baseline reader: it must return a
// baseline or positioned errors, never panic, and what it reads must write back
// to a file that reads the same.
func FuzzParse(f *testing.F) {
	f.Add([]byte("version: 1\nfindings:\n  pricing:\n    - {kind: private, to: coreproduct, subject: \"x\", count: 2}\n"))
	f.Add([]byte("version: 1\nfindings:\n  \"\":\n    - {kind: unowned-table, subject: audit_log, count: 1}\n"))
	f.Add([]byte("version: 2\n"))
	f.Add([]byte("findings: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse(FileName, data)
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := b.Write(&out); err != nil {
			t.Fatalf("writing a parsed baseline: %v", err)
		}
		again, err := Parse(FileName, out.Bytes())
		if err != nil {
			t.Fatalf("the written baseline does not read back: %v\n%s", err, out.String())
		}
		if again.Len() != b.Len() {
			t.Fatalf("read %d entries, wrote and read back %d", b.Len(), again.Len())
		}
	})
}
