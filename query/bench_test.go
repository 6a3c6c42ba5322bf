package query

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// The benchmark corpus: every view and every statement inside a function body of GitLab's
// structure.sql, plus the hand-written statements of the tests; and a catalog of its tables.
var (
	corpusOnce sync.Once
	corpus     []string
	corpusCat  testCatalog
	corpusErr  error
)

func loadCorpus(b *testing.B) ([]string, Catalog) {
	corpusOnce.Do(func() {
		src, err := os.ReadFile(filepath.Join("..", "..", "shared", "data", "gitlab", "structure.sql"))
		if err != nil {
			corpusErr = err
			return
		}
		text := string(src)
		tree, err := pg_query.Parse(text)
		if err != nil {
			corpusErr = err
			return
		}
		corpusCat = testCatalog{}
		for _, raw := range tree.Stmts {
			stmt := text[raw.StmtLocation : raw.StmtLocation+raw.StmtLen]
			switch n := raw.Stmt.Node.(type) {
			case *pg_query.Node_CreateStmt:
				rv := n.CreateStmt.Relation
				ti := TableInfo{Schema: rv.Schemaname, Name: rv.Relname}
				if ti.Schema == "" {
					ti.Schema = "public" // structure.sql sets search_path to public
				}
				for _, e := range n.CreateStmt.TableElts {
					if cd := e.GetColumnDef(); cd != nil {
						ti.Columns = append(ti.Columns, cd.Colname)
					}
				}
				corpusCat[ti.Schema+"."+ti.Name] = ti
			case *pg_query.Node_ViewStmt:
				corpus = append(corpus, stmt)
			case *pg_query.Node_CreateFunctionStmt:
				if !hasAS(n.CreateFunctionStmt) {
					continue // libpg_query aborts on PL/pgSQL without AS
				}
				js, err := pg_query.ParsePlPgSqlToJSON(stmt)
				if err != nil {
					continue
				}
				exprs, _, err := walkPlpgsql(js, map[string]bool{})
				if err != nil {
					continue
				}
				for _, e := range exprs {
					if e.mode == parseDefault {
						corpus = append(corpus, e.query)
					}
				}
			}
		}
		for _, c := range resolveCases {
			corpus = append(corpus, c.sql)
		}
	})
	if corpusErr != nil {
		b.Skipf("benchmark corpus: %v", corpusErr)
	}
	return corpus, corpusCat
}

func BenchmarkRawParse(b *testing.B) {
	stmts, _ := loadCorpus(b)
	// libpg_query knows only $n parameter markers: hand it what Analyze hands it.
	raw := make([]string, len(stmts))
	for i, s := range stmts {
		raw[i] = scan(s, true).text
	}
	stmts = raw
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range stmts {
			if _, err := pg_query.Parse(s); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(stmts))/b.Elapsed().Seconds(), "stmts/s")
}

func BenchmarkResolve(b *testing.B) {
	stmts, cat := loadCorpus(b)
	for _, bc := range []struct {
		name string
		cat  Catalog
	}{{"catalog", cat}, {"nocatalog", nil}} {
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for _, s := range stmts {
					if _, err := Analyze(s, bc.cat); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.N*len(stmts))/b.Elapsed().Seconds(), "stmts/s")
		})
	}
}

// BenchmarkResolveOnly measures resolution alone, on trees parsed beforehand.
func BenchmarkResolveOnly(b *testing.B) {
	stmts, cat := loadCorpus(b)
	var nodes []*pg_query.Node
	for _, s := range stmts {
		tree, err := pg_query.Parse(scan(s, true).text)
		if err != nil {
			b.Fatal(err)
		}
		for _, raw := range tree.Stmts {
			nodes = append(nodes, raw.Stmt)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, n := range nodes {
			AnalyzeNode(n, cat)
		}
	}
	b.ReportMetric(float64(b.N*len(nodes))/b.Elapsed().Seconds(), "stmts/s")
}

func hasAS(f *pg_query.CreateFunctionStmt) bool {
	for _, o := range f.Options {
		if d := o.GetDefElem(); d != nil && d.Defname == "as" {
			return true
		}
	}
	return false
}
