package infer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/faultline/faultline/config"
)

// SchemaURL is where editors find the JSON Schema of faultline.yaml
// (docs/faultline.schema.json in the repository).
const SchemaURL = "https://raw.githubusercontent.com/faultline/faultline/main/docs/faultline.schema.json"

// lineWidth is where comments wrap.
const lineWidth = 100

// YAML renders the result as a faultline.yaml whose every guess carries a comment
// saying what it rests on and how sure it is. The same result always renders the
// same bytes.
func (r *Result) YAML() []byte {
	w := &writer{}
	w.line(0, "# yaml-language-server: $schema="+SchemaURL)
	w.comment(0, "faultline.yaml inferred by `faultline init` from the Go code, query files and migrations "+
		"of this directory. Every guess says what it rests on and how sure it is (sure, likely or unsure): "+
		"read them, correct what is wrong, then run `faultline check`. The reference is the README's "+
		"Configuration section.")
	w.line(0, "version: 1")
	if len(r.Contexts) == 0 {
		w.comment(0, "No folder with Go packages was found under internal/, pkg/ or this directory: declare the contexts by hand.")
		w.line(0, "contexts: {}")
	} else {
		w.line(0, "contexts:")
	}
	for _, x := range r.Contexts {
		w.line(1, x.Name+":")
		switch {
		case len(x.Files.Values) == 0:
			w.guess(2, "packages", x.Packages)
		case FilesKey:
			w.guess(2, "files", x.Files)
		default:
			w.comment(2, x.Files.Why+" ("+string(x.Files.Confidence)+"); this faultline does not read files: yet, "+
				"so the context owns its tables only")
			w.line(2, "# files: "+flow(x.Files.Values))
		}
		if len(x.API.Values) > 0 {
			w.guess(2, "api", x.API)
		} else {
			w.comment(2, "api: none guessed; "+x.API.Why+" ("+string(x.API.Confidence)+")")
		}
		if len(x.Tables) == 0 {
			w.comment(2, "tables: none guessed; no table of the schema is touched most by this context's code")
		} else {
			w.line(2, "tables:")
			for _, t := range x.Tables {
				w.comment(3, t.Why+" ("+string(t.Confidence)+")")
				w.line(3, "- "+scalar(t.Values[0]))
			}
		}
		if len(x.Columns.Values) > 0 {
			w.comment(2, x.Columns.Why+" ("+string(x.Columns.Confidence)+")")
			w.line(2, "# columns: "+flow(x.Columns.Values))
		}
		if len(x.Uses.Values) > 0 {
			w.guess(2, "uses", x.Uses)
		}
		if len(x.Queries.Values) > 0 {
			w.guess(2, "queries", x.Queries)
		}
	}
	for _, g := range r.LeftOut {
		w.comment(1, g.Why+" ("+string(g.Confidence)+")")
	}
	if len(r.Unowned.Values) > 0 {
		w.comment(0, "Tables in no context: "+strings.Join(r.Unowned.Values, ", ")+"; "+r.Unowned.Why+" ("+string(r.Unowned.Confidence)+")")
	}
	if len(r.Shared.Values) > 0 {
		w.line(0, "shared:")
		w.guess(1, "packages", r.Shared)
	} else {
		w.comment(0, "shared: no shared kernel guessed; list the packages every context may use under shared.packages")
	}
	if len(r.Migrations.Values) > 0 {
		w.line(0, "sql:")
		w.guess(1, "migrations", r.Migrations)
	} else {
		w.comment(0, "sql.migrations: no folder of migrations found (db/migrations, migrations or sql); name yours to check the schema")
	}
	return w.buf.Bytes()
}

type writer struct {
	buf bytes.Buffer
}

func (w *writer) line(indent int, s string) {
	w.buf.WriteString(strings.Repeat("  ", indent))
	w.buf.WriteString(s)
	w.buf.WriteByte('\n')
}

// guess writes key: [values] under a comment with the evidence.
func (w *writer) guess(indent int, key string, g Guess) {
	if g.Why != "" {
		w.comment(indent, g.Why+" ("+string(g.Confidence)+")")
	}
	w.line(indent, key+": "+flow(g.Values))
}

// comment writes text as # lines wrapped at lineWidth.
func (w *writer) comment(indent int, text string) {
	prefix := strings.Repeat("  ", indent) + "# "
	var cur strings.Builder
	for _, word := range strings.Fields(text) {
		if cur.Len() > 0 && len(prefix)+cur.Len()+1+len(word) > lineWidth {
			w.buf.WriteString(prefix + cur.String() + "\n")
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(word)
	}
	if cur.Len() > 0 {
		w.buf.WriteString(prefix + cur.String() + "\n")
	}
}

// flow writes a YAML flow sequence.
func flow(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = scalar(v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

var plain = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_./*-]*$`)

// scalar writes a string plain when YAML reads it back as the same string, and
// double-quoted otherwise.
func scalar(s string) string {
	switch strings.ToLower(s) {
	case "true", "false", "null", "yes", "no", "on", "off", "y", "n":
	default:
		if plain.MatchString(s) && !regexp.MustCompile(`^[0-9.+-]+$`).MatchString(s) {
			return s
		}
	}
	b, _ := json.Marshal(s)
	return string(b)
}

// FilesKey says whether faultline.yaml takes the files: key of a context (single
// Go files of a package holding several contexts), as this build's config reads it.
var FilesKey = func() bool {
	_, err := config.Parse("faultline.yaml", []byte("version: 1\ncontexts:\n  a:\n    files: [a.go]\n"))
	return err == nil
}()

// String renders a guess for messages: its values and why.
func (g Guess) String() string {
	return fmt.Sprintf("%s: %s (%s)", strings.Join(g.Values, ", "), g.Why, g.Confidence)
}
