package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	fplan "github.com/faultline/faultline/graph/plan"
)

// PlanJSON writes the plan as one indented JSON object.
func PlanJSON(w io.Writer, p *fplan.Plan) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
}

// planMigration names the migration an item refers to: its first file when
// the plan has a layout, else its ID.
func planMigration(p *fplan.Plan, id string) string {
	for _, m := range p.Migrations {
		if m.ID == id && len(m.Files) > 0 {
			return m.Files[0]
		}
	}
	return id
}

// planKind renders an item's kind and direction as the text output does.
func planKind(it fplan.Item) string {
	if it.Kind == "" || it.Kind == "config" {
		return ""
	}
	switch {
	case it.From == "" && it.To == "":
		return " [" + it.Kind + "]"
	case it.From == "" && it.To != "":
		return " [" + it.Kind + " from no context to " + it.To + "]"
	}
	return " [" + it.Kind + " " + it.From + "->" + it.To + "]"
}

func planOwner(o string) string {
	if o == "" {
		return "code in no context"
	}
	return o
}

// PlanText writes the plan for people: each step with its items at their
// file:line:col, who does the work, what the code must do and which migration
// does the data part; then the migrations in order and the configuration
// changes.
func PlanText(w io.Writer, p *fplan.Plan) error {
	bw := &rankWriter{w: w}
	fmt.Fprintf(bw, "Plan to extract %s, in the order of the extraction steps:\n", p.Context)
	for _, s := range p.Steps {
		fmt.Fprintf(bw, "\n%d. %s\n", s.Step, s.Name)
		if len(s.Items) == 0 {
			fmt.Fprintln(bw, "   (nothing)")
		}
		for _, it := range s.Items {
			fmt.Fprintf(bw, "   %s: %s: %s%s (owner %s)\n", it.Position(), it.Action, it.Subject, planKind(it), planOwner(it.Owner))
			if it.DDL != "" && len(it.Migrations) == 0 {
				fmt.Fprintf(bw, "       %s\n", strings.ReplaceAll(it.DDL, "\n", "\n       "))
			}
			if it.Code != "" {
				fmt.Fprintf(bw, "       code: %s\n", rankWrap(it.Code, 100, "             "))
			}
			for _, id := range it.Migrations {
				fmt.Fprintf(bw, "       migration: %s\n", planMigration(p, id))
			}
			for _, c := range it.Cleanup {
				fmt.Fprintf(bw, "       cleanup: %s\n", c)
			}
		}
	}
	planTextTail(bw, p)
	return bw.err
}

func planTextTail(bw io.Writer, p *fplan.Plan) {
	if len(p.Migrations) > 0 {
		where := ""
		if l := p.Layout; l != nil {
			where = fmt.Sprintf(" (%s, in %s after %s)", l.Format, l.Dir, l.After)
		}
		fmt.Fprintf(bw, "\nMigrations, in the order to apply them%s:\n", where)
		for _, m := range p.Migrations {
			fmt.Fprintf(bw, "   %s (step %d)\n      %s\n", planMigration(p, m.ID), m.Step, rankWrap(m.Summary, 94, "      "))
		}
		if p.Layout != nil && p.Layout.Note != "" {
			fmt.Fprintf(bw, "   note: %s\n", p.Layout.Note)
		}
	}
	if len(p.Config) > 0 {
		fmt.Fprintln(bw, "\nfaultline.yaml afterwards:")
		for _, c := range p.Config {
			fmt.Fprintf(bw, "   %s: %s\n", c.Context, planConfig(c))
		}
	}
}

func planConfig(c fplan.ConfigChange) string {
	var parts []string
	if len(c.AddTables) > 0 {
		parts = append(parts, "owns tables "+strings.Join(c.AddTables, ", "))
	}
	if len(c.RemoveColumnsOf) > 0 {
		parts = append(parts, "no columns of "+strings.Join(c.RemoveColumnsOf, ", ")+" any more")
	}
	return strings.Join(parts, "; ")
}

// PlanMarkdown writes the plan as Markdown, with each migration's statements.
func PlanMarkdown(w io.Writer, p *fplan.Plan) error {
	bw := &rankWriter{w: w}
	fmt.Fprintf(bw, "# Plan to extract %s\n", rankMD(p.Context))
	for _, s := range p.Steps {
		fmt.Fprintf(bw, "\n## %d. %s\n\n", s.Step, s.Name)
		if len(s.Items) == 0 {
			fmt.Fprintln(bw, "Nothing.")
		}
		for _, it := range s.Items {
			pos := ""
			if ps := it.Position(); ps != "" {
				pos = "`" + ps + "` "
			}
			fmt.Fprintf(bw, "- %s%s: `%s`%s — owner **%s**\n", pos, rankMD(it.Action), it.Subject, rankMD(planKind(it)), rankMD(planOwner(it.Owner)))
			if it.Code != "" {
				fmt.Fprintf(bw, "  - code: %s\n", rankMD(it.Code))
			}
			for _, id := range it.Migrations {
				fmt.Fprintf(bw, "  - migration: `%s`\n", planMigration(p, id))
			}
			if len(it.Cleanup) > 0 {
				fmt.Fprintf(bw, "  - cleanup:\n\n    ```sql\n    %s;\n    ```\n", strings.Join(it.Cleanup, ";\n    "))
			}
		}
	}
	if len(p.Migrations) > 0 {
		fmt.Fprintln(bw, "\n## Migrations")
		for _, m := range p.Migrations {
			fmt.Fprintf(bw, "\n### `%s` (step %d)\n\n%s.\n\n```sql\n%s;\n```\n", planMigration(p, m.ID), m.Step, rankMD(m.Summary), strings.Join(m.Up, ";\n\n"))
		}
		if p.Layout != nil && p.Layout.Note != "" {
			fmt.Fprintf(bw, "\nNote: %s.\n", rankMD(p.Layout.Note))
		}
	}
	if len(p.Config) > 0 {
		fmt.Fprintln(bw, "\n## faultline.yaml afterwards")
		fmt.Fprintln(bw)
		for _, c := range p.Config {
			fmt.Fprintf(bw, "- %s: %s\n", rankMD(c.Context), rankMD(planConfig(c)))
		}
	}
	return bw.err
}
