package report

import (
	"io"
	"testing"

	"github.com/faultline/faultline/graph"
	"github.com/faultline/faultline/graph/graphtest"
)

// BenchmarkRankAndDOT builds the graph of a generated monolith of 500 contexts
// with 50,000 dependencies between them (55,000 findings), ranks it (with the
// stability test and every cut set) and writes it as DOT.
func BenchmarkRankAndDOT(b *testing.B) {
	in := graphtest.Synthetic(500, 50_000)
	b.ReportAllocs()
	for b.Loop() {
		g := graph.Build(in)
		r := graph.Rank(g, graph.RankOptions{})
		if err := DOT(io.Discard, g, DOTOptions{Ranking: r}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRank is the ranking alone, on the same graph.
func BenchmarkRank(b *testing.B) {
	g := graph.Build(graphtest.Synthetic(500, 50_000))
	b.ReportAllocs()
	for b.Loop() {
		graph.Rank(g, graph.RankOptions{})
	}
}

// BenchmarkDOT is the DOT output alone, on the same graph.
func BenchmarkDOT(b *testing.B) {
	g := graph.Build(graphtest.Synthetic(500, 50_000))
	r := graph.Rank(g, graph.RankOptions{})
	b.ReportAllocs()
	for b.Loop() {
		if err := DOT(io.Discard, g, DOTOptions{Ranking: r}); err != nil {
			b.Fatal(err)
		}
	}
}
