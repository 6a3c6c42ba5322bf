package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"

	"github.com/goccy/go-graphviz"
)

// layoutWorkerArg is the first argument of a layout worker process.
const layoutWorkerArg = "-faultline-layout-worker"

// engines are the Graphviz layout engines a worker runs.
var engines = []string{"dot", "sfdp", "neato", "fdp", "circo", "twopi", "nop2"}

// ServeLayout makes this process a layout worker when Layout started it as
// one, and then exits without returning: it reads DOT on standard input and
// writes the SVG that Graphviz (compiled to WebAssembly) draws on standard
// output. A program that calls Layout calls ServeLayout first thing in main
// (a test binary, in TestMain): Layout runs each engine in such a process so
// that it can kill one that takes too long, which it cannot do to the
// WebAssembly module inside its own process. Otherwise ServeLayout returns.
func ServeLayout() {
	if len(os.Args) != 3 || os.Args[1] != layoutWorkerArg {
		return
	}
	os.Exit(serveLayout(os.Stdin, os.Stdout, os.Stderr, os.Args[2]))
}

// serveLayout is the worker: DOT from in, SVG to out, an error to errOut.
func serveLayout(in io.Reader, out, errOut io.Writer, engine string) int {
	src, err := io.ReadAll(in)
	if err == nil {
		var svg []byte
		svg, err = render(context.Background(), src, engine)
		if err == nil {
			_, err = out.Write(svg)
		}
	}
	if err != nil {
		fmt.Fprintln(errOut, err)
		return 1
	}
	return 0
}

// render lays out the DOT source with one engine of the WebAssembly Graphviz.
func render(ctx context.Context, src []byte, engine string) ([]byte, error) {
	if !slices.Contains(engines, engine) {
		return nil, fmt.Errorf("unknown layout engine %q (one of %s)", engine, strings.Join(engines, ", "))
	}
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, err
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes(src)
	if err != nil {
		return nil, fmt.Errorf("reading DOT: %w", err)
	}
	defer g.Close()
	gv.SetLayout(graphviz.Layout(engine))
	var buf bytes.Buffer
	if err := gv.Render(ctx, g, graphviz.SVG, &buf); err != nil {
		return nil, err
	}
	if !bytes.Contains(buf.Bytes(), []byte("<svg")) {
		return nil, errors.New("no SVG in the output")
	}
	return buf.Bytes(), nil
}

// runLayout runs one engine on src in a worker process for at most budget.
func runLayout(ctx context.Context, budget time.Duration, engine string, src []byte) ([]byte, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("finding this program to start a layout worker: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, layoutWorkerArg, engine)
	cmd.Stdin = bytes.NewReader(src)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 2 * time.Second
	err = cmd.Run()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("did not finish within %s", budget.Round(time.Millisecond))
	}
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, errors.New(msg)
	}
	if !bytes.HasPrefix(bytes.TrimSpace(stdout.Bytes()), []byte("<?xml")) && !bytes.HasPrefix(bytes.TrimSpace(stdout.Bytes()), []byte("<svg")) {
		return nil, fmt.Errorf("%s is not a layout worker: it must call report.ServeLayout first thing in main", exe)
	}
	return stdout.Bytes(), nil
}
