package report

import (
	"context"
	"fmt"
	"io"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/graph"
	fplan "github.com/faultline/faultline/graph/plan"
)

// Run is what a command hands a printer: the judged findings of one run with their
// summary and notes, and, for rank and graph, the graph and its ranking. A printer
// reads what its format shows and ignores the rest.
type Run struct {
	Findings []finding.Finding
	// Known are the findings the baseline let through (SARIF writes them as
	// "unchanged").
	Known []finding.Finding
	// Warnings are faultline.yaml's (JSON lists them; they never fail).
	Warnings []config.Warning
	Summary  Summary
	// Notes are informational lines (--verbose text).
	Notes   []string
	Graph   *graph.Graph
	Ranking *graph.Ranking
	// Plan is one context's extraction plan (faultline plan).
	Plan *fplan.Plan
}

// Printer writes a run in one format. Every output of faultline goes through one.
type Printer interface {
	Print(ctx context.Context, w io.Writer, run *Run) error
}

// TextPrinter writes findings as go vet does (Text), and with Verbose the notes.
type TextPrinter struct{ Options TextOptions }

func (p TextPrinter) Print(_ context.Context, w io.Writer, run *Run) error {
	if err := Text(w, run.Findings, p.Options); err != nil {
		return err
	}
	if p.Options.Verbose {
		for _, n := range run.Notes {
			if _, err := fmt.Fprintln(w, "note:", n); err != nil {
				return err
			}
		}
	}
	return nil
}

// JSONPrinter writes {"findings": [...], "warnings": [...], "summary": {...}} (JSON).
type JSONPrinter struct{}

func (JSONPrinter) Print(_ context.Context, w io.Writer, run *Run) error {
	return JSON(w, run.Findings, run.Warnings, run.Summary)
}

// SARIFPrinter writes a SARIF 2.1.0 log (SARIF); Options.Known is taken from the run.
type SARIFPrinter struct{ Options SARIFOptions }

func (p SARIFPrinter) Print(_ context.Context, w io.Writer, run *Run) error {
	opts := p.Options
	opts.Known = run.Known
	return SARIF(w, run.Findings, run.Summary, opts)
}

// GitHubPrinter writes GitHub Actions workflow commands (GitHub).
type GitHubPrinter struct{ Options GitHubOptions }

func (p GitHubPrinter) Print(_ context.Context, w io.Writer, run *Run) error {
	return GitHub(w, run.Findings, p.Options)
}

// MarkdownPrinter writes a pull-request summary (Markdown).
type MarkdownPrinter struct{ Options MarkdownOptions }

func (p MarkdownPrinter) Print(_ context.Context, w io.Writer, run *Run) error {
	return Markdown(w, run.Findings, run.Summary, p.Options)
}

// RankTextPrinter writes the ranking for people (RankText).
type RankTextPrinter struct{ Options RankOptions }

func (p RankTextPrinter) Print(_ context.Context, w io.Writer, run *Run) error {
	return RankText(w, run.Ranking, p.Options)
}

// RankJSONPrinter writes {"candidates": [...]} (RankJSON).
type RankJSONPrinter struct{}

func (RankJSONPrinter) Print(_ context.Context, w io.Writer, run *Run) error {
	return RankJSON(w, run.Ranking)
}

// RankMarkdownPrinter writes the ranking as Markdown (RankMarkdown).
type RankMarkdownPrinter struct{ Options RankOptions }

func (p RankMarkdownPrinter) Print(_ context.Context, w io.Writer, run *Run) error {
	return RankMarkdown(w, run.Ranking, p.Options)
}

// GraphJSONPrinter writes the graph with its ranking as JSON (GraphJSON).
type GraphJSONPrinter struct{}

func (GraphJSONPrinter) Print(_ context.Context, w io.Writer, run *Run) error {
	return GraphJSON(w, run.Graph, run.Ranking)
}

// DOTPrinter writes the graph in Graphviz's DOT language (DOT); the run's ranking
// highlights the first candidate.
type DOTPrinter struct{ Options DOTOptions }

func (p DOTPrinter) Print(_ context.Context, w io.Writer, run *Run) error {
	opts := p.Options
	if opts.Ranking == nil {
		opts.Ranking = run.Ranking
	}
	return DOT(w, run.Graph, opts)
}

// SVGPrinter draws the graph with Graphviz compiled to WebAssembly (Layout);
// Engine, when set, is told which engine drew it.
type SVGPrinter struct {
	Options SVGOptions
	Engine  func(engine string)
}

func (p SVGPrinter) Print(ctx context.Context, w io.Writer, run *Run) error {
	opts := p.Options
	if opts.DOT.Ranking == nil {
		opts.DOT.Ranking = run.Ranking
	}
	svg, engine, err := Layout(ctx, run.Graph, opts)
	if err != nil {
		return err
	}
	if p.Engine != nil {
		p.Engine(engine)
	}
	_, err = w.Write(svg)
	return err
}

// HTMLPrinter writes the self-contained explorer page (HTML).
type HTMLPrinter struct{ Options HTMLOptions }

func (p HTMLPrinter) Print(_ context.Context, w io.Writer, run *Run) error {
	return HTML(w, run.Graph, run.Ranking, p.Options)
}

// PlanTextPrinter writes a context's plan for people (PlanText).
type PlanTextPrinter struct{}

func (PlanTextPrinter) Print(_ context.Context, w io.Writer, run *Run) error {
	return PlanText(w, run.Plan)
}

// PlanJSONPrinter writes a context's plan as JSON (PlanJSON).
type PlanJSONPrinter struct{}

func (PlanJSONPrinter) Print(_ context.Context, w io.Writer, run *Run) error {
	return PlanJSON(w, run.Plan)
}

// PlanMarkdownPrinter writes a context's plan as Markdown (PlanMarkdown).
type PlanMarkdownPrinter struct{}

func (PlanMarkdownPrinter) Print(_ context.Context, w io.Writer, run *Run) error {
	return PlanMarkdown(w, run.Plan)
}
