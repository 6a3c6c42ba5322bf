package guard

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync/atomic"
)

// Observation is one line of a recording: how often one statement text ran
// from one Go call site. Argument values are never recorded.
type Observation struct {
	// Context is the context the call site was attributed to when it ran, ""
	// for code no context owns.
	Context string `json:"context"`
	// Package, Function, File and Line are the call site (see Site); all empty
	// when no frame of the module issued the statement.
	Package  string `json:"package,omitempty"`
	Function string `json:"function,omitempty"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	// Statement is the SQL text as the program sent it, parameter markers and all.
	Statement string `json:"statement"`
	// Calls is how many times it ran (since the previous Flush of the recording).
	Calls int64 `json:"calls"`
}

// maxRecords bounds the distinct (call site, statement) pairs a recording keeps;
// runs of further pairs are counted in Stats.Dropped.
const maxRecords = 100000

type recordKey struct {
	pc   uintptr
	text string
}

// recordCount counts one (call site, statement); flushed is the part of n
// already written.
type recordCount struct {
	obs     Observation
	parsed  *parsed
	n       atomic.Int64
	flushed int64
}

// count adds one run of sql at the call site pc (fr may be nil) and returns
// the text's parse.
func (g *Guard) count(pc uintptr, fr *frame, sql string) *parsed {
	key := recordKey{pc, sql}
	g.mu.RLock()
	rc := g.records[key]
	g.mu.RUnlock()
	if rc == nil {
		p := g.parse(sql)
		g.mu.Lock()
		if rc = g.records[key]; rc == nil && len(g.records) >= maxRecords {
			// SQL with inlined values would grow the recording without end.
			g.mu.Unlock()
			g.dropped.Add(1)
			return p
		}
		if rc == nil {
			rc = &recordCount{obs: Observation{Statement: sql}, parsed: p}
			if fr != nil {
				s := fr.site
				rc.obs.Context, rc.obs.Package, rc.obs.Function, rc.obs.File, rc.obs.Line = fr.ctx, s.Package, s.Function, s.File, s.Line
			}
			g.records[key] = rc
		}
		g.mu.Unlock()
	}
	rc.n.Add(1)
	return rc.parsed
}

// RecordTo sets where Flush writes the recording. Without it, Observations
// still returns what was counted.
func (g *Guard) RecordTo(w io.Writer) {
	g.vmu.Lock()
	g.out = w
	g.vmu.Unlock()
}

// Observations returns every (call site, statement) counted so far with its
// total count, sorted by file, line, function and statement.
func (g *Guard) Observations() []Observation {
	g.mu.RLock()
	out := make([]Observation, 0, len(g.records))
	for _, rc := range g.records {
		o := rc.obs
		o.Calls = rc.n.Load()
		out = append(out, o)
	}
	g.mu.RUnlock()
	sortObservations(out)
	return out
}

// Flush appends to the RecordTo writer one JSON object a line for each (call
// site, statement) that ran since the previous Flush, with the number of runs
// in between; ReadObservations adds the lines of one key back up. So a test
// suite may flush from every test binary into one file.
func (g *Guard) Flush() error {
	g.vmu.Lock()
	defer g.vmu.Unlock()
	if g.out == nil {
		return nil
	}
	var out []Observation
	g.mu.RLock()
	for _, rc := range g.records {
		n := rc.n.Load()
		if n == rc.flushed {
			continue
		}
		o := rc.obs
		o.Calls = n - rc.flushed
		rc.flushed = n
		out = append(out, o)
	}
	g.mu.RUnlock()
	sortObservations(out)
	var buf bytes.Buffer
	for _, o := range out {
		line, err := json.Marshal(o)
		if err != nil {
			return fmt.Errorf("guard: encoding an observation: %w", err)
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	if _, err := g.out.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("guard: writing the recording: %w", err)
	}
	return nil
}

// Close flushes the recording.
func (g *Guard) Close() error { return g.Flush() }

func sortObservations(out []Observation) {
	slices.SortFunc(out, func(a, b Observation) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Function, b.Function),
			cmp.Compare(a.Statement, b.Statement), cmp.Compare(a.Context, b.Context))
	})
}

// maxLine bounds one line of a recording (a statement of a megabyte or so).
const maxLine = 4 << 20

// ReadObservations reads a recording: one JSON object a line, blank lines
// allowed. Lines of the same call site and statement are added up. Errors name
// the line (name:line: ...); an unknown field, a negative or zero count, a
// line without statement or a line longer than 4 MiB is an error.
func ReadObservations(name string, r io.Reader) ([]Observation, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	type key struct {
		ctx, pkg, fn, file string
		line               int
		stmt               string
	}
	sum := map[key]int{}
	var out []Observation
	for n := 1; sc.Scan(); n++ {
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		o, err := decodeObservation(text)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		k := key{o.Context, o.Package, o.Function, o.File, o.Line, o.Statement}
		if i, ok := sum[k]; ok {
			if out[i].Calls > (1<<63-1)-o.Calls {
				return nil, fmt.Errorf("%s:%d: calls overflow", name, n)
			}
			out[i].Calls += o.Calls
			continue
		}
		sum[k] = len(out)
		out = append(out, o)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%s: a line is longer than %d bytes", name, maxLine)
		}
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	sortObservations(out)
	return out, nil
}

// decodeObservation decodes one line strictly.
func decodeObservation(line []byte) (Observation, error) {
	var o Observation
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		return o, fmt.Errorf("not an observation: %w", err)
	}
	if dec.More() {
		return o, errors.New("more than one JSON value on the line")
	}
	switch {
	case o.Statement == "":
		return o, errors.New("observation without statement")
	case o.Calls <= 0:
		return o, fmt.Errorf("observation with %d calls", o.Calls)
	case o.Line < 0:
		return o, fmt.Errorf("observation at line %d", o.Line)
	}
	return o, nil
}
