// Package dbutil is the newsletter's shared kernel: it reads goyesql query
// files and binds their queries to struct fields by tag, as goyesql's
// ScanToStruct does.
package dbutil

import (
	"bufio"
	"database/sql"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// ParseQueries reads a goyesql file: blocks that each start with a
// `-- name: NAME` line.
func ParseQueries(r io.Reader) (map[string]string, error) {
	out := map[string]string{}
	var name string
	var b strings.Builder
	flush := func() {
		if name != "" {
			out[name] = strings.TrimSpace(b.String())
		}
		b.Reset()
	}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "-- name:"); ok {
			flush()
			name = strings.TrimSpace(rest)
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	flush()
	return out, sc.Err()
}

// Stmt is a prepared query.
type Stmt struct{ stmt *sql.Stmt }

// Get scans the one row the query returns into dest's fields.
func (s *Stmt) Get(dest any, args ...any) error {
	return s.stmt.QueryRow(args...).Scan(fields(dest)...)
}

// Exec runs the query.
func (s *Stmt) Exec(args ...any) (sql.Result, error) { return s.stmt.Exec(args...) }

// fields returns pointers to the exported fields of the struct dest points to,
// or dest itself when it is no struct.
func fields(dest any) []any {
	v := reflect.ValueOf(dest)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return []any{dest}
	}
	var out []any
	for i := range v.Elem().NumField() {
		out = append(out, v.Elem().Field(i).Addr().Interface())
	}
	return out
}

// ScanToStruct fills the fields of the struct obj points to that are tagged
// `query:"name"`: a *Stmt field with the query prepared on db, a string field
// with its text (a template filled in before it runs).
func ScanToStruct(obj any, queries map[string]string, db *sql.DB) error {
	v := reflect.ValueOf(obj).Elem()
	for i := range v.NumField() {
		name := v.Type().Field(i).Tag.Get("query")
		if name == "" {
			continue
		}
		q, ok := queries[name]
		if !ok {
			return fmt.Errorf("query %q not found", name)
		}
		switch f := v.Field(i); f.Interface().(type) {
		case string:
			f.SetString(q)
		case *Stmt:
			s, err := db.Prepare(q)
			if err != nil {
				return fmt.Errorf("preparing %s: %w", name, err)
			}
			f.Set(reflect.ValueOf(&Stmt{s}))
		}
	}
	return nil
}
