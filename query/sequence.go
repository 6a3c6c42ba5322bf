package query

import (
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// sequenceFuncs are the functions that draw from or move a sequence named by
// their first argument.
var sequenceFuncs = []string{"nextval", "currval", "setval"}

// sequenceCall records the sequence a nextval, currval or setval call names with
// a constant ('orders_id_seq', 'sales.orders_id_seq'::regclass), as written:
// "schema.name" or "name", folded to lower case unless quoted.
func (r *resolver) sequenceCall(f *pg_query.FuncCall) {
	names := f.GetFuncname()
	if len(names) == 0 || len(f.GetArgs()) == 0 {
		return
	}
	last := names[len(names)-1].GetString_()
	if last == nil || !slices.Contains(sequenceFuncs, strings.ToLower(last.Sval)) {
		return
	}
	if len(names) == 2 && names[0].GetString_().GetSval() != "pg_catalog" {
		return // a function of the user's own schema that happens to share the name
	}
	arg := f.GetArgs()[0]
	if tc := arg.GetTypeCast(); tc != nil {
		arg = tc.GetArg()
	}
	c := arg.GetAConst()
	if c == nil || c.GetSval() == nil {
		return // a run-time value: the sequence is not known
	}
	name := regclassName(c.GetSval().Sval)
	if name != "" && !slices.Contains(r.sequences, name) {
		r.sequences = append(r.sequences, name)
	}
}

// regclassName reads a regclass literal: dotted names, each folded to lower
// case unless double-quoted. It returns "" for text that is no name.
func regclassName(v string) string {
	var parts []string
	var b strings.Builder
	quoted, wasQuoted := false, false
	flush := func() {
		p := b.String()
		if !wasQuoted {
			p = strings.ToLower(strings.TrimSpace(p))
		}
		parts = append(parts, p)
		b.Reset()
		wasQuoted = false
	}
	for i := 0; i < len(v); i++ {
		switch ch := v[i]; {
		case ch == '"' && quoted && i+1 < len(v) && v[i+1] == '"':
			b.WriteByte('"')
			i++
		case ch == '"':
			quoted = !quoted
			wasQuoted = true
		case ch == '.' && !quoted:
			flush()
		default:
			b.WriteByte(ch)
		}
	}
	flush()
	if quoted || len(parts) > 3 || slices.Contains(parts, "") {
		return ""
	}
	if len(parts) == 3 {
		parts = parts[1:] // database.schema.name
	}
	return strings.Join(parts, ".")
}
