package check

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/faultline/faultline/analyzers/boundary"
	"github.com/faultline/faultline/analyzers/sqlaccess"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/internal/safefile"
	"github.com/faultline/faultline/queryfile"
	"github.com/faultline/faultline/schema"
)

// slowVet is how long go vet may run before a terminal is told why.
const slowVet = 15 * time.Second

// exportFlag is the exporter's flag as go vet passes it on.
const exportFlag = "-faultline.export"

// Analyzers are the code analyzers, as go vet and golangci-lint run them. The last
// one only hands the others' results to a faultline check that started go vet.
func Analyzers() []*analysis.Analyzer {
	return []*analysis.Analyzer{boundary.Analyzer, sqlaccess.Analyzer, exporter}
}

// unitResult is what one package's analysis hands back to faultline check.
type unitResult struct {
	Package    string              `json:"package"`
	Findings   []finding.Finding   `json:"findings"`
	References []finding.Reference `json:"references"`
	Dynamic    []token.Position    `json:"dynamic"`
	Unowned    map[string]int      `json:"unowned"`
	Fixture    []finding.Finding   `json:"fixture,omitempty"`
	Bound      []string            `json:"bound,omitempty"`
}

// exporter hands the boundary and sqlaccess results to a faultline check that
// started go vet, as one JSON diagnostic per package in go vet's -json output.
// Going through go vet's own output (rather than files on the side) means a warm
// go vet, which replays cached output without running the tool, still delivers them.
var exporter = &analysis.Analyzer{
	Name:     "faultline",
	Doc:      "hands the boundary and sqlaccess results to faultline check (with -faultline.export); does nothing otherwise",
	Requires: []*analysis.Analyzer{boundary.Analyzer, sqlaccess.Analyzer},
	Run:      export,
}

var (
	exportOn    bool
	fingerprint string
)

func init() {
	exporter.Flags.BoolVar(&exportOn, "export", false, "report the results as one JSON diagnostic per package, for faultline check")
	// go vet keys its cache of results on the tool's identity and its flags: this
	// one changes with the configuration and the schema, which change the
	// findings without changing a line of Go.
	exporter.Flags.StringVar(&fingerprint, "fingerprint", "", "identifies the configuration and schema the results depend on (set by faultline check for go vet's cache)")
}

func export(pass *analysis.Pass) (any, error) {
	// Plain go vet: nobody is listening.
	if !exportOn || len(pass.Files) == 0 {
		return nil, nil
	}
	u := unitResult{Package: pass.Pkg.Path()}
	if b, ok := pass.ResultOf[boundary.Analyzer].(*boundary.Result); ok && b != nil {
		u.Findings = append(u.Findings, b.Findings...)
		u.References = append(u.References, b.References...)
	}
	if s, ok := pass.ResultOf[sqlaccess.Analyzer].(*sqlaccess.Result); ok && s != nil {
		u.Findings = append(u.Findings, s.Findings...)
		u.Dynamic = append(u.Dynamic, s.DynamicSites...)
		u.Unowned = s.Unowned
		u.Fixture, u.Bound = s.Fixture, s.Bound
	}
	data, err := json.Marshal(u)
	if err != nil {
		return nil, fmt.Errorf("encoding results for faultline check: %w", err)
	}
	pass.Report(analysis.Diagnostic{Pos: pass.Files[0].Package, Message: string(data)})
	return nil, nil
}

// code runs the analyzers over the packages through go vet, which reuses the
// build and vet caches across runs, and reads back what each package found.
func (r *runner) code(ctx context.Context) error {
	tool := r.opts.VetTool
	if tool == "" {
		exe, err := os.Executable()
		if err != nil {
			return &Error{3, fmt.Errorf("finding the faultline binary for go vet: %w", err)}
		}
		tool = exe
	}
	if msg := noModule(r.opts.Dir); msg != "" {
		r.res.LoadErrors = append(r.res.LoadErrors, msg)
		return nil
	}
	patterns := r.opts.Patterns
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	// A run over the whole module analyzes every package, which tells which
	// patterns match none; any other run asks go list.
	whole := len(patterns) == 1 && patterns[0] == "./..." && r.opts.Dir == r.res.Config.Dir
	if !whole {
		if err := r.checkPatterns(ctx, nil); err != nil {
			return err
		}
	}
	flags, err := r.vetFlags()
	if err != nil {
		return &Error{3, err}
	}
	r.progress("analyzing Go packages %s with go vet", strings.Join(patterns, " "))
	v := &vetRun{tool: tool, dir: r.opts.Dir, flags: flags}
	defer v.cleanup()
	// go vet and go list read a named pipe or a device named *.go forever.
	irregular := []string(nil)
	v.deleted, irregular = irregularGoFiles(r.opts.Dir)
	// A first run builds every dependency, cgo's C code included, in silence.
	slow := time.AfterFunc(slowVet, func() {
		r.progress("go vet is still building: a first run compiles the packages' dependencies (libpg_query's C code, where the module uses faultline, takes about a minute); later runs reuse the build cache")
	})
	units, loadErrs, failed, err := v.run(ctx, patterns)
	slow.Stop()
	if err != nil {
		return err
	}
	if failed {
		// go vet stops at a package that does not load: analyze the ones that do.
		units, loadErrs, err = v.loadable(ctx, patterns, units, loadErrs)
		if err != nil {
			return err
		}
	}
	r.res.LoadErrors = append(r.res.LoadErrors, irregular...)
	r.res.LoadErrors = append(r.res.LoadErrors, loadErrs...)
	seen := map[string]bool{}
	var analyzed, dynamic []string
	var fixture []finding.Finding
	for _, u := range units {
		if !seen[u.Package] {
			// A package and its test variant are analyzed apart; count it once.
			seen[u.Package] = true
			analyzed = append(analyzed, u.Package)
			r.res.Stats.Packages++
		}
		r.add(u.Findings...)
		fixture = append(fixture, u.Fixture...)
		for _, b := range u.Bound {
			if r.bound == nil {
				r.bound = map[string]bool{}
			}
			r.bound[b] = true
		}
		r.res.References = append(r.res.References, u.References...)
		for t, n := range u.Unowned {
			if r.res.Stats.UnownedInCode == nil {
				r.res.Stats.UnownedInCode = map[string]int{}
			}
			r.res.Stats.UnownedInCode[t] += n
		}
		for _, d := range u.Dynamic {
			dynamic = append(dynamic, fmt.Sprintf("%s:%d:%d: SQL that is not constant was not analyzed", r.res.Config.Rel(d.Filename), d.Line, d.Column))
		}
	}
	// SQL run from test code is fixture work: counted, shown with --tests. A
	// package and its test variant report it alike; count it once.
	fixture = finding.Sort(fixture)
	r.res.Stats.FixtureSQL = len(fixture)
	if r.opts.Tests {
		r.add(fixture...)
	}
	// A package and its test variant report the same site: count it once.
	dynamic = dedupe(dynamic)
	r.res.Stats.DynamicSQL += len(dynamic)
	r.res.Notes = dedupe(append(r.res.Notes, dynamic...))
	if whole && len(r.res.LoadErrors) == 0 {
		if err := r.checkPatterns(ctx, analyzed); err != nil {
			return err
		}
	}
	r.res.References = dedupeRefs(r.res.References)
	return nil
}

// decodeVetJSON reads go vet -json output, a stream of
// {"package": {"analyzer": [diagnostics] or {"error": "..."}}} objects: the
// exporter's results, and the errors of analyzers that failed.
func decodeVetJSON(out []byte) ([]unitResult, []string) {
	var units []unitResult
	var errs []string
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			break
		}
		pkgs := make([]string, 0, len(tree))
		for pkg := range tree {
			pkgs = append(pkgs, pkg)
		}
		slices.Sort(pkgs)
		for _, pkg := range pkgs {
			for name, raw := range tree[pkg] {
				var e struct{ Error string }
				if json.Unmarshal(raw, &e) == nil && e.Error != "" {
					errs = append(errs, fmt.Sprintf("%s: %s", pkg, e.Error))
					continue
				}
				if name != exporter.Name {
					continue
				}
				var diags []struct{ Message string }
				if json.Unmarshal(raw, &diags) != nil {
					continue
				}
				for _, d := range diags {
					var u unitResult
					if json.Unmarshal([]byte(d.Message), &u) == nil {
						units = append(units, u)
					}
				}
			}
		}
	}
	slices.Sort(errs)
	return units, slices.Compact(errs)
}

// vetErrors keeps the lines of go vet's standard error that say what failed,
// dropping the "# package" headers.
func vetErrors(stderr string) []string {
	var errs []string
	sc := bufio.NewScanner(strings.NewReader(stderr))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		errs = append(errs, strings.TrimPrefix(line, "vet: "))
	}
	return errs
}

func dedupe(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

func compareRefs(a, b finding.Reference) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To), cmp.Compare(a.Object, b.Object),
		cmp.Compare(a.FromPackage, b.FromPackage), cmp.Compare(a.ToPackage, b.ToPackage),
	)
}

func sortReferences(refs []finding.Reference) { slices.SortFunc(refs, compareRefs) }

func dedupeRefs(refs []finding.Reference) []finding.Reference {
	sortReferences(refs)
	return slices.CompactFunc(refs, func(a, b finding.Reference) bool { return compareRefs(a, b) == 0 })
}

// checkPatterns reports the package patterns of faultline.yaml that match no
// package of the module: a typo there would silently leave code unchecked.
// pkgs are the module's packages when known; otherwise go list is asked.
func (r *runner) checkPatterns(ctx context.Context, pkgs []string) error {
	if pkgs == nil {
		cmd := exec.CommandContext(ctx, "go", "list", "-e", "-f", "{{.ImportPath}}", "./...")
		cmd.Dir = r.res.Config.Dir
		out, err := cmd.Output()
		if err != nil {
			// go vet reports what go list could not do, with more context.
			return nil
		}
		pkgs = strings.Fields(string(out))
	}
	if err := r.res.Config.CheckPackages(pkgs); err != nil {
		return &Error{2, err}
	}
	return nil
}

// vetFlags are the analyzers' flags for go vet: the configuration this run loaded,
// the catalog its migrations built (written once, where every go vet process reads
// it), and a fingerprint of both for go vet's cache.
func (r *runner) vetFlags() ([]string, error) {
	cfg := r.res.Config
	h := sha256.New()
	data, err := safefile.Read(cfg.File)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", cfg.File, err)
	}
	h.Write(data)
	// The analyzers look named queries up in the module's query files.
	queryfile.Stamp(cfg.Dir, h)
	flags := []string{exportFlag, "-boundary.config=" + cfg.File, "-sqlaccess.config=" + cfg.File}
	if r.res.Catalog != nil {
		tc, err := json.Marshal(schema.NewTableCatalog(r.res.Catalog))
		if err != nil {
			return nil, fmt.Errorf("encoding the catalog for go vet: %w", err)
		}
		sum := sha256.Sum256(tc)
		file, err := writeCached("catalog-"+hex.EncodeToString(sum[:12])+".json", tc)
		if err != nil {
			return nil, err
		}
		h.Write(tc)
		flags = append(flags, "-sqlaccess.catalog="+file)
	}
	return append(flags, "-faultline.fingerprint="+hex.EncodeToString(h.Sum(nil)[:12])), nil
}

// writeCached writes data under name in faultline's cache directory (the user's
// cache, else the temporary directory), unless a file of that name is there: names
// are content hashes, so a file that exists holds the same bytes.
func writeCached(name string, data []byte) (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	dir = filepath.Join(dir, "faultline")
	file := filepath.Join(dir, name)
	if st, err := os.Stat(file); err == nil && st.Mode().IsRegular() && st.Size() == int64(len(data)) {
		return file, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("creating faultline's cache directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, name+".*")
	if err != nil {
		return "", fmt.Errorf("writing the catalog for go vet: %w", err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("writing the catalog for go vet: %w", errors.Join(werr, cerr))
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("writing the catalog for go vet: %w", err)
	}
	return file, nil
}
