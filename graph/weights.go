package graph

import (
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
)

// The families that are not kinds, as the finding package declares them.
const (
	FamilyForeignRead    = finding.FamilyForeignRead
	FamilyForeignWrite   = finding.FamilyForeignWrite
	FamilyAPI            = finding.FamilyAPI
	FamilyChangeCoupling = finding.FamilyChangeCoupling
)

// DefaultWeights are the weights of the families as finding's table declares them,
// before the overrides of rank.weights in faultline.yaml; a cycle is derived from
// the other edges and weighs nothing.
var DefaultWeights = func() map[string]float64 {
	w := map[string]float64{string(finding.Cycle): 0}
	for _, f := range finding.Families() {
		w[f.Name] = f.Weight
	}
	return w
}()

// Weights returns the default weights with the overrides of cfg.Rank.Weights
// applied. An override of "foreign-table" sets both foreign-read and
// foreign-write unless those are given themselves.
func Weights(cfg *config.Config) map[string]float64 {
	w := make(map[string]float64, len(DefaultWeights))
	for k, v := range DefaultWeights {
		w[k] = v
	}
	if cfg == nil {
		return w
	}
	o := cfg.Rank.Weights
	if v, ok := o[string(finding.ForeignTable)]; ok {
		w[FamilyForeignRead], w[FamilyForeignWrite] = v, v
	}
	for k, v := range o {
		if k != string(finding.ForeignTable) {
			w[k] = v
		}
	}
	return w
}

// Hard reports whether a family is a hard constraint: something the database
// enforces across the boundary, or a write into another context's data.
func Hard(family string) bool {
	f, _ := finding.Family(family)
	return f.Hard
}

// Code reports whether a family is a coupling in Go code rather than in SQL or
// the schema.
func Code(family string) bool {
	f, _ := finding.Family(family)
	return f.Layer == finding.LayerCode
}

// FamilyOf returns the family of a finding (see finding.FamilyOf).
func FamilyOf(f finding.Finding) string { return finding.FamilyOf(f) }

// familyRank orders families from the hardest; unknown ones come last.
func familyRank(f string) int { return finding.FamilyRank(f) }

// FamilyNoun names a family for sentences: "foreign read", "shared tables".
func FamilyNoun(family string, n int) string {
	f, _ := finding.Family(family)
	if n == 1 {
		return f.Noun
	}
	return f.Nouns
}
