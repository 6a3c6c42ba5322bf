package plan

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// SetLayout numbers the plan's migrations after the project's last one and
// names their files.
func (p *Plan) SetLayout(l *Layout) {
	p.Layout = l
	for i, m := range p.Migrations {
		m.Files = nil
		for _, f := range l.files(m, i+1) {
			m.Files = append(m.Files, f.Path)
		}
	}
}

// Files lists everything Emit writes besides faultline.yaml: the migrations
// in the layout, and the cleanup statements of each loose foreign key with
// the note for the code.
func (p *Plan) Files() []File {
	var out []File
	if p.Layout != nil {
		for i, m := range p.Migrations {
			out = append(out, p.Layout.files(m, i+1)...)
		}
	}
	seen := map[string]bool{}
	for _, s := range p.Steps {
		for _, it := range s.Items {
			if len(it.Cleanup) == 0 || seen[it.Migrations[0]] {
				continue
			}
			seen[it.Migrations[0]] = true
			text := "-- " + wrap(it.Code, 76, "-- ") + "\n--\n-- Run the first statement; for each row it returns, run the second with the\n-- row's key columns as $1..., then the third with its log id.\n" + sqlText(it.Cleanup)
			out = append(out, File{Path: "loose_foreign_keys/" + it.Migrations[0] + ".sql", Text: text})
		}
	}
	return out
}

// wrap breaks text into lines of at most width bytes, each later line led by
// prefix.
func wrap(text string, width int, prefix string) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(text) {
		if i > 0 && n+1+len(w) > width {
			b.WriteString("\n" + prefix)
			n = 0
		} else if i > 0 {
			b.WriteString(" ")
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// DirNotEmptyError says the emit directory holds files and --force was not
// given.
type DirNotEmptyError struct{ Dir string }

func (e *DirNotEmptyError) Error() string {
	return fmt.Sprintf("%s exists and is not empty; choose another directory or pass --force to write into it", e.Dir)
}

// Emit writes the plan's files and the updated configuration to dir, creating
// it. A directory that holds anything is refused unless force is set; then
// files of the same name are overwritten and the others left alone.
func (p *Plan) Emit(dir string, config []byte, force bool) error {
	if p.Layout == nil {
		return errors.New("the plan has no migration layout")
	}
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("reading %s: %w", dir, err)
	case len(entries) > 0 && !force:
		return &DirNotEmptyError{Dir: dir}
	}
	files := append(p.Files(), File{Path: "faultline.yaml", Text: string(config)})
	for _, f := range files {
		full := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, []byte(f.Text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
