package plan

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// UpdateConfig applies the plan's configuration changes to the text of
// faultline.yaml, keeping its comments and layout where yaml allows: each
// context gains the tables it now owns and loses its column entries of the
// tables split.
func (p *Plan) UpdateConfig(data []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("reading faultline.yaml: %w", err)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("faultline.yaml is empty")
	}
	contexts := mapValue(doc.Content[0], "contexts")
	for _, ch := range p.Config {
		c := mapValue(contexts, ch.Context)
		if c == nil || c.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("faultline.yaml has no context %q", ch.Context)
		}
		if len(ch.AddTables) > 0 {
			tables := ensureList(c, "tables")
			for _, t := range ch.AddTables {
				tables.Content = append(tables.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: t})
			}
		}
		if cols := mapValue(c, "columns"); cols != nil && len(ch.RemoveColumnsOf) > 0 {
			cols.Content = slices.DeleteFunc(cols.Content, func(n *yaml.Node) bool {
				return slices.Contains(ch.RemoveColumnsOf, columnTable(n.Value))
			})
			if len(cols.Content) == 0 {
				deleteKey(c, "columns")
			}
		}
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// columnTable returns the table of a column entry (table.column or
// schema.table.column), without a public schema.
func columnTable(entry string) string {
	i := strings.LastIndex(entry, ".")
	if i < 0 {
		return ""
	}
	return strings.TrimPrefix(entry[:i], "public.")
}

func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// ensureList returns the sequence under key, adding an empty one at the end of
// the mapping when there is none.
func ensureList(m *yaml.Node, key string) *yaml.Node {
	if v := mapValue(m, key); v != nil && v.Kind == yaml.SequenceNode {
		return v
	}
	k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}
	v := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	m.Content = append(m.Content, k, v)
	return v
}

func deleteKey(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = slices.Delete(m.Content, i, i+2)
			return
		}
	}
}
