package coupling

import (
	"fmt"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/schema"
)

// sequences reports each sequence of one context (the owner of the column it is
// OWNED BY) that another context's table draws from: as a column default, or
// through the function of a trigger on the table.
func (k *checker) sequences() {
	for _, t := range k.cat.Tables() {
		root := k.root(t)
		for _, col := range t.Columns {
			if col.Sequence.IsZero() || (root != t && sameDefault(root, col)) {
				continue
			}
			seqOwner, ok := k.sequenceOwner(col.Sequence)
			user := k.columnOwner(root, col.Name)
			if !ok || user.Context == "" || user.Context == seqOwner.Context {
				continue
			}
			tn := display(root.QualifiedName())
			seq := display(col.Sequence)
			newSeq := schema.Name{Schema: root.Schema, Name: root.Name + "_" + col.Name + "_seq"}
			k.add(finding.Finding{
				Kind: finding.Sequence, Severity: finding.Error, Access: finding.Write,
				From: user.Context, To: seqOwner.Context,
				Subject: seq + " -> " + tn + "." + col.Name,
				Tables:  sortedUnique(root.QualifiedName().String(), col.Sequence.String()),
				Columns: []string{root.QualifiedName().String() + "." + col.Name},
				Message: fmt.Sprintf("%s's %s.%s draws its default from sequence %s, which belongs to %s: the two contexts share one id space",
					user.Context, tn, col.Name, seq, seqOwner.Context),
				Fix: fmt.Sprintf("CREATE SEQUENCE %s OWNED BY %s.%s; SELECT setval('%s', (SELECT coalesce(max(%s), 0) + 1 FROM %s), false); ALTER TABLE %s ALTER COLUMN %s SET DEFAULT nextval('%s'); (if ids must stay unique across both contexts, ask %s's API for them instead)",
					newSeq.SQL(), root.QualifiedName().SQL(), schema.QuoteIdent(col.Name), newSeq.SQL(), schema.QuoteIdent(col.Name),
					root.QualifiedName().SQL(), root.QualifiedName().SQL(), schema.QuoteIdent(col.Name), newSeq.SQL(), seqOwner.Context),
			}, col.Pos)
		}
	}
	for _, g := range k.cat.Triggers() {
		t := k.cat.FindTable(g.Table.Schema, g.Table.Name)
		fn := k.cat.TriggerFunction(g)
		if t == nil || fn == nil {
			continue
		}
		user := k.tableOwner(t)
		for _, seq := range fn.Sequences {
			seqOwner, ok := k.sequenceOwner(seq)
			if !ok || user.Context == "" || user.Context == seqOwner.Context {
				continue
			}
			tn := display(k.root(t).QualifiedName())
			k.add(finding.Finding{
				Kind: finding.Sequence, Severity: finding.Error, Access: finding.Write,
				From: user.Context, To: seqOwner.Context,
				Subject: display(seq) + " -> " + tn + " (trigger " + g.Name + ")",
				Tables:  sortedUnique(g.Table.String(), seq.String()),
				Message: fmt.Sprintf("trigger %s on %s's %s runs %s(), which draws from sequence %s of %s: the two contexts share one id space",
					g.Name, user.Context, tn, fn.QualifiedName().SQL(), display(seq), seqOwner.Context),
				Fix: fmt.Sprintf("give %s a sequence of its own (CREATE SEQUENCE ... OWNED BY %s.<column>) and have %s() draw from it instead of %s",
					tn, g.Table.SQL(), fn.QualifiedName().SQL(), display(seq)),
			}, g.Pos)
		}
	}
}

// sameDefault reports whether a partition's column repeats its root's default.
func sameDefault(root *schema.Table, col *schema.Column) bool {
	rc := root.Column(col.Name)
	return rc != nil && rc.Sequence == col.Sequence
}

// sequenceOwner returns the owner of a sequence: the context whose tables entries
// name it (a standalone sequence listed like a table; a literal listing also wins
// over OWNED BY), else the owner of the column it is OWNED BY. A sequence neither
// listed nor owned by a column belongs to nobody known.
func (k *checker) sequenceOwner(n schema.Name) (config.Owner, bool) {
	q := k.cat.FindSequence(n.Schema, n.Name)
	if q == nil {
		return config.Owner{}, false
	}
	if _, listed := k.cfg.Listed(q.Schema, q.Name); listed || q.OwnedBy.IsZero() {
		o := k.ownerOf(q.QualifiedName())
		return o, o.Context != ""
	}
	t := k.cat.FindTable(q.OwnedBy.Schema, q.OwnedBy.Name)
	if t == nil {
		return config.Owner{}, false
	}
	o := k.columnOwner(k.root(t), q.OwnedByColumn)
	return o, o.Context != ""
}
