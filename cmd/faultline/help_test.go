package main

import (
	"strings"
	"testing"
)

// faultline help CMD prints that command's usage on standard output.
func TestHelpCommand(t *testing.T) {
	for name, want := range map[string]string{
		"check":    "usage: faultline check [flags] [packages]",
		"rank":     "usage: faultline rank",
		"init":     "usage: faultline init",
		"baseline": "usage: faultline baseline",
	} {
		code, out, errOut := runCLI(t, "help", name)
		if code != exitClean || !strings.HasPrefix(out, want) || errOut != "" {
			t.Errorf("help %s: exit %d, stdout:\n%s\nstderr:\n%s\nwant exit 0 and stdout starting %q", name, code, out, errOut, want)
		}
	}
	if code, out, _ := runCLI(t, "help", "check"); code != exitClean || !strings.Contains(out, "-no-baseline") {
		t.Errorf("help check does not list check's flags:\n%s", out)
	}
	if code, _, errOut := runCLI(t, "help", "nosuch"); code != exitUsage || !strings.Contains(errOut, `unknown command "nosuch"`) {
		t.Errorf("help nosuch: exit %d\n%s", code, errOut)
	}
}
