package main

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"

	"github.com/faultline/faultline/check"
	"github.com/faultline/faultline/graph/plan"
	"github.com/faultline/faultline/internal/safefile"
	"github.com/faultline/faultline/report"
	"github.com/faultline/faultline/schema/migrations"
)

func init() { commands["plan"] = runPlan }

func runPlan(args []string) int {
	fs := flag.NewFlagSet("faultline plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: faultline plan CONTEXT [--emit DIR [--force]] [flags] [packages]

Prints the cut set of one bounded context as an extraction plan: the nine
steps, each item with its evidence, the context that does the work, what the
code must do and the migration that does the data part.

With --emit DIR it writes those migrations into DIR, numbered after the last
one of sql.migrations and in its format (golang-migrate, goose, sql-migrate,
dbmate, tern, Flyway, Atlas or plain numbered SQL), each with its down
migration, under the same directory as in the project (DIR/db/migrations/...),
with the loose foreign keys' cleanup statements in DIR/loose_foreign_keys and
the updated configuration as DIR/faultline.yaml: copy DIR over the project.

`)
		fs.PrintDefaults()
	}
	c := commonFlags(fs, "text", "json", "markdown")
	emit := fs.String("emit", "", "write the migrations and the updated faultline.yaml to `dir`")
	force := fs.Bool("force", false, "with --emit, write into a directory that is not empty")
	pos, code, ok := c.parseArgs(args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		fmt.Fprintln(stderr, "faultline plan: name the context to plan, e.g. faultline plan pricing")
		return exitUsage
	}
	if *force && *emit == "" {
		fmt.Fprintln(stderr, "faultline plan: --force only applies with --emit DIR")
		return exitUsage
	}
	res, code := c.runCheck(pos[1:])
	if res == nil {
		return code
	}
	p, err := plan.Build(plan.Input{Config: res.Config, Catalog: res.Catalog, Findings: res.Findings, References: res.References}, pos[0])
	if err != nil {
		fmt.Fprintln(stderr, "faultline plan:", err)
		return exitUsage
	}
	layout, layoutErr := planLayout(res)
	if layout != nil {
		p.SetLayout(layout)
	}
	if *emit != "" {
		if code := emitPlan(c, p, res, layoutErr, *emit, *force); code != exitClean {
			return code
		}
	}
	return printPlan(c, p, res)
}

// planLayout reads the format and numbering of the project's migrations.
func planLayout(res *check.Result) (*plan.Layout, error) {
	var paths []string
	for _, e := range res.Config.SQL.Migrations {
		paths = append(paths, e.Value)
	}
	if len(paths) == 0 {
		return nil, &plan.LayoutError{Format: "none", Reason: "faultline.yaml has no sql.migrations"}
	}
	scripts, _, err := migrations.Load(res.Config.Dir, paths)
	if err != nil {
		return nil, err
	}
	return plan.NewLayout(scripts)
}

// emitPlan writes the migrations and the updated configuration to dir.
func emitPlan(c *common, p *plan.Plan, res *check.Result, layoutErr error, dir string, force bool) int {
	switch {
	case layoutErr != nil:
		fmt.Fprintln(stderr, "faultline plan:", layoutErr)
		return exitUsage
	case len(p.Migrations) == 0:
		fmt.Fprintf(stderr, "faultline plan: nothing for --emit to write: %s's couplings are all in code, with no foreign key, trigger, view, function, sequence or shared table to cut\n", p.Context)
		return exitUsage
	}
	data, err := safefile.Read(res.Config.File)
	if err != nil {
		fmt.Fprintln(stderr, "faultline plan:", err)
		return exitCannot
	}
	cfg, err := p.UpdateConfig(data)
	if err != nil {
		fmt.Fprintln(stderr, "faultline plan:", err)
		return exitUsage
	}
	if !filepath.IsAbs(dir) {
		wd, _ := c.workDir()
		dir = filepath.Join(wd, dir)
	}
	if err := p.Emit(dir, cfg, force); err != nil {
		fmt.Fprintln(stderr, "faultline plan:", err)
		var ne *plan.DirNotEmptyError
		if errors.As(err, &ne) {
			return exitUsage
		}
		return exitCannot
	}
	return exitClean
}

func printPlan(c *common, p *plan.Plan, res *check.Result) int {
	var pr report.Printer
	switch c.format {
	case "json":
		pr = report.PlanJSONPrinter{}
	case "markdown":
		pr = report.PlanMarkdownPrinter{}
	default:
		pr = report.PlanTextPrinter{}
	}
	if code := c.print(pr, &report.Run{Plan: p}); code != exitClean {
		return code
	}
	return loadErrors(res)
}
