// Command golangci-lint is what `golangci-lint custom` builds for a
// .custom-gcl.yml naming the faultline plugin: golangci-lint's own main, with
// the plugin package imported for its registration. .ci/run builds it from
// this directory (go.mod.in becomes its go.mod, pointing at the checkout).
package main

import (
	"fmt"
	"os"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/faultline/faultline/golangci"
)

func main() {
	info := commands.BuildInfo{Version: "2.15.0", Commit: "faultline-ci", Date: "(unknown)", GoVersion: "go"}
	if err := commands.Execute(info); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
