package schema

import (
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// builtinTypes maps the internal names the parser produces (and the common aliases)
// to the names format_type prints.
var builtinTypes = map[string]string{
	"int2": "smallint", "smallint": "smallint",
	"int4": "integer", "int": "integer", "integer": "integer",
	"int8": "bigint", "bigint": "bigint",
	"float4": "real", "real": "real",
	"float8": "double precision", "double precision": "double precision",
	"bool": "boolean", "boolean": "boolean",
	"varchar": "character varying", "character varying": "character varying",
	"bpchar": "character", "character": "character", "char": "character",
	"numeric": "numeric", "decimal": "numeric",
	"timestamp": "timestamp without time zone", "timestamptz": "timestamp with time zone",
	"time": "time without time zone", "timetz": "time with time zone",
	"varbit": "bit varying", "bit": "bit", "interval": "interval",
}

// serialTypes maps the serial pseudo-types to the integer type of their column.
var serialTypes = map[string]string{
	"serial": "integer", "serial4": "integer",
	"bigserial": "bigint", "serial8": "bigint",
	"smallserial": "smallint", "serial2": "smallint",
}

// strs returns the string values of a list of String nodes.
func strs(nodes []*pg_query.Node) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

// nameOf turns a qualified name list ([schema,] name) into a Name.
func nameOf(nodes []*pg_query.Node) Name {
	parts := strs(nodes)
	switch len(parts) {
	case 0:
		return Name{}
	case 1:
		return Name{Name: parts[0]}
	default:
		return Name{Schema: parts[len(parts)-2], Name: parts[len(parts)-1]}
	}
}

// serialType returns the integer type of a serial pseudo-type, or "".
func serialType(tn *pg_query.TypeName) string {
	if tn == nil || len(tn.Names) != 1 || len(tn.ArrayBounds) > 0 {
		return ""
	}
	return serialTypes[strings.ToLower(tn.Names[0].GetString_().GetSval())]
}

// formatType renders a type name the way PostgreSQL's format_type does: "bigint",
// "character varying(255)", "timestamp(6) with time zone", "text[]". Types in
// pg_catalog lose their schema; other schemas are kept when the name was qualified.
func formatType(tn *pg_query.TypeName) string {
	if tn == nil {
		return ""
	}
	parts := strs(tn.Names)
	if len(parts) == 0 {
		return ""
	}
	name := parts[len(parts)-1]
	schema := ""
	if len(parts) > 1 {
		schema = parts[len(parts)-2]
	}
	var mods []string
	for _, m := range tn.Typmods {
		switch {
		case m.GetAConst() != nil && m.GetAConst().GetIval() != nil:
			mods = append(mods, strconv.Itoa(int(m.GetAConst().GetIval().Ival)))
		case m.GetAConst() != nil && m.GetAConst().GetSval() != nil:
			mods = append(mods, m.GetAConst().GetSval().Sval)
		case m.GetColumnRef() != nil:
			mods = append(mods, strings.Join(strs(m.GetColumnRef().Fields), "."))
		}
	}
	var b strings.Builder
	if tn.Setof {
		b.WriteString("SETOF ")
	}
	canon, builtin := builtinTypes[name]
	if name == "char" && schema == "" {
		// Quoted "char" is the one-byte internal type, not character(1).
		builtin = false
	}
	if schema != "" && schema != "pg_catalog" {
		builtin = false
	}
	switch {
	case name == "interval" && builtin:
		// The typmod of interval is a field mask, not a length; keep the bare name.
		b.WriteString("interval")
	case builtin && strings.HasSuffix(canon, " time zone"):
		base, zone, _ := strings.Cut(canon, " ")
		b.WriteString(base)
		if len(mods) > 0 {
			b.WriteString("(" + strings.Join(mods, ",") + ")")
		}
		b.WriteString(" " + zone)
	case builtin:
		b.WriteString(canon)
		if len(mods) > 0 {
			b.WriteString("(" + strings.Join(mods, ",") + ")")
		}
	default:
		if schema != "" && schema != "pg_catalog" && schema != "public" {
			b.WriteString(quoteIdent(schema) + ".")
		}
		b.WriteString(quoteIdent(name))
		if len(mods) > 0 {
			b.WriteString("(" + strings.Join(mods, ",") + ")")
		}
	}
	if len(tn.ArrayBounds) > 0 {
		b.WriteString("[]")
	}
	return b.String()
}

// reserved lists PostgreSQL's reserved key words, which must be quoted as identifiers.
var reserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`all analyse analyze and any array as asc asymmetric both case
		cast check collate column constraint create current_catalog current_date current_role
		current_time current_timestamp current_user default deferrable desc distinct do else end
		except false fetch for foreign from grant group having in initially intersect into
		lateral leading limit localtime localtimestamp not null offset on only or order placing
		primary references returning select session_user some symmetric system_user table then
		to trailing true union unique user using variadic when where window with`) {
		reserved[w] = true
	}
}

// QuoteIdent quotes an identifier when PostgreSQL would have to: upper case or
// unusual characters, or a reserved key word.
func QuoteIdent(s string) string { return quoteIdent(s) }

// quoteIdent quotes an identifier when PostgreSQL would have to.
func quoteIdent(s string) string {
	if s == "" {
		return `""`
	}
	plain := s[0] == '_' || s[0] >= 'a' && s[0] <= 'z'
	for i := 0; plain && i < len(s); i++ {
		c := s[i]
		plain = c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '$'
	}
	if plain && !reserved[s] {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
