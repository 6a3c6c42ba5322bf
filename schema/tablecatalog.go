package schema

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/faultline/faultline/internal/safefile"
	"github.com/faultline/faultline/query"
)

// TableCatalog is the part of a catalog SQL resolution needs — tables, views, their
// columns, keys and partition parents — small enough to hand to every go vet process.
type TableCatalog struct {
	SearchPath []string          `json:"search_path"`
	Tables     []query.TableInfo `json:"tables"`
	index      map[[2]string]int
}

// NewTableCatalog extracts the resolution view of a full catalog.
func NewTableCatalog(cat *Catalog) *TableCatalog {
	tc := &TableCatalog{SearchPath: cat.SearchPath}
	for _, t := range cat.Tables() {
		if ti, ok := cat.Table(t.Schema, t.Name); ok {
			tc.Tables = append(tc.Tables, ti)
		}
	}
	for _, v := range cat.Views() {
		if ti, ok := cat.Table(v.Schema, v.Name); ok {
			tc.Tables = append(tc.Tables, ti)
		}
	}
	return tc
}

// Table resolves a name as query.Catalog requires: an unqualified name through
// the search path, public when the path names nothing.
func (tc *TableCatalog) Table(schemaName, name string) (query.TableInfo, bool) {
	if tc.index == nil {
		tc.index = make(map[[2]string]int, len(tc.Tables))
		for i, t := range tc.Tables {
			tc.index[[2]string{t.Schema, t.Name}] = i
		}
	}
	if schemaName != "" {
		i, ok := tc.index[[2]string{schemaName, name}]
		if !ok {
			return query.TableInfo{}, false
		}
		return tc.Tables[i], true
	}
	for _, s := range append(tc.SearchPath, "public") {
		if i, ok := tc.index[[2]string{s, name}]; ok {
			return tc.Tables[i], true
		}
	}
	return query.TableInfo{}, false
}

// WriteTableCatalog writes the resolution view of cat to file, for the analyzers
// of every go vet process to read (sqlaccess's -catalog flag).
func WriteTableCatalog(file string, cat *Catalog) error {
	data, err := json.Marshal(NewTableCatalog(cat))
	if err != nil {
		return fmt.Errorf("encoding the catalog for go vet: %w", err)
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		return fmt.Errorf("writing the catalog for go vet: %w", err)
	}
	return nil
}

// ReadTableCatalog reads what WriteTableCatalog wrote.
func ReadTableCatalog(file string) (*TableCatalog, error) {
	data, err := safefile.Read(file)
	if err != nil {
		return nil, fmt.Errorf("reading the catalog: %w", err)
	}
	var tc TableCatalog
	if err := json.Unmarshal(data, &tc); err != nil {
		return nil, fmt.Errorf("reading the catalog %s: %w", file, err)
	}
	return &tc, nil
}
