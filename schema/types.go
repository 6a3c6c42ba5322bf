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

// reserved lists PostgreSQL's key words that are not unreserved (reserved, column
// name and type or function name key words): quote_ident quotes them as identifiers.
var reserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`all analyse analyze and any array as asc asymmetric
		authorization between bigint binary bit boolean both case cast char character check
		coalesce collate collation column concurrently constraint create cross current_catalog
		current_date current_role current_schema current_time current_timestamp current_user
		dec decimal default deferrable desc distinct do else end except exists extract false
		fetch float for foreign freeze from full grant greatest group grouping having ilike in
		initially inner inout int integer intersect interval into is isnull join json
		json_array json_arrayagg json_exists json_object json_objectagg json_query json_scalar
		json_serialize json_table json_value lateral leading least left like limit localtime
		localtimestamp merge_action national natural nchar none normalize not notnull null
		nullif numeric offset on only or order out outer overlaps overlay placing position
		precision primary real references returning right row select session_user setof
		similar smallint some substring symmetric system_user table tablesample then time
		timestamp to trailing treat trim true union unique user using values varchar variadic
		verbose when where window with xmlattributes xmlconcat xmlelement xmlexists xmlforest
		xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable`) {
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
