package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/mod/modfile"

	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/internal/safefile"
)

// Error is a problem in faultline.yaml at a position, with what to do about it.
type Error struct {
	Pos Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// Errors is every problem found in one file, in file order.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Find walks up from dir to the first directory holding faultline.yaml.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("finding %s: %w", FileName, err)
	}
	for d := abs; ; d = filepath.Dir(d) {
		p := filepath.Join(d, FileName)
		st, err := os.Stat(p)
		if err == nil && !st.IsDir() {
			return p, nil
		}
		if _, lerr := os.Lstat(p); err != nil && lerr == nil {
			// A link that leads nowhere (dangling, or a loop) is the file the user
			// meant: say what is wrong with it rather than look further up.
			return "", fmt.Errorf("%s is a symbolic link that cannot be followed: %w", p, unwrapPath(err))
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return "", fmt.Errorf("no %s in %s or any parent directory: run `faultline init` to write one, or name it with --config", FileName, abs)
}

// Load reads and validates a configuration file. Problems in the file are returned
// as Errors, each with its position; an unreadable file is a plain error.
func Load(file string) (*Config, error) {
	data, err := safefile.Read(file)
	if err != nil {
		return nil, fmt.Errorf("reading configuration: %w", err)
	}
	cfg, err := parseCached(file, data)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		return nil, fmt.Errorf("reading configuration: %w", err)
	}
	cfg.Dir = abs
	cfg.Module, cfg.ModuleDir = findModule(abs)
	return cfg, nil
}

// findModule returns the module path and directory that govern dir: the first
// go.mod at or above it, or, in a GOPATH-style tree such as analysistest's
// testdata/src, the path below the first directory named src.
func findModule(dir string) (string, string) {
	for d := dir; ; d = filepath.Dir(d) {
		if data, err := safefile.Read(filepath.Join(d, "go.mod")); err == nil {
			return modfile.ModulePath(data), d
		}
		if filepath.Base(d) == "src" && d != dir {
			rel, err := filepath.Rel(d, dir)
			if err == nil {
				return filepath.ToSlash(rel), dir
			}
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return "", ""
}

// unwrapPath drops an *fs.PathError's operation and path where the caller names
// the file already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Parse validates the bytes of a configuration file named file. Dir, Module and
// ModuleDir are left for the caller (Load fills them).
func Parse(file string, data []byte) (*Config, error) {
	p := &parser{file: file}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Errors{p.syntaxError(err, data)}
	}
	cfg := &Config{File: file, byName: map[string]*Context{}}
	if len(doc.Content) == 0 {
		return nil, Errors{{Pos{file, 1, 1}, "the file is empty: start with `version: 1` and a `contexts:` map (see the README's configuration reference)"}}
	}
	p.config(doc.Content[0], cfg)
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return cfg, nil
}

type parser struct {
	file string
	errs Errors
}

func (p *parser) pos(n *yaml.Node) Pos { return Pos{p.file, n.Line, n.Column} }

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, &Error{p.pos(n), fmt.Sprintf(format, args...)})
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

func (p *parser) syntaxError(err error, data []byte) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.TrimSpace(strings.Replace(msg, m[0]+":", "", 1))
	}
	line, col := problemLine(data, msg, line)
	return &Error{Pos{p.file, line, col}, "invalid YAML: " + msg + "; fix the syntax (indentation and `key: value` pairs)"}
}

// maxScanLines bounds the file problemLine rescans, line by line.
const maxScanLines = 2000

// problemLine finds where a YAML syntax error is. The YAML library names the
// line where the enclosing mapping or sequence starts (a badly indented key
// five lines into a context is reported at the context's line); the problem is
// on the first line from there whose prefix of the file fails to parse with
// the same message. It returns that line and its first non-blank column, or
// reported and column 1 when no prefix says the same.
func problemLine(data []byte, msg string, reported int) (int, int) {
	lines := strings.SplitAfter(string(data), "\n")
	if len(lines) > maxScanLines {
		return reported, 1
	}
	prefix := strings.Join(lines[:min(max(reported-1, 0), len(lines))], "")
	for i := max(reported-1, 0); i < len(lines); i++ {
		prefix += lines[i]
		var doc yaml.Node
		err := yaml.Unmarshal([]byte(prefix), &doc)
		if err == nil {
			continue
		}
		got := yamlLine.ReplaceAllString(strings.TrimPrefix(err.Error(), "yaml: "), "")
		if strings.TrimSpace(strings.TrimPrefix(got, ":")) == msg {
			text := strings.TrimRight(lines[i], "\r\n")
			return i + 1, len(text) - len(strings.TrimLeft(text, " \t")) + 1
		}
	}
	return reported, 1
}

// fields walks a mapping, calling set for each known key and reporting unknown
// and repeated ones.
func (p *parser) fields(n *yaml.Node, where string, known []string, set func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a map of keys to values, not %s", where, describe(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if seen[k.Value] {
			p.errorf(k, "%q appears twice in %s: keep one", k.Value, where)
			continue
		}
		seen[k.Value] = true
		if !contains(known, k.Value) {
			p.errorf(k, "unknown key %q in %s: the keys are %s", k.Value, where, strings.Join(known, ", "))
			continue
		}
		set(k.Value, k, v)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("the value %q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "empty"
}

func (p *parser) str(n *yaml.Node, where string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errorf(n, "%s must be a string, not %s", where, describe(n))
		return "", false
	}
	return n.Value, true
}

func (p *parser) list(n *yaml.Node, where string) []Entry {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s must be a list such as [a, b], not %s", where, describe(n))
		return nil
	}
	var out []Entry
	for _, item := range n.Content {
		if s, ok := p.str(item, "each entry of "+where); ok {
			if strings.TrimSpace(s) == "" {
				p.errorf(item, "empty entry in %s: remove it", where)
				continue
			}
			out = append(out, Entry{s, p.pos(item)})
		}
	}
	return out
}

// globs reports the entries that are not valid globs (an unclosed [, a trailing
// backslash), which would otherwise match nothing and pass as a warning.
func (p *parser) globs(entries []Entry, where string) []Entry {
	for _, e := range entries {
		if _, err := path.Match(e.Value, ""); err != nil {
			p.errs = append(p.errs, &Error{e.Pos, fmt.Sprintf("%s entry %q is not a valid glob (%v): use *, ? and a closed [...], as in orders_*", where, e.Value, err)})
		}
	}
	return entries
}

func (p *parser) config(root *yaml.Node, cfg *Config) {
	var contexts, allow *yaml.Node
	p.fields(root, "faultline.yaml", []string{"version", "contexts", "shared", "sql", "rank", "allow"}, func(key string, k, v *yaml.Node) {
		switch key {
		case "version":
			n, err := strconv.Atoi(v.Value)
			if v.Kind != yaml.ScalarNode || err != nil || n != 1 {
				p.errorf(v, "version must be 1, the only format this faultline reads")
				return
			}
			cfg.Version = n
		case "contexts":
			contexts = v
		case "shared":
			p.fields(v, "shared", []string{"packages", "files", "tables", "queries"}, func(key string, _, v *yaml.Node) {
				switch key {
				case "packages":
					cfg.Shared.Packages = p.list(v, "shared.packages")
				case "files":
					cfg.Shared.Files = p.files(v, "shared.files")
				case "tables":
					cfg.Shared.Tables = p.globs(p.list(v, "shared.tables"), "shared.tables")
				case "queries":
					cfg.Shared.Queries = p.queries(v, "shared.queries")
				}
			})
		case "sql":
			p.sql(v, cfg)
		case "rank":
			p.rank(v, cfg)
		case "allow":
			allow = v
		}
	})
	if cfg.Version == 0 && len(p.errs) == 0 {
		p.errorf(root, "missing `version: 1` at the top of the file: add it, so later formats can be told apart")
	}
	if contexts == nil {
		if len(p.errs) == 0 {
			p.errorf(root, "no `contexts:` map: declare at least one bounded context with its packages and tables")
		}
		return
	}
	p.contexts(contexts, cfg)
	if allow != nil {
		p.allow(allow, cfg)
	}
	p.crossCheck(cfg)
}

var contextName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)

func (p *parser) contexts(n *yaml.Node, cfg *Config) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "contexts must be a map from context name to its packages and tables, not %s", describe(n))
		return
	}
	if len(n.Content) == 0 {
		p.errorf(n, "contexts is empty, so nothing would be checked: declare at least one bounded context with its packages and tables")
		return
	}
	keys := []string{"packages", "files", "api", "tables", "columns", "uses", "queries", "roles", "value"}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !contextName.MatchString(k.Value) {
			p.errorf(k, "context name %q must start with a letter and hold only letters, digits, - and _", k.Value)
			continue
		}
		if cfg.byName[k.Value] != nil {
			p.errorf(k, "context %q is declared twice: merge the two entries", k.Value)
			continue
		}
		x := &Context{Name: k.Value, Pos: p.pos(k), Value: 1}
		where := "context " + k.Value
		p.fields(v, where, keys, func(key string, _, v *yaml.Node) {
			switch key {
			case "packages":
				x.Packages = p.list(v, where+" packages")
			case "files":
				x.Files = p.files(v, where+" files")
			case "api":
				x.API = p.list(v, where+" api")
			case "tables":
				x.Tables = p.globs(p.list(v, where+" tables"), where+" tables")
			case "columns":
				x.Columns = p.list(v, where+" columns")
				for _, e := range x.Columns {
					if _, _, _, ok := splitColumn(e.Value); !ok {
						p.errs = append(p.errs, &Error{e.Pos, fmt.Sprintf("column %q must be written table.column or schema.table.column", e.Value)})
					}
				}
			case "uses":
				x.Uses = p.list(v, where+" uses")
			case "queries":
				x.Queries = p.queries(v, where+" queries")
			case "roles":
				x.Roles = p.list(v, where+" roles")
			case "value":
				f, err := strconv.ParseFloat(v.Value, 64)
				if v.Kind != yaml.ScalarNode || err != nil || f <= 0 {
					p.errorf(v, "value must be a positive number (the context's business weight), not %s", describe(v))
					return
				}
				x.Value = f
			}
		})
		cfg.byName[x.Name] = x
		cfg.Contexts = append(cfg.Contexts, x)
	}
	sort.Slice(cfg.Contexts, func(i, j int) bool { return cfg.Contexts[i].Name < cfg.Contexts[j].Name })
}

func (p *parser) sql(n *yaml.Node, cfg *Config) {
	p.fields(n, "sql", []string{"migrations", "database", "functions"}, func(key string, _, v *yaml.Node) {
		switch key {
		case "migrations":
			cfg.SQL.Migrations = p.list(v, "sql.migrations")
		case "database":
			if s, ok := p.str(v, "sql.database"); ok {
				cfg.SQL.Database, cfg.SQL.DatabaseUnset = expandEnv(s)
				cfg.SQL.DatabasePos = p.pos(v)
			}
		case "functions":
			for _, e := range p.list(v, "sql.functions") {
				fn, idx, ok := strings.Cut(e.Value, ":")
				arg, err := strconv.Atoi(idx)
				if !ok || err != nil || arg < 0 || !strings.Contains(fn, ".") {
					p.errs = append(p.errs, &Error{e.Pos, fmt.Sprintf("sql function %q must be written \"import/path.Func:N\" (or import/path.Type.Method:N), N being the 0-based index of the SQL argument", e.Value)})
					continue
				}
				cfg.SQL.Functions = append(cfg.SQL.Functions, SQLFunc{Func: fn, Arg: arg, Pos: e.Pos})
			}
		}
	})
}

var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// expandEnv expands ${NAME} references only, so a literal $ in a password
// survives; it returns the names that are not set, each once.
func expandEnv(s string) (string, []string) {
	var unset []string
	out := envRef.ReplaceAllStringFunc(s, func(m string) string {
		name := envRef.FindStringSubmatch(m)[1]
		v, ok := os.LookupEnv(name)
		if !ok && !slices.Contains(unset, name) {
			unset = append(unset, name)
		}
		return v
	})
	return out, unset
}

// DSN returns the live database sql.database names, "" when none. An unset
// ${VAR} in it is a configuration error naming the variable: expanded to nothing
// it would connect somewhere the file never named.
func (c *Config) DSN() (string, error) {
	if len(c.SQL.DatabaseUnset) == 0 {
		return c.SQL.Database, nil
	}
	vars := make([]string, len(c.SQL.DatabaseUnset))
	for i, v := range c.SQL.DatabaseUnset {
		vars[i] = "${" + v + "}"
	}
	return "", Errors{{c.SQL.DatabasePos, fmt.Sprintf("sql.database uses %s, which is not set in the environment: set it, or name the database with --db", strings.Join(vars, ", "))}}
}

// WeightNames are the keys rank.weights may override: the finding kinds plus the
// dependency families the graph weighs apart.
var WeightNames = func() []string {
	names := []string{"foreign-read", "foreign-write", "api", "change-coupling"}
	for _, k := range finding.Kinds {
		names = append(names, string(k))
	}
	sort.Strings(names)
	return names
}()

func (p *parser) rank(n *yaml.Node, cfg *Config) {
	p.fields(n, "rank", []string{"weights"}, func(_ string, _, v *yaml.Node) {
		cfg.Rank.Weights = map[string]float64{}
		p.fields(v, "rank.weights", WeightNames, func(key string, _, v *yaml.Node) {
			f, err := strconv.ParseFloat(v.Value, 64)
			if v.Kind != yaml.ScalarNode || err != nil || f < 0 {
				p.errorf(v, "weight of %s must be a number of at least 0, not %s", key, describe(v))
				return
			}
			cfg.Rank.Weights[key] = f
		})
	})
}

func (p *parser) allow(n *yaml.Node, cfg *Config) {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "allow must be a list of {from, to, kind, reason} entries, not %s", describe(n))
		return
	}
	for _, item := range n.Content {
		a := &Allow{Pos: p.pos(item)}
		p.fields(item, "an allow entry", []string{"from", "to", "kind", "subject", "reason"}, func(key string, _, v *yaml.Node) {
			s, ok := p.str(v, "allow "+key)
			if !ok {
				return
			}
			switch key {
			case "from":
				a.From = s
				p.knownContext(cfg, v, s, "allow from")
			case "to":
				a.To = s
				p.knownContext(cfg, v, s, "allow to")
			case "kind":
				a.Kind = s
				if !contains(kindNames(), s) {
					p.errorf(v, "unknown finding kind %q in allow: the kinds are %s", s, strings.Join(kindNames(), ", "))
				}
			case "subject":
				a.Subject = s
			case "reason":
				a.Reason = strings.TrimSpace(s)
			}
		})
		if item.Kind != yaml.MappingNode {
			continue
		}
		if a.From == "" {
			p.errorf(item, "allow entry without `from`: name the context whose finding it excuses")
		}
		if a.Reason == "" {
			p.errorf(item, "allow entry without a reason: say why the exception is acceptable and until when (e.g. a ticket)")
		}
		cfg.Allow = append(cfg.Allow, a)
	}
}

func kindNames() []string {
	names := make([]string, len(finding.Kinds))
	for i, k := range finding.Kinds {
		names[i] = string(k)
	}
	return names
}

func (p *parser) knownContext(cfg *Config, n *yaml.Node, name, where string) {
	if cfg.byName[name] == nil {
		p.errorf(n, "%s names context %q, which is not declared: declare it under contexts or use one of %s", where, name, strings.Join(cfg.Names(), ", "))
	}
}

// crossCheck validates what spans entries: uses naming contexts, tables and
// columns claimed twice.
func (p *parser) crossCheck(cfg *Config) {
	tables := map[string]string{}
	columns := map[string]string{}
	claim := func(seen map[string]string, e Entry, owner, what string) {
		if prev, ok := seen[e.Value]; ok && prev != owner {
			hint := "list the other's columns under `columns`, or move it to shared"
			if what == "files entry" {
				hint = "a file belongs to one context; narrow one of the globs"
			}
			p.errs = append(p.errs, &Error{e.Pos, fmt.Sprintf("%s %q is claimed by both %s and %s: a %s belongs to one context (%s)", what, e.Value, prev, owner, what, hint)})
			return
		}
		seen[e.Value] = owner
	}
	files := map[string]string{}
	for _, e := range cfg.Shared.Tables {
		claim(tables, e, "shared", "table")
	}
	for _, e := range cfg.Shared.Files {
		claim(files, e, "shared", "files entry")
	}
	for _, x := range cfg.Contexts {
		for _, u := range x.Uses {
			if u.Value == x.Name {
				p.errs = append(p.errs, &Error{u.Pos, fmt.Sprintf("context %s lists itself in uses: remove it", x.Name)})
				continue
			}
			if cfg.byName[u.Value] == nil {
				p.errs = append(p.errs, &Error{u.Pos, fmt.Sprintf("context %s uses %q, which is not declared: declare it under contexts or use one of %s", x.Name, u.Value, strings.Join(cfg.Names(), ", "))})
			}
		}
		for _, e := range x.Tables {
			claim(tables, e, x.Name, "table")
		}
		for _, e := range x.Columns {
			claim(columns, e, x.Name, "column")
		}
		for _, e := range x.Files {
			claim(files, e, x.Name, "files entry")
		}
	}
	sort.SliceStable(p.errs, func(i, j int) bool {
		a, b := p.errs[i].Pos, p.errs[j].Pos
		return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
	})
}

// CheckPackages reports the package patterns (packages, api, shared packages) that
// match none of the given import paths, the packages of the module.
func (c *Config) CheckPackages(importPaths []string) error {
	var rels []string
	for _, ip := range importPaths {
		if rel, ok := c.relPackage(ip); ok {
			rels = append(rels, rel)
		}
	}
	var errs Errors
	check := func(entries []Entry, where string) {
		for _, e := range entries {
			matched := false
			for _, rel := range rels {
				if patternScore(e.Value, rel) >= 0 {
					matched = true
					break
				}
			}
			if !matched {
				errs = append(errs, &Error{e.Pos, fmt.Sprintf("%s pattern %q matches no package of module %s: patterns are relative to the directory of %s (use internal/x/... for a subtree)", where, e.Value, c.PackagePrefix(), FileName)})
			}
		}
	}
	check(c.Shared.Packages, "shared")
	for _, x := range c.Contexts {
		check(x.Packages, x.Name)
		check(x.API, x.Name+" api")
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// IsConfigError reports whether err is a problem in the file (exit status 2)
// rather than a failure to read it.
func IsConfigError(err error) bool {
	var es Errors
	var e *Error
	return errors.As(err, &es) || errors.As(err, &e)
}
