package check

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/faultline/faultline/internal/safefile"
)

// listedPackage is what go list -e -json says about one package.
type listedPackage struct {
	ImportPath   string
	ForTest      string
	Dir          string
	GoFiles      []string
	TestGoFiles  []string
	XTestGoFiles []string
	Error        *packageError
	DepsErrors   []*packageError
}

type packageError struct {
	ImportStack []string
	Pos         string
	Err         string
}

// loadPlan is how to run go vet over the packages that load when some do not.
type loadPlan struct {
	// Packages are the import paths go vet can analyze.
	Packages []string
	// Deleted are test files to leave out (through go vet -overlay), because
	// they do not parse or type-check: their package's own code still loads.
	Deleted []string
	// Errors say what does not load, as file:line:col: message lines where the
	// position is known.
	Errors []string
}

// vetRun runs go vet with faultline as its tool, leaving out the files in
// deleted (through go vet -overlay).
type vetRun struct {
	tool, dir string
	// flags are the analyzers' flags (vetFlags).
	flags   []string
	deleted []string
	tmp     string // holds the overlay file, when there is one
}

// overlay returns the go command's -overlay flag deleting v.deleted, or nil.
func (v *vetRun) overlay() ([]string, error) {
	if len(v.deleted) == 0 {
		return nil, nil
	}
	if v.tmp == "" {
		tmp, err := os.MkdirTemp("", "faultline-overlay-")
		if err != nil {
			return nil, &Error{3, fmt.Errorf("creating a temporary directory: %w", err)}
		}
		v.tmp = tmp
	}
	file, err := writeOverlay(v.tmp, v.deleted)
	if err != nil {
		return nil, &Error{3, fmt.Errorf("writing the go vet overlay: %w", err)}
	}
	return []string{"-overlay=" + file}, nil
}

func (v *vetRun) cleanup() {
	if v.tmp != "" {
		os.RemoveAll(v.tmp)
	}
}

// run runs go vet over the packages and returns what each reported, the errors
// of what could not be analyzed, and whether go vet failed (as it does, without
// analyzing anything, when one package does not load).
func (v *vetRun) run(ctx context.Context, packages []string) ([]unitResult, []string, bool, error) {
	overlay, err := v.overlay()
	if err != nil {
		return nil, nil, false, err
	}
	args := slices.Concat([]string{"vet", "-vettool=" + v.tool, "-json"}, v.flags, overlay, packages)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = v.dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	runErr := cmd.Run()
	var exitErr *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exitErr) {
		return nil, nil, false, &Error{3, fmt.Errorf("running go vet (is the go command installed and on PATH?): %w", runErr)}
	}
	units, errs := decodeVetJSON(out.Bytes())
	errs = append(errs, vetErrors(errOut.String())...)
	if runErr != nil && len(errs) == 0 {
		errs = append(errs, fmt.Sprintf("go vet failed: %v", runErr))
	}
	return units, errs, runErr != nil, nil
}

// loadable runs go vet again over the packages that load, leaving out the test
// files that do not, after go vet failed on patterns; it returns the first run's
// results when go list finds nothing to leave out.
func (v *vetRun) loadable(ctx context.Context, patterns []string, units []unitResult, errs []string) ([]unitResult, []string, error) {
	overlay, err := v.overlay()
	if err != nil {
		return nil, nil, err
	}
	plan, err := planLoad(ctx, v.dir, slices.Concat(overlay, patterns))
	if err != nil {
		return units, []string{err.Error()}, nil
	}
	if len(plan.Errors) == 0 {
		return units, errs, nil
	}
	if len(plan.Packages) == 0 {
		return nil, plan.Errors, nil
	}
	v.deleted = append(v.deleted, plan.Deleted...)
	units, more, _, err := v.run(ctx, plan.Packages)
	if err != nil {
		return nil, nil, err
	}
	return units, dedupe(append(plan.Errors, more...)), nil
}

// irregularGoFiles finds the .go files below dir, as ./... matches packages, that
// are not regular files (a named pipe, a device, a link to one): the go command
// would read them forever. It returns their paths and one line for each.
func irregularGoFiles(dir string) ([]string, []string) {
	var paths, errs []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if path != dir && (name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || d.Type().IsRegular() {
			return nil
		}
		st, err := os.Stat(path)
		if err != nil || st.Mode().IsRegular() {
			return nil // a dangling link: go reports it
		}
		paths = append(paths, path)
		errs = append(errs, fmt.Sprintf("%s: not a regular file (%s): left out of the analysis", relTo(dir, path), safefile.Kind(st.Mode())))
		return nil
	})
	return paths, errs
}

// planLoad asks go list which of the packages patterns match load, so that one
// broken package (no package clause, an import cycle, a broken _test.go) does not
// stop go vet from analyzing the others.
// Flags such as -overlay may lead patterns.
func planLoad(ctx context.Context, dir string, patterns []string) (*loadPlan, error) {
	args := append([]string{"list", "-e", "-test", "-json=ImportPath,ForTest,Dir,GoFiles,TestGoFiles,XTestGoFiles,Error,DepsErrors"}, patterns...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil && out.Len() == 0 {
		return nil, goListError(errOut.String(), err)
	}
	var pkgs []*listedPackage
	for dec := json.NewDecoder(&out); ; {
		var p listedPackage
		if err := dec.Decode(&p); err != nil {
			break
		}
		pkgs = append(pkgs, &p)
	}
	return newPlan(dir, pkgs), nil
}

// newPlan sorts the listed packages into what go vet can analyze and what not.
func newPlan(dir string, pkgs []*listedPackage) *loadPlan {
	plain := map[string]*listedPackage{}
	for _, p := range pkgs {
		if p.ForTest == "" && !strings.HasSuffix(p.ImportPath, ".test") {
			plain[p.ImportPath] = p
		}
	}
	plan := &loadPlan{}
	brokenTests := map[string]bool{}
	for _, p := range pkgs {
		switch {
		case plain[p.ImportPath] == p:
			if p.Error != nil {
				plan.Errors = append(plan.Errors, describe(dir, p, p.Error, plain))
				continue
			}
			if len(p.DepsErrors) > 0 {
				plan.Errors = append(plan.Errors, fmt.Sprintf("%s: not analyzed: it imports %s, which does not load", p.ImportPath, brokenDep(p)))
				continue
			}
			plan.Packages = append(plan.Packages, p.ImportPath)
		default:
			// A test variant ("p [p.test]", "p_test [p.test]") or test main ("p.test").
			under := p.ForTest
			if under == "" {
				under = strings.TrimSuffix(p.ImportPath, ".test")
			}
			e := p.Error
			if e == nil && len(p.DepsErrors) > 0 {
				e = p.DepsErrors[0]
			}
			if e == nil || brokenTests[under] || plain[under] == nil {
				continue
			}
			brokenTests[under] = true
			plan.Errors = append(plan.Errors, describe(dir, p, e, plain)+" (the tests of "+under+" were left out; its other files were analyzed)")
			q := plain[under]
			for _, f := range slices.Concat(q.TestGoFiles, q.XTestGoFiles) {
				plan.Deleted = append(plan.Deleted, filepath.Join(q.Dir, f))
			}
		}
	}
	slices.Sort(plan.Errors)
	plan.Errors = slices.Compact(plan.Errors)
	return plan
}

// describe renders a package error as file:line:col: message, finding the
// import that closes an import cycle, for which go list gives no position.
func describe(dir string, p *listedPackage, e *packageError, plain map[string]*listedPackage) string {
	msg := strings.TrimSpace(e.Err)
	if len(e.ImportStack) > 1 && strings.Contains(msg, "import cycle") {
		msg += ": " + strings.Join(e.ImportStack, " -> ")
		n := len(e.ImportStack)
		if from := plain[e.ImportStack[n-2]]; from != nil && e.Pos == "" {
			if pos := importPos(from, e.ImportStack[n-1]); pos != "" {
				return relTo(dir, pos) + ": " + msg
			}
		}
	}
	if e.Pos != "" {
		return e.Pos + ": " + msg
	}
	return p.ImportPath + ": " + msg
}

// brokenDep names the package at the root of a dependency's load error.
func brokenDep(p *listedPackage) string {
	e := p.DepsErrors[0]
	if len(e.ImportStack) > 0 {
		return e.ImportStack[len(e.ImportStack)-1]
	}
	return "a package"
}

// importPos is the file:line:col of p's import of path, "" when not found.
func importPos(p *listedPackage, path string) string {
	fset := token.NewFileSet()
	for _, name := range p.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, parser.ImportsOnly)
		if err != nil {
			continue
		}
		for _, imp := range f.Imports {
			if v, err := strconv.Unquote(imp.Path.Value); err == nil && v == path {
				return fset.Position(imp.Path.Pos()).String()
			}
		}
	}
	return ""
}

func relTo(dir, pos string) string {
	if rel, err := filepath.Rel(dir, pos); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return pos
}

// writeOverlay writes a go build -overlay file that deletes the given files.
func writeOverlay(tmp string, deleted []string) (string, error) {
	replace := map[string]string{}
	for _, f := range deleted {
		replace[f] = ""
	}
	data, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", err
	}
	file := filepath.Join(tmp, "overlay.json")
	return file, os.WriteFile(file, data, 0o644)
}

// noModule says, in one sentence, that dir is in no Go module (no go.mod at or
// above it), or returns "".
func noModule(dir string) string {
	if os.Getenv("GO111MODULE") == "off" {
		return ""
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return ""
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return fmt.Sprintf("no go.mod in %s or any parent directory, so there is no Go module to analyze: run faultline in the module, or pass --no-code for the schema and database only", dir)
}

// goListError turns the go command's failure to list anything into one line.
func goListError(stderr string, err error) error {
	msg := strings.TrimSpace(stderr)
	var exitErr *exec.ExitError
	if msg == "" || !errors.As(err, &exitErr) {
		return fmt.Errorf("listing the Go packages: %w", err)
	}
	return fmt.Errorf("listing the Go packages: %s", strings.TrimPrefix(msg, "go: "))
}
