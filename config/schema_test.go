package config_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/infer"
)

// schemaFile is the JSON Schema editors use to complete and check faultline.yaml.
var schemaFile = filepath.Join("..", "docs", "faultline.schema.json")

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatalf("compiling %s: %v", schemaFile, err)
	}
	return sch
}

// yamlToJSON decodes YAML as an editor's YAML language server does and hands it to
// the validator as JSON.
func yamlToJSON(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatalf("decoding YAML: %v\n%s", err, data)
	}
	js, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encoding as JSON: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// readmeExample is the ```yaml block of the README's configuration reference.
func readmeExample(t *testing.T) []byte {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	// The configuration reference's block is the one that starts like a faultline.yaml.
	m := regexp.MustCompile("(?s)```yaml\n(version: 1\n.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no ```yaml block")
	}
	return m[1]
}

// Every example configuration validates, and config.Parse accepts it too.
func TestSchemaAcceptsExamples(t *testing.T) {
	sch := compileSchema(t)
	examples := map[string][]byte{"README.md": readmeExample(t)}
	files := []string{filepath.Join("..", "testdata", "catalog", "faultline.yaml")}
	more, _ := filepath.Glob(filepath.Join("..", "analyzers", "*", "testdata", "src", "*", "*", "faultline.yaml"))
	files = append(files, more...)
	more, _ = filepath.Glob(filepath.Join("..", "golangci", "testdata", "src", "*", "*", "faultline.yaml"))
	files = append(files, more...)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		examples[filepath.ToSlash(f)] = data
	}
	inferred, err := infer.Infer(filepath.Join("..", "testdata", "catalog"))
	if err != nil {
		t.Fatal(err)
	}
	examples["faultline init on the catalog example"] = inferred.YAML()

	for name, data := range examples {
		t.Run(name, func(t *testing.T) {
			if err := sch.Validate(yamlToJSON(t, data)); err != nil {
				t.Errorf("does not validate against the schema:\n%v\n%s", err, data)
			}
			if _, err := config.Parse("faultline.yaml", data); err != nil {
				t.Errorf("config.Parse rejects it: %v", err)
			}
		})
	}
}

// What the schema rejects, faultline rejects too.
func TestSchemaRejects(t *testing.T) {
	sch := compileSchema(t)
	const ctx = "version: 1\ncontexts:\n  pricing:\n    packages: [internal/pricing/...]\n"
	for _, tc := range []struct{ name, yaml string }{
		{"unknown top-level key", ctx + "colour: blue\n"},
		{"unknown context key", ctx + "    colour: blue\n"},
		{"unknown shared key", ctx + "shared:\n  apis: [x]\n"},
		{"unknown sql key", ctx + "sql:\n  dsn: x\n"},
		{"unknown allow key", ctx + "allow:\n  - {from: pricing, reason: r, until: 2030}\n"},
		{"allow without reason", ctx + "allow:\n  - {from: pricing, kind: import}\n"},
		{"allow without from", ctx + "allow:\n  - {kind: import, reason: TICKET-1}\n"},
		{"allow with an unknown kind", ctx + "allow:\n  - {from: pricing, kind: imports, reason: r}\n"},
		{"version 2", strings.Replace(ctx, "version: 1", "version: 2", 1)},
		{"no version", strings.Replace(ctx, "version: 1\n", "", 1)},
		{"no contexts", "version: 1\n"},
		{"bad context name", strings.Replace(ctx, "pricing:", "1pricing:", 1)},
		{"unknown weight", ctx + "rank:\n  weights: {foreign-keys: 3}\n"},
		{"negative weight", ctx + "rank:\n  weights: {foreign-key: -1}\n"},
		{"value 0", ctx + "    value: 0\n"},
		{"column without table", ctx + "    columns: [sale_price]\n"},
		{"sql function without argument", ctx + "sql:\n  functions: [example.com/db.Run]\n"},
		{"packages not a list", ctx + "    api: internal/pricing/api\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := sch.Validate(yamlToJSON(t, []byte(tc.yaml))); err == nil {
				t.Errorf("the schema accepts:\n%s", tc.yaml)
			}
			if _, err := config.Parse("faultline.yaml", []byte(tc.yaml)); err == nil {
				t.Errorf("config.Parse accepts what the schema rejects:\n%s", tc.yaml)
			}
		})
	}
}

// The schema names exactly the keys, finding kinds and weights config knows.
func TestSchemaMatchesConfig(t *testing.T) {
	data, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var s node
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	context := s.Defs["context"]
	allow := s.Defs["allow"]

	// config's own error message lists the keys it knows in each place.
	const ctx = "version: 1\ncontexts:\n  pricing:\n    packages: [x/...]\n"
	for _, tc := range []struct {
		where, yaml string
		schema      *node
	}{
		{"top level", ctx + "zz: 1\n", &s},
		{"context", ctx + "    zz: 1\n", context},
		{"shared", ctx + "shared:\n  zz: 1\n", s.Properties["shared"]},
		{"sql", ctx + "sql:\n  zz: 1\n", s.Properties["sql"]},
		{"rank", ctx + "rank:\n  zz: 1\n", s.Properties["rank"]},
		{"allow", ctx + "allow:\n  - {from: pricing, reason: r, zz: 1}\n", allow},
	} {
		_, err := config.Parse("faultline.yaml", []byte(tc.yaml))
		m := regexp.MustCompile(`the keys are ([a-z, -]+)`).FindStringSubmatch(errString(err))
		if m == nil {
			t.Errorf("%s: no list of keys in %v", tc.where, err)
			continue
		}
		want := strings.Split(m[1], ", ")
		slices.Sort(want)
		var got []string
		for k := range tc.schema.Properties {
			got = append(got, k)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: the schema has keys %v, config %v", tc.where, got, want)
		}
		for k, p := range tc.schema.Properties {
			if p.Description == "" {
				t.Errorf("%s: key %s has no description for editor completion", tc.where, k)
			}
		}
		if tc.schema.AdditionalProperties != false {
			t.Errorf("%s: additionalProperties must be false", tc.where)
		}
	}

	var kinds []string
	for _, k := range finding.Kinds {
		kinds = append(kinds, string(k))
	}
	if got := strs(allow.Properties["kind"].Enum); !slices.Equal(got, kinds) {
		t.Errorf("allow kinds %v, want finding.Kinds %v", got, kinds)
	}
	if got := strs(s.Properties["rank"].Properties["weights"].PropertyNames.Enum); !slices.Equal(got, config.WeightNames) {
		t.Errorf("rank weights %v, want config.WeightNames %v", got, config.WeightNames)
	}
}

// node is the part of a JSON Schema the checks above read.
type node struct {
	Description          string           `json:"description"`
	Properties           map[string]*node `json:"properties"`
	AdditionalProperties any              `json:"additionalProperties"`
	PropertyNames        *node            `json:"propertyNames"`
	Enum                 []any            `json:"enum"`
	Defs                 map[string]*node `json:"$defs"`
}

func strs(vs []any) []string {
	var out []string
	for _, v := range vs {
		s, _ := v.(string)
		out = append(out, s)
	}
	return out
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
