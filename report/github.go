package report

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/faultline/faultline/finding"
)

// GitHubOptions control the GitHub Actions workflow commands.
type GitHubOptions struct {
	// PathPrefix is put before every file path when faultline.yaml is below the
	// repository root: GitHub resolves file= against the workspace.
	PathPrefix string
	// Verbose also writes info findings, as notices.
	Verbose bool
}

// GitHub writes one GitHub Actions workflow command per finding, which the runner
// turns into an annotation on the file and line:
//
//	::error file=internal/pricing/quote.go,line=21,col=2,title=faultline foreign-table::message
//
// Errors are ::error, warnings ::warning and, with Verbose, info findings
// ::notice. Findings an allow entry or a faultline:ignore comment covers are not
// written (give only the findings that fail the check: the baseline's known ones
// left out). The message ends with the contexts and the fix on lines of their
// own. A finding without a file (a live catalog object) is written without file=,
// its object named in the message. Values are escaped as the runner requires:
// %, CR and LF everywhere, and also : and , inside the properties.
func GitHub(w io.Writer, findings []finding.Finding, opts GitHubOptions) error {
	bw := bufio.NewWriter(w)
	for _, f := range findings {
		if f.AllowedBy != "" {
			continue
		}
		var cmd string
		switch f.Severity {
		case finding.Error:
			cmd = "error"
		case finding.Warning:
			cmd = "warning"
		default:
			if !opts.Verbose {
				continue
			}
			cmd = "notice"
		}
		var props []string
		if f.File != "" {
			props = append(props, "file="+escapeProperty(prefixed(opts.PathPrefix, f.File)))
			if f.Line > 0 {
				props = append(props, "line="+strconv.Itoa(f.Line))
				if f.Column > 0 {
					props = append(props, "col="+strconv.Itoa(f.Column))
				}
			}
		}
		props = append(props, "title="+escapeProperty("faultline "+string(f.Kind)))

		msg := f.Message
		if f.File == "" && f.Object != "" {
			msg = f.Object + ": " + msg
		}
		msg += "\n[" + arrow(f) + "]"
		if f.Fix != "" {
			msg += "\nfix: " + f.Fix
		}
		bw.WriteString("::" + cmd + " " + strings.Join(props, ",") + "::" + escapeData(msg) + "\n")
	}
	return bw.Flush()
}

// arrow renders "from->to", or the one context there is.
func arrow(f finding.Finding) string {
	switch {
	case f.From != "" && f.To != "":
		return f.From + "->" + f.To
	case f.From != "":
		return f.From
	case f.To != "":
		return "->" + f.To
	}
	return "no context"
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeData escapes the message of a workflow command.
func escapeData(s string) string { return dataEscaper.Replace(s) }

// escapeProperty escapes a property value of a workflow command.
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
