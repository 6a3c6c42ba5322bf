package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/faultline/faultline/config"
	"github.com/faultline/faultline/infer"
)

func init() { commands["init"] = runInit }

// runInit writes a starting faultline.yaml inferred from the code and SQL of the
// directory it runs in, never over an existing one unless told to.
func runInit(args []string) int {
	flags := flag.NewFlagSet("faultline init", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {
		fmt.Fprint(stderr, `usage: faultline init [flags]

Infers a starting faultline.yaml from the Go code, query files and migrations of
the directory (-C): a context per folder under internal/ (else pkg/, else the
directory itself), its api, the tables its code touches most, the contexts it
imports, the shared kernel most folders import, and the migration folders. Each
guess carries a comment saying what it rests on and how sure it is.

It writes faultline.yaml in that directory, and never over an existing file
unless --force is given; -o - prints it instead.

Flags:
`)
		flags.PrintDefaults()
	}
	// Only the flags init honours: it reads files, never a database, and
	// reads the Go code (--db, --no-code and the rest are refused).
	c := &common{fs: flags}
	flags.StringVar(&c.dir, "C", "", "infer the configuration of `dir` instead of the current directory")
	flags.StringVar(&c.configFile, "config", "", "write the configuration to `file` in that directory (default faultline.yaml)")
	flags.StringVar(&c.output, "o", "", "write to `file` in that directory, or - for standard output")
	force := flags.Bool("force", false, "overwrite an existing faultline.yaml")
	rest, code, ok := c.parseArgs(args)
	if !ok {
		return code
	}
	var err error
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "faultline init: unexpected argument %q: init reads the whole directory (use -C to pick another)\n", rest[0])
		return exitUsage
	}
	wd, err := c.workDir()
	if err != nil {
		fmt.Fprintln(stderr, "faultline init:", err)
		return exitUsage
	}

	// Where to write: -o, else --config, else faultline.yaml in the directory.
	target := c.output
	if target == "" {
		target = c.configFile
	}
	if target == "" {
		target = config.FileName
	}
	if target != "-" {
		if !filepath.IsAbs(target) {
			target = filepath.Join(wd, target)
		}
		if filepath.Dir(target) != wd {
			fmt.Fprintf(stderr, "faultline init: %s is not in %s: the paths in faultline.yaml are relative to its directory, so it must sit in the directory it describes (use -C for another directory, or -o - to print it)\n", relPath(wd, target), wd)
			return exitUsage
		}
		if _, err := os.Stat(target); err == nil && !*force {
			fmt.Fprintf(stderr, "faultline init: %s already exists; it was left as it is. Pass --force to overwrite it, or -o - to print the inferred configuration\n", relPath(wd, target))
			return exitUsage
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintln(stderr, "faultline init:", err)
			return exitCannot
		}
	}

	res, err := infer.Infer(wd)
	if err != nil {
		fmt.Fprintln(stderr, "faultline init:", err)
		return exitCannot
	}
	data := res.YAML()
	// What init writes must be a configuration check accepts.
	if _, err := config.Parse(config.FileName, data); err != nil {
		fmt.Fprintf(stderr, "faultline init: the inferred configuration does not load, which is a bug in faultline; please report it with this output:\n%v\n%s", err, data)
		return exitCannot
	}
	if target == "-" {
		stdout.Write(data)
		return exitClean
	}
	if err := os.WriteFile(target, data, 0o644); err != nil {
		fmt.Fprintln(stderr, "faultline init:", err)
		return exitCannot
	}
	fmt.Fprintf(stderr, "faultline init: wrote %s with %d context(s); read the comment on each guess, then run faultline check\n",
		relPath(wd, target), len(res.Contexts))
	return exitClean
}
