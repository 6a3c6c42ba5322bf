package schema

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// walk calls fn for every message in the tree under m, m included, depth first;
// fn returning false skips a message's children.
func walk(m protoreflect.Message, fn func(protoreflect.Message) bool) {
	if !m.IsValid() || !fn(m) {
		return
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind {
			return true
		}
		switch {
		case fd.IsList():
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				walk(l.Get(i).Message(), fn)
			}
		case fd.IsMap():
		default:
			walk(v.Message(), fn)
		}
		return true
	})
}

// startOf returns the smallest location recorded in the tree under n: where the
// expression's text starts. It is -1 when no node records one.
func startOf(n *pg_query.Node) int {
	if n == nil {
		return -1
	}
	min := -1
	walk(n.ProtoReflect(), func(m protoreflect.Message) bool {
		fd := m.Descriptor().Fields().ByName("location")
		if fd != nil && fd.Kind() == protoreflect.Int32Kind {
			if loc := int(m.Get(fd).Int()); loc >= 0 && (min < 0 || loc < min) {
				min = loc
			}
		}
		return true
	})
	return min
}

// columnRefs lists the distinct last names of the column references under n, in
// the order they first occur.
func columnRefs(n *pg_query.Node) []string {
	var out []string
	seen := map[string]bool{}
	if n == nil {
		return nil
	}
	walk(n.ProtoReflect(), func(m protoreflect.Message) bool {
		if cr, ok := m.Interface().(*pg_query.ColumnRef); ok {
			if f := strs(cr.Fields); len(f) > 0 && !seen[f[len(f)-1]] {
				seen[f[len(f)-1]] = true
				out = append(out, f[len(f)-1])
			}
		}
		return true
	})
	return out
}
