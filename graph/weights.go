package graph

import (
	"maps"
	"slices"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
)

// The dependency families the graph weighs apart. Most are finding kinds; a
// foreign-table finding is split by its access, and a Reference through a
// context's api is its own family.
const (
	FamilyForeignRead    = "foreign-read"
	FamilyForeignWrite   = "foreign-write"
	FamilyAPI            = "api"
	FamilyChangeCoupling = "change-coupling"
)

// DefaultWeights are the weights of the families, before the overrides of
// rank.weights in faultline.yaml. Hard constraints (the database enforces
// them, or another context's data changes under it) weigh 8; SQL that spans
// contexts 3 to 5; code that reaches into another context 2; use of a
// published API 1; a cycle is derived from the other edges and weighs nothing.
var DefaultWeights = map[string]float64{
	string(finding.ForeignKey):       8,
	string(finding.Trigger):          8,
	FamilyForeignWrite:               8,
	string(finding.SharedTable):      8,
	string(finding.CrossTransaction): 8,
	string(finding.View):             5,
	string(finding.CrossJoin):        5,
	string(finding.RuntimeCrossJoin): 5,
	string(finding.Function):         5,
	FamilyForeignRead:                3,
	string(finding.Sequence):         3,
	string(finding.Private):          2,
	string(finding.Import):           2,
	FamilyChangeCoupling:             2,
	FamilyAPI:                        1,
	string(finding.Cycle):            0,
}

// Weights returns the default weights with the overrides of cfg.Rank.Weights
// applied. An override of "foreign-table" sets both foreign-read and
// foreign-write unless those are given themselves.
func Weights(cfg *config.Config) map[string]float64 {
	w := maps.Clone(DefaultWeights)
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
	switch family {
	case string(finding.ForeignKey), string(finding.Trigger), FamilyForeignWrite,
		string(finding.SharedTable), string(finding.CrossTransaction):
		return true
	}
	return false
}

// Code reports whether a family is a coupling in Go code rather than in SQL or
// the schema.
func Code(family string) bool {
	switch family {
	case string(finding.Import), string(finding.Private), FamilyAPI, FamilyChangeCoupling:
		return true
	}
	return false
}

// FamilyOf returns the family of a finding, or "" when the finding is not a
// coupling between contexts (parse errors, drift, unowned tables, configuration
// warnings, stale entries) or is derived from the graph (cycle).
func FamilyOf(f finding.Finding) string {
	switch f.Kind {
	case finding.ParseError, finding.Drift, finding.UnownedTable, finding.Config,
		finding.StaleAllow, finding.UnusedIgnore, finding.StaleBaseline, finding.Cycle:
		return ""
	case finding.ForeignTable:
		if f.Access == finding.Write {
			return FamilyForeignWrite
		}
		return FamilyForeignRead
	}
	return string(f.Kind)
}

// familyOrder lists the families from the hardest to the softest; renderers
// list an edge's families in this order.
var familyOrder = []string{
	string(finding.SharedTable), string(finding.ForeignKey), string(finding.Trigger),
	FamilyForeignWrite, string(finding.CrossTransaction), string(finding.View),
	string(finding.Function), string(finding.CrossJoin), string(finding.RuntimeCrossJoin),
	string(finding.Sequence), FamilyForeignRead, string(finding.Import),
	string(finding.Private), FamilyChangeCoupling, FamilyAPI,
}

// familyRank orders families by familyOrder, unknown ones last by name.
func familyRank(f string) int {
	if i := slices.Index(familyOrder, f); i >= 0 {
		return i
	}
	return len(familyOrder)
}

// Families returns the names of the families in rendering order.
func Families() []string { return slices.Clone(familyOrder) }

// FamilyNoun names a family for sentences: "foreign read", "shared table".
func FamilyNoun(family string, n int) string {
	noun := familyNouns[family]
	if noun == "" {
		noun = family
	}
	if n == 1 {
		return noun
	}
	switch noun {
	case "use of internals":
		return "uses of internals"
	case "API use":
		return "API uses"
	case "cross-context join at run time":
		return "cross-context joins at run time"
	case "commit changing both":
		return "commits changing both"
	}
	return noun + "s"
}

var familyNouns = map[string]string{
	string(finding.SharedTable):      "shared table",
	string(finding.ForeignKey):       "foreign key",
	string(finding.Trigger):          "trigger",
	FamilyForeignWrite:               "foreign write",
	string(finding.CrossTransaction): "cross-context transaction",
	string(finding.View):             "view",
	string(finding.Function):         "function",
	string(finding.CrossJoin):        "cross-context join",
	string(finding.RuntimeCrossJoin): "cross-context join at run time",
	string(finding.Sequence):         "shared sequence",
	FamilyForeignRead:                "foreign read",
	string(finding.Import):           "forbidden import",
	string(finding.Private):          "use of internals",
	FamilyChangeCoupling:             "commit changing both",
	FamilyAPI:                        "API use",
}
