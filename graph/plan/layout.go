package plan

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/faultline/faultline/schema/migrations"
)

// Formats lists the migration formats Emit writes.
var Formats = []migrations.Format{
	migrations.GolangMigrate, migrations.Goose, migrations.SQLMigrate, migrations.Dbmate,
	migrations.Tern, migrations.Flyway, migrations.Atlas, migrations.Plain,
}

// Layout is how a project's migrations are written: the tool's format, the
// directory, and the version the new ones follow.
type Layout struct {
	Format migrations.Format `json:"format"`
	// Dir is the directory of the last migration, relative to faultline.yaml.
	Dir string `json:"dir"`
	// After is the version of the last existing migration.
	After string `json:"after"`
	// Note says what the tool needs besides the files, "" when nothing.
	Note string `json:"note,omitempty"`
}

// LayoutError says why the project's migrations cannot take the plan's.
type LayoutError struct {
	Format migrations.Format
	Reason string
}

func (e *LayoutError) Error() string {
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return fmt.Sprintf("cannot write migrations after sql.migrations (%s): %s; faultline plan --emit writes %s", e.Format, e.Reason, strings.Join(names, ", "))
}

// NewLayout reads the layout from the scripts sql.migrations names, in the
// order they apply: the format and directory of the last numbered one.
func NewLayout(scripts []migrations.Script) (*Layout, error) {
	var last *migrations.Script
	for i := range scripts {
		if scripts[i].Version != "" {
			last = &scripts[i]
		}
	}
	switch {
	case len(scripts) == 0:
		return nil, &LayoutError{Format: "none", Reason: "faultline.yaml names no migration files"}
	case last == nil:
		return nil, &LayoutError{Format: scripts[len(scripts)-1].Format, Reason: "no migration file has a version number to follow (" + scripts[len(scripts)-1].File + ")"}
	}
	supported := false
	for _, f := range Formats {
		supported = supported || f == last.Format
	}
	if !supported {
		return nil, &LayoutError{Format: last.Format, Reason: "that is not a migration tool's format"}
	}
	if _, err := nextVersion(last.Version, 1); err != nil {
		return nil, &LayoutError{Format: last.Format, Reason: err.Error()}
	}
	dir := path.Dir(last.File)
	if path.IsAbs(dir) || dir == ".." || strings.HasPrefix(dir, "../") {
		// Outside the configuration's directory: the files go to the top of
		// the emit directory, to be copied by hand.
		dir = "."
	}
	l := &Layout{Format: last.Format, Dir: dir, After: last.Version}
	if l.Format == migrations.Atlas {
		l.Note = "run `atlas migrate hash` after copying the files: atlas.sum must list them"
	}
	return l, nil
}

// nextVersion returns the version i places after v, in v's own spelling:
// 000010 → 000011, 20240101120000 → 20240101120001, Flyway's 1.2 → 1.3.
func nextVersion(v string, i int) (string, error) {
	cut := strings.LastIndexAny(v, "._")
	head, tail := v[:cut+1], v[cut+1:]
	n, err := strconv.ParseUint(tail, 10, 63)
	if err != nil {
		return "", fmt.Errorf("version %q does not end in a number", v)
	}
	s := strconv.FormatUint(n+uint64(i), 10)
	if len(s) < len(tail) {
		s = strings.Repeat("0", len(tail)-len(s)) + s
	}
	return head + s, nil
}

// File is one file Emit writes.
type File struct {
	Path string // relative to the emit directory, slash-separated
	Text string
}

// files renders migration m, the i-th new one, in the layout.
func (l *Layout) files(m *Migration, i int) []File {
	v, _ := nextVersion(l.After, i)
	in := func(name string) string { return path.Join(l.Dir, name) }
	up, down := sqlText(m.Up), sqlText(m.Down)
	head := "-- " + wrap(m.Summary, 76, "-- ") + ".\n-- Written by faultline plan (step " + strconv.Itoa(m.Step) + ").\n"
	switch l.Format {
	case migrations.GolangMigrate:
		return []File{{in(v + "_" + m.ID + ".up.sql"), head + up}, {in(v + "_" + m.ID + ".down.sql"), head + down}}
	case migrations.Goose:
		return []File{{in(v + "_" + m.ID + ".sql"), head + "\n-- +goose Up\n" + annotated(m.Up, "-- +goose") + "\n-- +goose Down\n" + annotated(m.Down, "-- +goose")}}
	case migrations.SQLMigrate:
		return []File{{in(v + "_" + m.ID + ".sql"), head + "\n-- +migrate Up\n" + annotated(m.Up, "-- +migrate") + "\n-- +migrate Down\n" + annotated(m.Down, "-- +migrate")}}
	case migrations.Dbmate:
		return []File{{in(v + "_" + m.ID + ".sql"), head + "\n-- migrate:up\n" + up + "\n-- migrate:down\n" + down}}
	case migrations.Tern:
		return []File{{in(v + "_" + m.ID + ".sql"), head + "\n" + up + "\n---- create above / drop below ----\n\n" + down}}
	case migrations.Flyway:
		return []File{{in("V" + v + "__" + m.ID + ".sql"), head + up}, {in("U" + v + "__" + m.ID + ".sql"), head + down}}
	default: // Atlas and plain numbered SQL have no down files: they go aside.
		return []File{{in(v + "_" + m.ID + ".sql"), head + up}, {path.Join("down", l.Dir, v+"_"+m.ID+".sql"), head + down}}
	}
}

// sqlText writes statements one after the other, each ended by a semicolon.
func sqlText(stmts []string) string {
	var b strings.Builder
	for _, s := range stmts {
		b.WriteString("\n" + s + ";\n")
	}
	return b.String()
}

// annotated writes statements for goose and sql-migrate, which split at
// semicolons: a statement holding a dollar-quoted body is wrapped in
// StatementBegin/StatementEnd.
func annotated(stmts []string, prefix string) string {
	var b strings.Builder
	for _, s := range stmts {
		if strings.Contains(s, "$$") {
			fmt.Fprintf(&b, "\n%s StatementBegin\n%s;\n%s StatementEnd\n", prefix, s, prefix)
			continue
		}
		b.WriteString("\n" + s + ";\n")
	}
	return b.String()
}
