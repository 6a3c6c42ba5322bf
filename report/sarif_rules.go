package report

import "github.com/faultline/faultline/finding"

// HelpURI is where the README documents a kind: its section "kind-<kind>".
func HelpURI(k finding.Kind) string {
	return "https://github.com/faultline/faultline#kind-" + string(k)
}
