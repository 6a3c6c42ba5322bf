package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/faultline/faultline/graph"
)

// RankOptions say how much of a ranking to show.
type RankOptions struct {
	// Verbose shows the cut set and hard constraints of every candidate, not
	// only of the first.
	Verbose bool
}

// RankText writes a ranking for people: a table of the candidates, one
// explanation per candidate, and the cut set of the first candidate (of every
// candidate with Verbose), step by step, each item at its file:line:col as go
// vet prints positions.
func RankText(w io.Writer, r *graph.Ranking, opts RankOptions) error {
	bw := &rankWriter{w: w}
	if len(r.Candidates) == 0 {
		fmt.Fprintln(bw, "no bounded contexts to rank")
		return bw.err
	}
	fmt.Fprintf(bw, "Extraction candidates, best first (score = value / (1 + cost / %s); cost = inbound − split + %s × (outbound + split)):\n\n",
		rankNum(r.MaxCost), rankNum(graph.OutboundFactor))
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RANK\tCONTEXT\tSCORE\tVALUE\tCOST\tINBOUND\tOUTBOUND\tLEVEL\tPLACE UNDER ±50% WEIGHTS")
	for _, c := range r.Candidates {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.Rank, c.Context, rankNum3(c.Score), rankNum(c.Value),
			rankNum(c.Cost), rankSide(c.Inbound), rankSide(c.Outbound), c.Level, rankStability(c.Stability))
	}
	tw.Flush()
	fmt.Fprintln(bw, "\n(inbound and outbound: pieces of evidence, and their weight in parentheses)")

	fmt.Fprintln(bw, "\nWhy:")
	for _, c := range r.Candidates {
		fmt.Fprintf(bw, "%d. %s\n", c.Rank, rankWrap(c.Explanation, 100, "   "))
	}
	if len(r.Cycles) > 0 {
		fmt.Fprintln(bw, "\nCycles (extract together, or cut the edges the explanations name):")
		for _, cy := range r.Cycles {
			fmt.Fprintf(bw, "  %s: %d %s to cut\n", rankList(cy.Contexts, 10, " <-> "), len(cy.Break), rankPlural(len(cy.Break), "edge", "edges"))
		}
	}

	for i, c := range r.Candidates {
		if i > 0 && !opts.Verbose {
			break
		}
		fmt.Fprintf(bw, "\nCut set of %s (rank %d), in the order of the extraction steps:\n", c.Context, c.Rank)
		if opts.Verbose && len(c.Hard) > 0 {
			fmt.Fprintf(bw, "  hard constraints into %s:\n", c.Context)
			for _, it := range c.Hard {
				fmt.Fprintf(bw, "    %s\n", rankItemLine(it))
			}
		}
		for _, s := range c.Cut {
			fmt.Fprintf(bw, "  %d. %s\n", s.Step, s.Name)
			if len(s.Items) == 0 {
				fmt.Fprintln(bw, "     (nothing)")
			}
			for _, it := range s.Items {
				fmt.Fprintf(bw, "     %s\n", rankItemLine(it))
				if it.DDL != "" {
					for _, l := range strings.Split(strings.TrimRight(it.DDL, "\n"), "\n") {
						fmt.Fprintf(bw, "         %s\n", l)
					}
				}
			}
		}
	}
	if !opts.Verbose && len(r.Candidates) > 1 {
		fmt.Fprintln(bw, "\n(--verbose shows the cut set of every candidate)")
	}
	return bw.err
}

// rankList joins at most n names, saying how many it left out.
func rankList(names []string, n int, sep string) string {
	if len(names) <= n {
		return strings.Join(names, sep)
	}
	return fmt.Sprintf("%s%s... (%d more)", strings.Join(names[:n], sep), sep, len(names)-n)
}

func rankPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// rankItemLine renders a cut item as "file:line:col: action: subject [kind from->to]".
func rankItemLine(it graph.CutItem) string {
	var b strings.Builder
	if p := it.Position(); p != "" {
		b.WriteString(p)
		b.WriteString(": ")
	}
	b.WriteString(it.Action)
	if it.Subject != "" {
		b.WriteString(": ")
		b.WriteString(it.Subject)
	}
	if it.Kind != "" && it.Kind != "config" {
		b.WriteString(" [")
		b.WriteString(it.Kind)
		switch {
		case it.From == "" && it.To != "":
			b.WriteString(" from no context to " + it.To)
		case it.From != "" || it.To != "":
			b.WriteString(" " + it.From + "->" + it.To)
		}
		b.WriteString("]")
	}
	return b.String()
}

func rankSide(s graph.Side) string {
	return fmt.Sprintf("%d (%s)", s.Count, rankNum(s.Weight))
}

func rankStability(s graph.Stability) string {
	if s.Stable {
		return "stable"
	}
	return fmt.Sprintf("swaps with %s (%s)", s.SwapsWith, s.Scenario)
}

// rankNum renders a number with at most one decimal: 3, 48.4.
func rankNum(f float64) string {
	if f == float64(int64(f)) {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', 1, 64)
}

// rankNum3 renders a score with three decimals.
func rankNum3(f float64) string { return strconv.FormatFloat(f, 'f', 3, 64) }

// rankWrap wraps text at width columns, indenting continuation lines.
func rankWrap(text string, width int, indent string) string {
	var b strings.Builder
	col := 0
	for i, word := range strings.Fields(text) {
		if i > 0 {
			if col+1+len(word) > width {
				b.WriteString("\n" + indent)
				col = len(indent)
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(word)
		col += len(word)
	}
	return b.String()
}

// RankJSON writes a ranking as one JSON object:
// {"candidates": [{"context", "rank", "score", "inbound", "outbound", "cut": [...], ...}],
// "max_cost", "weights", "cycles", "scenarios"}.
func RankJSON(w io.Writer, r *graph.Ranking) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// RankMarkdown writes a ranking as Markdown: the table, the explanations, and
// the cut set of the first candidate (of every candidate with Verbose).
func RankMarkdown(w io.Writer, r *graph.Ranking, opts RankOptions) error {
	bw := &rankWriter{w: w}
	fmt.Fprintln(bw, "# Extraction candidates")
	fmt.Fprintln(bw)
	fmt.Fprintf(bw, "Best first. score = value / (1 + cost / %s); cost = inbound − split + %s × (outbound + split).\n\n",
		rankNum(r.MaxCost), rankNum(graph.OutboundFactor))
	fmt.Fprintln(bw, "| Rank | Context | Score | Value | Cost | Inbound | Outbound | Level | Under ±50% weights |")
	fmt.Fprintln(bw, "|---:|---|---:|---:|---:|---:|---:|---|---|")
	for _, c := range r.Candidates {
		fmt.Fprintf(bw, "| %d | %s | %s | %s | %s | %s | %s | %s | %s |\n", c.Rank, rankMD(c.Context), rankNum3(c.Score),
			rankNum(c.Value), rankNum(c.Cost), rankSide(c.Inbound), rankSide(c.Outbound), c.Level, rankMD(rankStability(c.Stability)))
	}
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "## Why")
	fmt.Fprintln(bw)
	for _, c := range r.Candidates {
		fmt.Fprintf(bw, "%d. %s\n", c.Rank, rankMD(c.Explanation))
	}
	for i, c := range r.Candidates {
		if i > 0 && !opts.Verbose {
			break
		}
		fmt.Fprintf(bw, "\n## Cut set of %s\n", rankMD(c.Context))
		for _, s := range c.Cut {
			fmt.Fprintf(bw, "\n### %d. %s\n\n", s.Step, s.Name)
			if len(s.Items) == 0 {
				fmt.Fprintln(bw, "Nothing.")
			}
			for _, it := range s.Items {
				pos := ""
				if p := it.Position(); p != "" {
					pos = "`" + p + "` "
				}
				kind := ""
				if it.Kind != "" && it.Kind != "config" {
					kind = " *(" + it.Kind
					switch {
					case it.From == "" && it.To != "":
						kind += " from no context to " + it.To
					case it.From != "" || it.To != "":
						kind += " " + it.From + "→" + it.To
					}
					kind += ")*"
				}
				fmt.Fprintf(bw, "- %s%s: `%s`%s\n", pos, rankMD(it.Action), strings.ReplaceAll(it.Subject, "`", "'"), kind)
				if it.DDL != "" {
					fmt.Fprintf(bw, "\n  ```sql\n  %s\n  ```\n\n", strings.ReplaceAll(strings.TrimRight(it.DDL, "\n"), "\n", "\n  "))
				}
			}
		}
	}
	return bw.err
}

// rankMD escapes the characters Markdown would take for markup in a table or
// list item (GitHub's Markdown leaves underscores inside words alone).
func rankMD(s string) string {
	r := strings.NewReplacer("|", `\|`, "*", `\*`, "<", "&lt;", "`", "'")
	return r.Replace(s)
}

// rankWriter keeps the first write error, so renderers can print freely and
// report it once.
type rankWriter struct {
	w   io.Writer
	err error
}

func (e *rankWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return len(p), nil
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = err
	}
	return n, nil
}
