package coupling

import (
	"fmt"
	"strings"

	"github.com/faultline/faultline/finding"
)

// functions reports each function whose statements touch tables of two or more
// contexts, from the context that uses the others to each other one. Trigger
// functions are left to the trigger findings, which say where they run.
func (k *checker) functions() {
	for _, fn := range k.cat.Functions() {
		if fn.Returns == "trigger" {
			continue
		}
		rs := k.reaches(fn.Statements)
		if len(rs) < 2 {
			continue
		}
		var ctxs []string
		for _, r := range rs {
			ctxs = append(ctxs, r.context)
		}
		from := k.dependent(ctxs)
		sig := fn.Signature()
		var all []string
		for _, r := range rs {
			verb := "reads"
			if r.write {
				verb = "writes"
			}
			all = append(all, fmt.Sprintf("%s %s's %s", verb, r.context, strings.Join(r.parts, ", ")))
		}
		for _, r := range rs {
			if r.context == from {
				continue
			}
			f := finding.Finding{
				Kind: finding.Function, Severity: finding.Warning, Access: finding.Read,
				From: from, To: r.context,
				Subject: qualified(fn.Schema, sig),
				Tables:  r.tables,
				Columns: r.columns,
				Message: fmt.Sprintf("function %s %s: one database function spans contexts", qualified(fn.Schema, sig), strings.Join(all, " and ")),
				Fix: fmt.Sprintf("move %s into %s's code, getting %s through %s's API; then DROP FUNCTION %s;",
					qualified(fn.Schema, sig), from, strings.Join(r.parts, ", "), r.context, qualified(fn.Schema, sig)),
			}
			if r.write {
				f.Severity, f.Access = finding.Error, finding.Write
				f.Fix = fmt.Sprintf("move %s into %s's code and make its writes of %s calls to %s's API; then DROP FUNCTION %s;",
					qualified(fn.Schema, sig), from, strings.Join(r.parts, ", "), r.context, qualified(fn.Schema, sig))
			}
			if fn.Dynamic {
				f.Message += "; it also runs dynamic SQL, which may reach further"
			}
			k.add(f, fn.Pos)
		}
	}
}

// qualified renders schema.name, leaving out public.
func qualified(schema, name string) string {
	if schema == "" || schema == "public" {
		return name
	}
	return schema + "." + name
}
