package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
)

// ctxInterrupt is cancelled by Ctrl-C, so go vet and database queries stop with us.
func ctxInterrupt() context.Context {
	ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt)
	return ctx
}

// progressWriter shows progress on a terminal and stays silent in CI and pipes.
func progressWriter() io.Writer {
	if os.Getenv("CI") != "" {
		return nil
	}
	if f, ok := stderr.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			return stderr
		}
	}
	return nil
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
