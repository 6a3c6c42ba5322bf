package sqlaccess

import (
	"go/ast"
	"go/types"
	"reflect"
	"strings"
	"unicode"
)

// model is what an ORM maps a Go struct type to: a table and columns.
type model struct {
	table string
	cols  []string
	// fieldCol maps a Go field name to its column; assoc maps the field name of an
	// association (gorm's Joins and Preload, bun's Relation) to its model type.
	fieldCol map[string]string
	assoc    map[string]types.Type
}

// ModelTable is the fact a TableName() string method exports when it returns a
// constant: the table gorm maps the method's type to, wherever the type is used.
type ModelTable struct {
	Table string
}

// AFact marks ModelTable as a go/analysis fact.
func (*ModelTable) AFact() {}

func (m *ModelTable) String() string { return "table " + m.Table }

// exportModelTables exports the table of every TableName method of the package
// that returns a constant.
func (a *analyzer) exportModelTables() {
	for obj, fn := range a.funcs {
		if t, ok := a.tableNameOf(obj, fn); ok {
			a.pass.ExportObjectFact(obj, &ModelTable{Table: t})
		}
	}
}

// tableNameOf evaluates a TableName() string method whose only return is a
// constant.
func (a *analyzer) tableNameOf(obj *types.Func, fn *function) (string, bool) {
	sig, _ := obj.Type().(*types.Signature)
	if obj.Name() != "TableName" || sig == nil || sig.Recv() == nil || sig.Params().Len() != 0 ||
		sig.Results().Len() != 1 || !isString(sig.Results().At(0).Type()) {
		return "", false
	}
	body, ok := fn.body.(*ast.BlockStmt)
	if !ok || len(body.List) != 1 {
		return "", false
	}
	ret, ok := body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return "", false
	}
	return a.x.constString(ret.Results[0])
}

// modelOf returns the model of a struct type as library lib maps it, through
// pointers, slices and arrays (Find(&products)); nil when t is no named struct.
func (a *analyzer) modelOf(t types.Type, lib string) *model {
	named := elemNamed(t)
	if named == nil {
		return nil
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	key := lib + "\x00" + named.String()
	if m, ok := a.models[key]; ok {
		return m
	}
	m := &model{fieldCol: map[string]string{}, assoc: map[string]types.Type{}}
	a.models[key] = m
	m.table = a.defaultTable(named, lib)
	a.fields(m, st, lib, 0)
	return m
}

// elemNamed strips pointers, slices and arrays down to a named type.
func elemNamed(t types.Type) *types.Named {
	for range 8 {
		if t == nil {
			return nil
		}
		switch u := types.Unalias(t).(type) {
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		case *types.Array:
			t = u.Elem()
		case *types.Named:
			return u
		default:
			return nil
		}
	}
	return nil
}

// defaultTable is the table of a model type: gorm's TableName(), bun's
// `bun:"table:..."` tag on the embedded bun.BaseModel, else the libraries' naming
// rule: the type's name in snake case, plural.
func (a *analyzer) defaultTable(named *types.Named, lib string) string {
	if lib == pkgGorm {
		if t, ok := a.gormTableName(named); ok {
			return t
		}
	}
	if lib == pkgBun {
		st := named.Underlying().(*types.Struct)
		for i := range st.NumFields() {
			f := st.Field(i)
			if !f.Embedded() || !isBunBaseModel(f.Type()) {
				continue
			}
			for _, part := range strings.Split(reflect.StructTag(st.Tag(i)).Get("bun"), ",") {
				if t, ok := strings.CutPrefix(part, "table:"); ok && t != "" {
					return t
				}
			}
		}
	}
	if lib == "" {
		return ""
	}
	return plural(snake(named.Obj().Name()))
}

// gormTableName finds the TableName method of a type: evaluated here when the
// type is of this package, read from its fact otherwise.
func (a *analyzer) gormTableName(named *types.Named) (string, bool) {
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(named), true, named.Obj().Pkg(), "TableName")
	fn, ok := obj.(*types.Func)
	if !ok {
		return "", false
	}
	if fn.Pkg() == a.pass.Pkg {
		f := a.funcs[fn]
		if f == nil {
			return "", false
		}
		return a.tableNameOf(fn, f)
	}
	var fact ModelTable
	if a.pass.ImportObjectFact(fn, &fact) {
		return fact.Table, true
	}
	return "", false
}

// fields adds the columns and associations of a struct's fields to m.
func (a *analyzer) fields(m *model, st *types.Struct, lib string, depth int) {
	if depth > 4 {
		return
	}
	for i := range st.NumFields() {
		f := st.Field(i)
		tag := reflect.StructTag(st.Tag(i))
		name, opts, skip := ormFieldTag(tag, lib)
		if skip || isBunBaseModel(f.Type()) {
			continue
		}
		if f.Embedded() || opts["embedded"] {
			if sub, ok := derefStruct(f.Type()); ok && !isValueType(f.Type()) {
				a.fields(m, sub, lib, depth+1)
				continue
			}
		}
		if !f.Exported() {
			continue
		}
		if opts["rel"] || isAssociation(f.Type()) {
			m.assoc[f.Name()] = f.Type()
			continue
		}
		if name == "" {
			name = snake(f.Name())
			if lib == "" {
				// sqlx's and goqu's default mapper lowercases the field's name.
				name = strings.ToLower(f.Name())
			}
		}
		m.fieldCol[f.Name()] = name
		m.cols = append(m.cols, name)
	}
}

// ormFieldTag reads a field's column name and options from the library's tag: gorm's
// `gorm:"column:sku"`, bun's `bun:"sku,pk"`, goqu's and sqlx's `db:"sku"`.
func ormFieldTag(tag reflect.StructTag, lib string) (name string, opts map[string]bool, skip bool) {
	opts = map[string]bool{}
	switch lib {
	case pkgGorm:
		v := tag.Get("gorm")
		if v == "-" || strings.HasPrefix(v, "-:") {
			return "", nil, true
		}
		for _, part := range strings.Split(v, ";") {
			k, val, _ := strings.Cut(strings.TrimSpace(part), ":")
			switch strings.ToLower(k) {
			case "column":
				name = val
			case "embedded":
				opts["embedded"] = true
			case "foreignkey", "many2many", "references":
				opts["rel"] = true
			}
		}
	case pkgBun:
		v := tag.Get("bun")
		if v == "-" {
			return "", nil, true
		}
		parts := strings.Split(v, ",")
		if !strings.Contains(parts[0], ":") {
			name = parts[0]
		}
		for _, p := range parts {
			if strings.HasPrefix(p, "rel:") || strings.HasPrefix(p, "m2m:") {
				opts["rel"] = true
			}
		}
	default:
		v := tag.Get("db")
		if v == "-" {
			return "", nil, true
		}
		name, _, _ = strings.Cut(v, ",")
	}
	return name, opts, false
}

// isBunBaseModel reports whether t is bun.BaseModel, an alias of
// bun/schema.BaseModel.
func isBunBaseModel(t types.Type) bool {
	n := typeName(t)
	return n == pkgBun+".BaseModel" || n == pkgBun+"/schema.BaseModel"
}

// derefStruct returns the struct a type or a pointer to it is.
func derefStruct(t types.Type) (*types.Struct, bool) {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	return st, ok
}

// isAssociation reports whether a field's type is another model: a named struct,
// a pointer to one or a slice of them, that is not a value stored in one column.
func isAssociation(t types.Type) bool {
	named := elemNamed(t)
	if named == nil {
		return false
	}
	if _, ok := named.Underlying().(*types.Struct); !ok {
		return false
	}
	return !isValueType(named)
}

// isValueType reports whether a struct type is stored in one column: time.Time,
// sql.NullString and the like, and types with a Scan or Value method.
func isValueType(t types.Type) bool {
	named := elemNamed(t)
	if named == nil {
		return false
	}
	if p := named.Obj().Pkg(); p != nil && (p.Path() == "time" || p.Path() == "database/sql") {
		return true
	}
	for _, m := range []string{"Scan", "Value"} {
		if obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(named), true, named.Obj().Pkg(), m); obj != nil {
			if _, ok := obj.(*types.Func); ok {
				return true
			}
		}
	}
	return false
}

// snake is the column or table name the ORMs derive from a Go name: OrderItem ->
// order_item, UserID -> user_id, SKU -> sku.
func snake(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) && i > 0 {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// plural makes the last word of a snake-case name plural, as the inflection
// rules gorm and bun use do for regular English nouns.
func plural(s string) string {
	head, last := "", s
	if i := strings.LastIndexByte(s, '_'); i >= 0 {
		head, last = s[:i+1], s[i+1:]
	}
	irregular := map[string]string{"person": "people", "child": "children", "man": "men", "woman": "women", "mouse": "mice"}
	if p, ok := irregular[last]; ok {
		return head + p
	}
	switch {
	case last == "":
		return s
	case strings.HasSuffix(last, "y") && len(last) > 1 && !strings.ContainsRune("aeiou", rune(last[len(last)-2])):
		return head + last[:len(last)-1] + "ies"
	case strings.HasSuffix(last, "s") || strings.HasSuffix(last, "x") || strings.HasSuffix(last, "z") ||
		strings.HasSuffix(last, "ch") || strings.HasSuffix(last, "sh"):
		return head + last + "es"
	}
	return head + last + "s"
}
