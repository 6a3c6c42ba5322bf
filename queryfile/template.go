package queryfile

import (
	"regexp"
	"slices"
	"strings"

	"github.com/faultline/faultline/query"
)

// placeholder matches the template placeholders of query-file tools: goyesql
// and listmonk-style %name% markers, printf verbs (%s, %d, %[1]v) filled in with
// fmt.Sprintf, and Go template actions ({{.Table}}, {{if .X}}).
var placeholder = regexp.MustCompile(`\{\{.*?\}\}|%[A-Za-z_][A-Za-z0-9_.-]*%|%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[sdvqx]`)

// hole is the name a placeholder stands for where SQL needs a name (FROM %s):
// faultline drops a table of this name from what the statement touches.
const hole = "faultline_template_hole"

// fills are what a placeholder is replaced with, tried in order: nothing (a
// whole optional clause such as %query%), an expression (ORDER BY %order%), a
// name (FROM %s), a condition.
var fills = []string{"", "NULL", hole, "TRUE"}

// maxTries bounds the parses spent finding fills for one statement.
const maxTries = 256

// Placeholders returns the byte ranges of the template placeholders of sql
// outside its string literals, quoted names and comments.
func Placeholders(sql string) [][2]int {
	var out [][2]int
	for _, m := range placeholder.FindAllStringIndex(sql, -1) {
		if !quoted(sql, m[0]) {
			out = append(out, [2]int{m[0], m[1]})
		}
	}
	return out
}

// quoted reports whether byte at of sql is inside a string literal, a quoted
// name or a comment.
func quoted(sql string, at int) bool {
	for i := 0; i < at; i++ {
		var end string
		switch {
		case sql[i] == '\'':
			end = "'"
		case sql[i] == '"':
			end = `"`
		case strings.HasPrefix(sql[i:], "--"):
			end = "\n"
		case strings.HasPrefix(sql[i:], "/*"):
			end = "*/"
		default:
			continue
		}
		j := strings.Index(sql[i+1:], end)
		if j < 0 {
			return true
		}
		i += j + len(end)
		if i >= at {
			return true
		}
	}
	return false
}

// AnalyzeTemplate is query.Analyze for SQL holding template placeholders: each
// is read as what lets the statement parse (nothing, an expression, a name),
// and holes counts them, the SQL that stays unknown until run time. A template
// that cannot be read around its placeholders yields no statements and no
// error: it is dynamic SQL, not a parse error. Without placeholders it is
// query.Analyze. Statement offsets are offsets in sql.
func AnalyzeTemplate(sql string, cat query.Catalog) (stmts []query.Statement, holes int, err error) {
	ph := Placeholders(sql)
	if len(ph) == 0 {
		stmts, err := query.Analyze(sql, cat)
		return stmts, 0, err
	}
	choice := make([]int, len(ph))
	tries := 0
	if !fill(sql, ph, choice, 0, &tries) {
		return nil, len(ph), nil
	}
	text, back := substitute(sql, ph, choice)
	stmts, err = query.Analyze(text, cat)
	if err != nil {
		return nil, len(ph), nil
	}
	for i := range stmts {
		stmts[i].Offset = back(stmts[i].Offset)
		stmts[i].Tables = slices.DeleteFunc(stmts[i].Tables, func(t query.Table) bool { return t.Name == hole })
	}
	return stmts, len(ph), nil
}

// fill chooses fills for placeholders i and on, depth first, so that the text
// parses; it gives up after maxTries parses.
func fill(sql string, ph [][2]int, choice []int, i int, tries *int) bool {
	if i == len(ph) {
		*tries++
		text, _ := substitute(sql, ph, choice)
		_, err := query.Parse(text)
		return err == nil
	}
	for c := range fills {
		if *tries >= maxTries {
			return false
		}
		choice[i] = c
		if fill(sql, ph, choice, i+1, tries) {
			return true
		}
	}
	return false
}

// substitute replaces each placeholder by its chosen fill, and returns a map
// from offsets in the new text back to offsets in sql.
func substitute(sql string, ph [][2]int, choice []int) (string, func(int) int) {
	var b strings.Builder
	type shift struct{ at, delta int }
	var shifts []shift
	last := 0
	for i, p := range ph {
		b.WriteString(sql[last:p[0]])
		f := fills[choice[i]]
		// A fill keeps its neighbours apart: "x%s" must not become "xNULL".
		f = " " + f + " "
		b.WriteString(f)
		shifts = append(shifts, shift{b.Len(), (p[1] - p[0]) - len(f)})
		last = p[1]
	}
	b.WriteString(sql[last:])
	return b.String(), func(off int) int {
		d := 0
		for _, s := range shifts {
			if off >= s.at {
				d += s.delta
			}
		}
		return min(max(0, off+d), len(sql))
	}
}
