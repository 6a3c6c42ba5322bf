package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"github.com/faultline/faultline/baseline"
)

func init() { commands["baseline"] = runBaseline }

// runBaseline writes faultline.baseline.yaml beside faultline.yaml from the findings
// of a whole-project check. In CI (CI=true) the file may shrink but is never
// created or grown: a pull request cannot wave its new couplings through.
func runBaseline(args []string) int {
	flags := flag.NewFlagSet("faultline baseline", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprint(stderr, `usage: faultline baseline [flags]

Writes faultline.baseline.yaml beside faultline.yaml: the key and count of every
finding that fails faultline check today, so that check fails only on new ones.
Run it again after cutting a coupling to shrink the file. With CI=true the file
may shrink but is never created or grown (exit status 2).

Flags:
`)
		flags.PrintDefaults()
	}
	c := commonFlags(flags)
	patterns, code, ok := c.parseArgs(args)
	if !ok {
		return code
	}
	var err error
	if len(patterns) > 0 {
		fmt.Fprintln(stderr, "faultline baseline: the baseline covers the whole project; run it without packages (use -C to pick the project)")
		return exitUsage
	}
	res, code := c.runCheck(nil)
	if res == nil {
		return code
	}
	if len(res.LoadErrors) > 0 {
		for _, e := range res.LoadErrors {
			fmt.Fprintln(stderr, e)
		}
		fmt.Fprintln(stderr, "faultline baseline: some packages could not be loaded or type-checked (above), so their findings are unknown; fix them and run again. The baseline was not written.")
		return exitCannot
	}
	if res.LiveError != nil {
		fmt.Fprintf(stderr, "faultline baseline: %v\nfaultline baseline: the database's findings are unknown, so the baseline was not written.\n", res.LiveError)
		return exitCannot
	}
	next := baseline.FromFindings(res.Findings)

	toStdout := c.output == "-"
	path := baseline.Path(res.Config.Dir)
	if c.output != "" && !toStdout {
		path = c.output
		if !filepath.IsAbs(path) {
			wd, _ := c.workDir()
			path = filepath.Join(wd, path)
		}
	}
	wd, _ := c.workDir()
	name := relPath(wd, path)

	old, err := baseline.Read(path)
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrNotExist):
		old = nil
	case inCI():
		fmt.Fprintln(stderr, err)
		fmt.Fprintf(stderr, "faultline baseline: %s cannot be read, so CI=true cannot tell whether it would only shrink; fix it (or write it again outside CI) and commit it\n", name)
		return exitUsage
	default:
		fmt.Fprintln(stderr, err)
		fmt.Fprintf(stderr, "faultline baseline: %s cannot be read; writing it anew\n", name)
		old = nil
	}
	delta := baseline.Diff(old, next)

	if inCI() && !toStdout {
		switch {
		case old == nil:
			fmt.Fprintf(stderr, "faultline baseline: there is no %s, and in CI (CI=true) a baseline is never created: run `faultline baseline` on your machine, review the file and commit it\n", name)
			return exitUsage
		case delta.Grows():
			fmt.Fprintf(stderr, "faultline baseline: in CI (CI=true) the baseline may shrink but never grow, and these findings would be added to %s:\n", name)
			for _, e := range delta.Added {
				fmt.Fprintf(stderr, "\t+%d %s\n", e.Count, e.Key())
			}
			fmt.Fprintln(stderr, "Cut these couplings, let them through with an allow entry or a faultline:ignore comment and a reason, or run `faultline baseline` on your machine and commit the file for review. Nothing was written.")
			return exitUsage
		}
	}

	if toStdout {
		if err := next.Write(stdout); err != nil {
			fmt.Fprintln(stderr, "faultline baseline: writing output:", err)
			return exitCannot
		}
		return exitClean
	}
	if old != nil && delta.Empty() {
		if c.verbose {
			fmt.Fprintf(stderr, "faultline: %s is up to date (%s)\n", name, counted(next))
		}
		return exitClean
	}
	if err := next.WriteFile(path); err != nil {
		fmt.Fprintln(stderr, "faultline baseline:", err)
		return exitCannot
	}
	if c.verbose {
		for _, e := range delta.Removed {
			fmt.Fprintf(stderr, "\t-%d %s\n", e.Count, e.Key())
		}
		for _, e := range delta.Added {
			fmt.Fprintf(stderr, "\t+%d %s\n", e.Count, e.Key())
		}
	}
	fmt.Fprintf(stderr, "faultline: wrote %s: %s (%s)\n", name, counted(next), changes(old, delta))
	return exitClean
}

// inCI reports whether the CI environment variable says this runs in CI, as
// GitHub Actions, GitLab CI and most others set it.
func inCI() bool {
	v := os.Getenv("CI")
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	return err != nil || b
}

func counted(b *baseline.Baseline) string {
	return fmt.Sprintf("%d findings under %d keys", b.Len(), len(b.Entries))
}

func changes(old *baseline.Baseline, d baseline.Delta) string {
	if old == nil {
		return "new file"
	}
	add, rm := 0, 0
	for _, e := range d.Added {
		add += e.Count
	}
	for _, e := range d.Removed {
		rm += e.Count
	}
	return fmt.Sprintf("+%d -%d", add, rm)
}
