package coupling

import (
	"fmt"
	"path"
	"strings"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/schema"
)

// configEntries warns about the table and column entries of faultline.yaml that
// match nothing in the catalog: the schema moved on and the configuration should
// follow.
func (k *checker) configEntries() {
	check := func(ctx string, e config.Entry) {
		if k.matchesRelation(e.Value) {
			return
		}
		who := "context " + ctx
		if ctx == "" {
			who = "the shared kernel"
		}
		k.configWarning(ctx, e, fmt.Sprintf("table entry %q of %s matches no table or view in the catalog", e.Value, who), "tables")
	}
	for _, e := range k.cfg.Shared.Tables {
		check("", e)
	}
	for _, x := range k.cfg.Contexts {
		for _, e := range x.Tables {
			check(x.Name, e)
		}
		for _, e := range x.Columns {
			if !k.matchesColumn(e.Value) {
				k.configWarning(x.Name, e, fmt.Sprintf("column entry %q of context %s matches no column in the catalog", e.Value, x.Name), "columns")
			}
		}
	}
}

func (k *checker) configWarning(ctx string, e config.Entry, msg, list string) {
	owner := ctx
	if owner == "" {
		owner = "shared"
	}
	k.add(finding.Finding{
		Kind: finding.Config, Severity: finding.Warning,
		From: ctx, Subject: owner + " " + list + " " + e.Value,
		Message: msg,
		Fix:     fmt.Sprintf("correct the entry's spelling or remove it from %s's %s in faultline.yaml", owner, list),
	}, schema.Pos{File: e.Pos.File, Line: e.Pos.Line, Column: e.Pos.Column})
}

// matchesRelation reports whether a table pattern ("name", "schema.name", globs)
// matches a table or view of the catalog.
func (k *checker) matchesRelation(pattern string) bool {
	ps, pt, qualified := strings.Cut(pattern, ".")
	if !qualified {
		ps, pt = "", ps
	}
	match := func(schemaName, name string) bool {
		if qualified && !glob(ps, schemaName) {
			return false
		}
		return glob(pt, name)
	}
	for _, t := range k.cat.Tables() {
		if match(t.Schema, t.Name) {
			return true
		}
	}
	for _, v := range k.cat.Views() {
		if match(v.Schema, v.Name) {
			return true
		}
	}
	return false
}

// matchesColumn reports whether a column entry ("table.column" or
// "schema.table.column") names a column of a table or view of the catalog.
func (k *checker) matchesColumn(entry string) bool {
	parts := strings.Split(entry, ".")
	var sch, table, col string
	switch len(parts) {
	case 2:
		table, col = parts[0], parts[1]
	case 3:
		sch, table, col = parts[0], parts[1], parts[2]
	default:
		return false
	}
	for _, t := range k.cat.Tables() {
		if t.Name == table && (sch == "" || t.Schema == sch) && t.Column(col) != nil {
			return true
		}
	}
	for _, v := range k.cat.Views() {
		if v.Name == table && (sch == "" || v.Schema == sch) {
			for _, c := range v.Columns {
				if c == col {
					return true
				}
			}
		}
	}
	return false
}

// glob matches like the configuration's patterns: path.Match, or equality.
func glob(pattern, s string) bool {
	if !strings.ContainsAny(pattern, "*?[") {
		return pattern == s
	}
	ok, err := path.Match(pattern, s)
	return err == nil && ok
}
