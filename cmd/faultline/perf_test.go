package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// genModule writes a module of contexts × perContext packages: each context has
// an api package, a repository issuing SQL, and service packages importing a
// neighbour context (through its api or, every third one, its internals), so the
// analyzers have real work on every package.
func genModule(tb testing.TB, dir, module string, contexts, perContext int) {
	tb.Helper()
	write := func(rel, content string) {
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write("go.mod", "module "+module+"\n\ngo 1.26\n")
	var cfg strings.Builder
	cfg.WriteString("version: 1\ncontexts:\n")
	var migration strings.Builder
	for c := 0; c < contexts; c++ {
		name := fmt.Sprintf("ctx%02d", c)
		next := fmt.Sprintf("ctx%02d", (c+1)%contexts)
		fmt.Fprintf(&cfg, "  %s:\n    packages: [internal/%s/...]\n    api: [internal/%s/api]\n    tables: [%s_items]\n", name, name, name, name)
		if c%2 == 0 {
			fmt.Fprintf(&cfg, "    uses: [%s]\n", next)
		}
		fmt.Fprintf(&migration, "CREATE TABLE %s_items (id bigint PRIMARY KEY, name text NOT NULL, price numeric);\n", name)
		write(fmt.Sprintf("internal/%s/api/api.go", name), fmt.Sprintf(`package api

import "context"

// Item is what %[1]s publishes.
type Item struct {
	ID   int64
	Name string
}

// Get returns one item.
func Get(ctx context.Context, id int64) (Item, error) { return Item{ID: id}, ctx.Err() }
`, name))
		write(fmt.Sprintf("internal/%s/repository/repository.go", name), fmt.Sprintf(`package repository

import (
	"context"
	"database/sql"
)

// Repo reads %[1]s_items.
type Repo struct{ DB *sql.DB }

// Name reads an item's name.
func (r *Repo) Name(ctx context.Context, id int64) (string, error) {
	var s string
	err := r.DB.QueryRowContext(ctx, "SELECT name FROM %[1]s_items WHERE id = $1", id).Scan(&s)
	return s, err
}

// Peek reads the neighbour's table directly.
func (r *Repo) Peek(ctx context.Context, id int64) (string, error) {
	var s string
	err := r.DB.QueryRowContext(ctx, "SELECT name FROM %[2]s_items WHERE id = $1", id).Scan(&s)
	return s, err
}
`, name, next))
		for p := 0; p < perContext-2; p++ {
			var imp, use string
			switch {
			case p%3 == 2:
				imp = fmt.Sprintf(`other "%s/internal/%s/repository"`, module, next)
				use = "var _ other.Repo"
			default:
				imp = fmt.Sprintf(`other "%s/internal/%s/api"`, module, next)
				use = "var _ = other.Get"
			}
			write(fmt.Sprintf("internal/%s/svc%02d/svc.go", name, p), fmt.Sprintf(`package svc%02d

import (
	"context"
	"fmt"
	"strings"

	%s
	"%s/internal/%s/repository"
)

%s

// Describe formats an item.
func Describe(ctx context.Context, r *repository.Repo, id int64) (string, error) {
	n, err := r.Name(ctx, id)
	if err != nil {
		return "", fmt.Errorf("describe %%d: %%w", id, err)
	}
	return strings.ToUpper(n), nil
}
`, p, imp, module, name, use))
		}
	}
	cfg.WriteString("sql:\n  migrations: [db/migrations]\n")
	write("faultline.yaml", cfg.String())
	write("db/migrations/000001_init.up.sql", migration.String())
}

func timeCmd(tb testing.TB, dir string, name string, args ...string) time.Duration {
	tb.Helper()
	d, _ := runCmd(tb, dir, name, args...)
	return d
}

// runCmd runs a command and returns its wall time and the CPU time (user and
// system) of the command and the processes it waited for: on a machine whose
// cores other work shares, the CPU time is the steadier measure.
func runCmd(tb testing.TB, dir string, name string, args ...string) (wall, cpu time.Duration) {
	tb.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall = time.Since(start)
	if err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 1 {
			tb.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
	}
	if ps := cmd.ProcessState; ps != nil {
		cpu = ps.UserTime() + ps.SystemTime()
	}
	return wall, cpu
}

// BenchmarkCheckVsVet measures faultline check against go vet on a generated
// module of 200 packages in 10 contexts, cold (the module was never built: its
// packages are not in the build or vet cache; the standard library is) and warm
// (the same command again). Run with -benchtime=1x; see docs/performance.md.
func BenchmarkCheckVsVet(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "faultline")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("building faultline: %v\n%s", err, out)
	}
	var vetCold, vetWarm, checkCold, checkWarm time.Duration
	var vetColdCPU, checkColdCPU time.Duration
	for i := 0; i < b.N; i++ {
		stamp := time.Now().UnixNano()
		vetDir, checkDir := b.TempDir(), b.TempDir()
		genModule(b, vetDir, fmt.Sprintf("example.com/vet%d", stamp), 10, 20)
		genModule(b, checkDir, fmt.Sprintf("example.com/check%d", stamp), 10, 20)
		w, c := runCmd(b, vetDir, "go", "vet", "./...")
		vetCold, vetColdCPU = vetCold+w, vetColdCPU+c
		vetWarm += timeCmd(b, vetDir, "go", "vet", "./...")
		w, c = runCmd(b, checkDir, bin, "check")
		checkCold, checkColdCPU = checkCold+w, checkColdCPU+c
		checkWarm += timeCmd(b, checkDir, bin, "check")
	}
	n := float64(b.N)
	b.ReportMetric(vetCold.Seconds()/n, "vet-cold-s")
	b.ReportMetric(vetWarm.Seconds()/n, "vet-warm-s")
	b.ReportMetric(checkCold.Seconds()/n, "check-cold-s")
	b.ReportMetric(checkWarm.Seconds()/n, "check-warm-s")
	b.ReportMetric(checkCold.Seconds()/vetCold.Seconds(), "cold-ratio")
	b.ReportMetric(checkWarm.Seconds()/vetWarm.Seconds(), "warm-ratio")
	b.ReportMetric(checkColdCPU.Seconds()/vetColdCPU.Seconds(), "cold-cpu-ratio")
}
