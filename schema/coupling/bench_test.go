package coupling

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/faultline/faultline/schema"
	"github.com/faultline/faultline/schema/migrations"
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// peak samples the Go heap while a benchmark runs and reports its maximum, and the
// process's peak resident set (C allocations of libpg_query included) where Linux
// lets it be reset.
type peak struct {
	stop chan struct{}
	done sync.WaitGroup
	max  uint64
}

func startPeak() *peak {
	runtime.GC()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // reset VmHWM; best effort
	p := &peak{stop: make(chan struct{})}
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > p.max {
				p.max = v
			}
			select {
			case <-p.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return p
}

func (p *peak) report(b *testing.B) {
	close(p.stop)
	p.done.Wait()
	b.ReportMetric(float64(p.max)/(1<<20), "peak-heap-MB")
	if data, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
				if kb, err := strconv.Atoi(f[1]); err == nil {
					b.ReportMetric(float64(kb)/1024, "peak-RSS-MB")
				}
			}
		}
	}
}

// BenchmarkStructureSQL runs GitLab's structure.sql through everything faultline does
// with migrations: load the file, build the catalog (function bodies and views
// resolved), and check it into findings. Besides time, allocations and peak memory
// it reports x-raw-parse: its time over that of a raw parse (rawParse) run in the
// same iterations with the timer stopped, which a loaded machine skews less than
// two benchmarks run one after the other.
func BenchmarkStructureSQL(b *testing.B) {
	file := filepath.Join(gitlabData, "structure.sql")
	if _, err := os.Stat(file); err != nil {
		b.Skip(err)
	}
	cfg := gitlabConfig(b, gitlabDictionary(b))
	b.ReportAllocs()
	p := startPeak()
	var full, raw, fullCPU, rawCPU time.Duration
	b.ResetTimer()
	for b.Loop() {
		start, startCPU := time.Now(), cpuTime()
		scripts, _, err := migrations.Load(gitlabData, []string{"structure.sql"})
		if err != nil || len(scripts) != 1 {
			b.Fatal(err, len(scripts))
		}
		cat, errs := schema.Build(scripts)
		if fs := Check(cat, errs, cfg, nil); len(fs) == 0 {
			b.Fatal("no findings")
		}
		full += time.Since(start)
		fullCPU += cpuTime() - startCPU

		b.StopTimer()
		start, startCPU = time.Now(), cpuTime()
		rawParse(b, file)
		raw += time.Since(start)
		rawCPU += cpuTime() - startCPU
		b.StartTimer()
	}
	b.StopTimer()
	p.report(b)
	b.ReportMetric(float64(full)/float64(raw), "x-raw-parse")
	b.ReportMetric(float64(fullCPU)/float64(rawCPU), "cpu-x-raw-parse")
}

// cpuTime is the CPU time the process has used, user and system, GC included.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRawParse is the floor BenchmarkStructureSQL is measured against: read the
// same file, split it into statements and parse each with pg_query, nothing more.
func BenchmarkRawParse(b *testing.B) {
	file := filepath.Join(gitlabData, "structure.sql")
	if _, err := os.Stat(file); err != nil {
		b.Skip(err)
	}
	b.ReportAllocs()
	p := startPeak()
	b.ResetTimer()
	for b.Loop() {
		rawParse(b, file)
	}
	b.StopTimer()
	p.report(b)
}

// rawParse reads file, splits it into statements and parses each.
func rawParse(b *testing.B, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	stmts, err := pg_query.SplitWithScanner(string(data), true)
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range stmts {
		if _, err := pg_query.Parse(s); err != nil {
			b.Fatal(err)
		}
	}
}
