// Command faultline finds where a Go + PostgreSQL monolith is welded across its
// bounded contexts, in code and in the database, and ranks which context to
// extract first. Run `faultline help` for the commands; the same binary is a
// `go vet -vettool`.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/faultline/faultline/baseline"
	"github.com/faultline/faultline/check"
	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/report"
)

// Exit statuses, as DESIGN.md fixes them.
const (
	exitClean    = 0 // nothing new
	exitFindings = 1 // new findings, or stale baseline entries
	exitUsage    = 2 // usage or configuration error
	exitCannot   = 3 // could not run: database unreachable, packages fail to load
)

// commands maps a subcommand to its implementation; each file registers its own.
var commands = map[string]func(args []string) int{}

// vetTool is the binary go vet runs for faultline check; "" means this one.
// Tests, whose binary is not faultline, set it.
var vetTool string

// stdout and stderr are variables so tests can capture them.
var (
	stdout io.Writer = os.Stdout
	stderr io.Writer = os.Stderr
)

func main() {
	report.ServeLayout() // when this process is a layout worker, it ends there
	// One parse of faultline.yaml per run, shared by go vet's processes.
	config.EnableCache()
	if isVetTool(os.Args[1:]) {
		vetMain()
		return
	}
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && name == "help" {
			return help(args[1])
		}
		usage(stdout)
		return exitClean
	case "version", "--version":
		fmt.Fprintln(stdout, "faultline", version())
		return exitClean
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "faultline: unknown command %q\n\n", name)
		usage(stderr)
		return exitUsage
	}
	return cmd(args[1:])
}

// help prints a command's usage and flags on standard output, as
// `faultline CMD -h` prints them on standard error.
func help(name string) int {
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "faultline help: unknown command %q\n\n", name)
		usage(stderr)
		return exitUsage
	}
	saved := stderr
	stderr = stdout
	defer func() { stderr = saved }()
	cmd([]string{"-h"})
	return exitClean
}

func usage(w io.Writer) {
	var names []string
	for n := range commands {
		names = append(names, n)
	}
	slices.Sort(names)
	fmt.Fprintf(w, `faultline finds where a Go + PostgreSQL monolith is welded across bounded contexts.

Usage:
	faultline <command> [flags] [packages]

Commands:
	check      all analyses; the CI gate (exit 1 on new findings)
	graph      the coupling graph: --format dot|svg|html|json
	rank       extraction candidates with their cut sets
	plan       one context's cut set as a step-by-step plan; --emit writes its migrations
	baseline   write faultline.baseline.yaml from today's findings
	init       infer a starting faultline.yaml from the code and SQL
	version    print the version

	go vet -vettool=$(which faultline) ./...   runs the code analyzers under go vet

Available here: %s. Run 'faultline help <command>' for a command's flags.
Exit status: 0 nothing new, 1 new findings, 2 usage or configuration error, 3 could not run.
`, strings.Join(names, ", "))
}

// common holds the flags every command shares.
type common struct {
	fs         *flag.FlagSet
	dir        string
	configFile string
	format     string
	db         string
	output     string
	verbose    bool
	noCode     bool
	tests      bool
	observed   string
	stmtTO     time.Duration
	lockTO     time.Duration
}

// commonFlags registers the shared flags on fs; formats lists the accepted
// --format values, the first being the default.
func commonFlags(fs *flag.FlagSet, formats ...string) *common {
	c := &common{fs: fs}
	fs.StringVar(&c.dir, "C", "", "run as if faultline was started in `dir`")
	fs.StringVar(&c.configFile, "config", "", "configuration `file` (default: faultline.yaml found walking up from the directory)")
	if len(formats) > 0 {
		fs.StringVar(&c.format, "format", formats[0], "output `format`: "+strings.Join(formats, ", "))
	}
	fs.StringVar(&c.db, "db", "", "`DSN` of a live PostgreSQL to introspect read-only (default: sql.database)")
	fs.StringVar(&c.output, "o", "", "write the output to `file` instead of standard output")
	fs.BoolVar(&c.verbose, "verbose", false, "also show allowed findings, notes and SQL that is not constant")
	fs.BoolVar(&c.noCode, "no-code", false, "skip the Go code analysis: schema and database only (no Go module needed)")
	fs.BoolVar(&c.tests, "tests", false, "report the SQL findings of test code (_test.go files, packages importing testing), which are otherwise only counted")
	fs.DurationVar(&c.stmtTO, "statement-timeout", 30*time.Second, "statement_timeout for live catalog queries")
	fs.DurationVar(&c.lockTO, "lock-timeout", 5*time.Second, "lock_timeout for live catalog queries")
	return c
}

// observedFlag registers --observed, for the commands that judge findings.
func (c *common) observedFlag() {
	c.fs.StringVar(&c.observed, "observed", "", "count the statements the runtime guard recorded in `file` (package guard, Record mode) as runtime evidence")
}

// parse parses flags and positional arguments in any order, as the go command does.
func (c *common) parse(args []string) ([]string, error) {
	var positional []string
	for {
		if err := c.fs.Parse(args); err != nil {
			return nil, err
		}
		rest := c.fs.Args()
		if len(rest) == 0 {
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	if c.format != "" && !slices.Contains(c.formats(), c.format) {
		return nil, fmt.Errorf("unknown --format %q: use one of %s", c.format, strings.Join(c.formats(), ", "))
	}
	return positional, nil
}

// parseArgs parses args for a command; when ok is false the command ends with
// code: 0 after -h, 2 after a usage error, which it has printed.
func (c *common) parseArgs(args []string) (positional []string, code int, ok bool) {
	positional, err := c.parse(args)
	switch {
	case err == flag.ErrHelp:
		return nil, exitClean, false
	case err != nil:
		fmt.Fprintf(stderr, "%s: %v\n", c.fs.Name(), err)
		return nil, exitUsage, false
	}
	return positional, exitClean, true
}

func (c *common) formats() []string {
	f := c.fs.Lookup("format")
	if f == nil {
		return nil
	}
	_, list, _ := strings.Cut(f.Usage, ": ")
	return strings.Split(list, ", ")
}

// workDir is the directory the command runs as if started in.
func (c *common) workDir() (string, error) {
	dir := c.dir
	if dir == "" {
		dir = "."
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if st, err := os.Stat(abs); err != nil || !st.IsDir() {
		return "", fmt.Errorf("-C %s: not a directory", c.dir)
	}
	return abs, nil
}

// loadConfig finds and loads faultline.yaml, printing problems the way go vet
// prints diagnostics; it returns an exit status other than exitClean on failure.
func (c *common) loadConfig() (*config.Config, int) {
	wd, err := c.workDir()
	if err != nil {
		fmt.Fprintln(stderr, "faultline:", err)
		return nil, exitUsage
	}
	file := c.configFile
	if file == "" {
		file, err = config.Find(wd)
		if err != nil {
			fmt.Fprintln(stderr, "faultline:", err)
			return nil, exitUsage
		}
	} else if !filepath.IsAbs(file) {
		file = filepath.Join(wd, file)
	}
	cfg, err := config.Load(file)
	if err != nil {
		var es config.Errors
		if errors.As(err, &es) {
			for _, e := range es {
				e.Pos.File = relPath(wd, e.Pos.File)
				fmt.Fprintln(stderr, e)
			}
			return nil, exitUsage
		}
		fmt.Fprintln(stderr, "faultline:", err)
		return nil, exitUsage
	}
	return cfg, exitClean
}

// runCheck loads the configuration and runs every analysis; on failure it has
// printed why and returns the exit status.
func (c *common) runCheck(patterns []string) (*check.Result, int) {
	res, _, code := c.runCheckBaseline(patterns, false)
	return res, code
}

// runCheckBaseline is runCheck with, when withBaseline is set, the baseline beside
// faultline.yaml (nil when there is none) for the verdict stage to let through.
func (c *common) runCheckBaseline(patterns []string, withBaseline bool) (*check.Result, *baseline.Baseline, int) {
	cfg, code := c.loadConfig()
	if cfg == nil {
		return nil, nil, code
	}
	var base *baseline.Baseline
	if withBaseline {
		if base, code = c.loadBaseline(cfg); code != exitClean {
			return nil, nil, code
		}
	}
	wd, _ := c.workDir()
	if c.observed != "" && !filepath.IsAbs(c.observed) {
		c.observed = filepath.Join(wd, c.observed)
	}
	res, err := check.Run(ctxInterrupt(), check.Options{
		Dir:              wd,
		Config:           cfg,
		Patterns:         patterns,
		DB:               c.db,
		NoCode:           c.noCode,
		Tests:            c.tests,
		Observed:         c.observed,
		StatementTimeout: c.stmtTO,
		LockTimeout:      c.lockTO,
		Progress:         progressWriter(),
		VetTool:          vetTool,
		Baseline:         base,
	})
	if err != nil {
		var es config.Errors
		if errors.As(err, &es) {
			for _, e := range es {
				e.Pos.File = relPath(wd, e.Pos.File)
				fmt.Fprintln(stderr, e)
			}
			return nil, nil, exitUsage
		}
		var ce *check.Error
		if errors.As(err, &ce) {
			fmt.Fprintln(stderr, "faultline:", ce.Err)
			return nil, nil, ce.Code
		}
		fmt.Fprintln(stderr, "faultline:", err)
		return nil, nil, exitCannot
	}
	for _, w := range res.Warnings {
		w.File = relPath(wd, filepath.Join(res.Config.Dir, w.File))
		fmt.Fprintln(stderr, w)
	}
	return res, base, exitClean
}

// print writes a run through a printer to the -o file or standard output; it
// returns the exit status, having said what went wrong.
func (c *common) print(p report.Printer, run *report.Run) int {
	// The whole output first: a printer that fails half way (a layout out of
	// time) leaves no half-written -o file.
	var out bytes.Buffer
	if err := p.Print(ctxInterrupt(), &out, run); err != nil {
		fmt.Fprintln(stderr, "faultline:", err)
		return exitCannot
	}
	w, closeOut, err := c.outputWriter()
	if err != nil {
		fmt.Fprintln(stderr, "faultline:", err)
		return exitUsage
	}
	_, err = w.Write(out.Bytes())
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(stderr, "faultline: writing output:", err)
		return exitCannot
	}
	return exitClean
}

// output opens the -o file or returns standard output.
func (c *common) outputWriter() (io.Writer, func() error, error) {
	if c.output == "" || c.output == "-" {
		return stdout, func() error { return nil }, nil
	}
	path := c.output
	if !filepath.IsAbs(path) {
		wd, err := c.workDir()
		if err != nil {
			return nil, nil, err
		}
		path = filepath.Join(wd, path)
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, fmt.Errorf("creating -o file: %w", err)
	}
	return f, f.Close, nil
}

// relPath renders path relative to dir when it is below it.
func relPath(dir, path string) string {
	if !filepath.IsAbs(path) {
		return path
	}
	if rel, err := filepath.Rel(dir, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}
