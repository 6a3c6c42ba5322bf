package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/faultline/faultline/finding"
)

// MarkdownOptions control the Markdown summary.
type MarkdownOptions struct {
	// LinkBase, when set, is put before file paths to make absolute links, e.g.
	// "https://github.com/owner/repo/blob/<sha>/" (see GitHubLinkBase); without it
	// links are relative paths, which work in files of the repository but not in
	// pull-request comments.
	LinkBase string
	// PathPrefix is put before every file path when faultline.yaml is below the
	// repository root.
	PathPrefix string
	// Max caps the list of findings; 0 means 100.
	Max int
}

// GitHubLinkBase returns the blob URL prefix of the commit GitHub Actions runs on,
// from GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA, or "" outside Actions.
// Pass os.Getenv.
func GitHubLinkBase(getenv func(string) string) string {
	server, repo, sha := getenv("GITHUB_SERVER_URL"), getenv("GITHUB_REPOSITORY"), getenv("GITHUB_SHA")
	if server == "" || repo == "" || sha == "" {
		return ""
	}
	return strings.TrimSuffix(server, "/") + "/" + repo + "/blob/" + sha + "/"
}

// Markdown writes a summary of a check for a pull-request comment or
// $GITHUB_STEP_SUMMARY: a headline with the number of findings that fail the
// check, a line with what was let through (baseline, allow entries and
// faultline:ignore comments, stale baseline entries), a table by kind with the
// contexts involved, and the failing findings as a list with links to their
// lines, capped at opts.Max with "and N more". Give the findings the check
// reports (after the baseline); only errors and warnings nothing covers are
// listed.
func Markdown(w io.Writer, findings []finding.Finding, sum Summary, opts MarkdownOptions) error {
	max := opts.Max
	if max <= 0 {
		max = 100
	}
	var failing []finding.Finding
	for _, f := range findings {
		if f.AllowedBy == "" && (f.Severity == finding.Error || f.Severity == finding.Warning) {
			failing = append(failing, f)
		}
	}
	bw := bufio.NewWriter(w)

	errs, warns := 0, 0
	for _, f := range failing {
		if f.Severity == finding.Error {
			errs++
		} else {
			warns++
		}
	}
	if len(failing) == 0 {
		bw.WriteString("### faultline: no new couplings\n\n")
	} else {
		fmt.Fprintf(bw, "### faultline: %s\n\n", plural(len(failing), "new finding", "new findings"))
	}
	var parts []string
	if len(failing) > 0 {
		parts = append(parts, fmt.Sprintf("**%s, %s** fail the check", plural(errs, "error", "errors"), plural(warns, "warning", "warnings")))
	}
	if sum.Known > 0 {
		parts = append(parts, plural(sum.Known, "known finding", "known findings")+" let through by the baseline")
	}
	if sum.Allowed > 0 {
		parts = append(parts, plural(sum.Allowed, "finding", "findings")+" allowed")
	}
	if sum.Stale > 0 {
		parts = append(parts, plural(sum.Stale, "stale baseline entry", "stale baseline entries")+" (run `faultline baseline`)")
	}
	if len(parts) > 0 {
		bw.WriteString(strings.Join(parts, " · ") + "\n\n")
	}

	if len(failing) > 0 {
		writeKindTable(bw, failing)
		bw.WriteString("\n")
		for i, f := range failing {
			if i == max {
				fmt.Fprintf(bw, "- … and %d more: run `faultline check` for the full list\n", len(failing)-max)
				break
			}
			fmt.Fprintf(bw, "- %s **%s** %s: %s\n", markdownPos(f, opts), f.Kind, mdEscape(arrowMD(f)), mdEscape(oneLine(f.Message)))
		}
		bw.WriteString("\n<sub>To let a coupling through while it is being cut: an allow entry in faultline.yaml with a reason, a `faultline:ignore <kind> <reason>` comment on the line, or `faultline baseline`.</sub>\n")
	}
	return bw.Flush()
}

// writeKindTable writes one row per kind, in the order of finding.Kinds, with how
// many findings and between which contexts.
func writeKindTable(w *bufio.Writer, failing []finding.Finding) {
	type pair struct {
		arrow string
		n     int
	}
	counts := map[finding.Kind]int{}
	pairs := map[finding.Kind]map[string]int{}
	for _, f := range failing {
		counts[f.Kind]++
		if pairs[f.Kind] == nil {
			pairs[f.Kind] = map[string]int{}
		}
		pairs[f.Kind][arrowMD(f)]++
	}
	kinds := slices.Clone(finding.Kinds)
	for k := range counts {
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	slices.Sort(kinds[len(finding.Kinds):])
	w.WriteString("| Kind | Findings | Between |\n|---|---:|---|\n")
	for _, k := range kinds {
		if counts[k] == 0 {
			continue
		}
		var ps []pair
		for a, n := range pairs[k] {
			ps = append(ps, pair{a, n})
		}
		slices.SortFunc(ps, func(a, b pair) int { return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.arrow, b.arrow)) })
		var cells []string
		for _, p := range ps {
			cells = append(cells, fmt.Sprintf("%s (%d)", mdEscape(p.arrow), p.n))
		}
		fmt.Fprintf(w, "| [%s](%s) | %d | %s |\n", k, HelpURI(k), counts[k], strings.Join(cells, ", "))
	}
}

// arrowMD renders the contexts of a finding with an arrow for people.
func arrowMD(f finding.Finding) string {
	switch {
	case f.From != "" && f.To != "":
		return f.From + " → " + f.To
	case f.From != "":
		return f.From
	case f.To != "":
		return "→ " + f.To
	}
	return "no context"
}

// markdownPos links file:line to the line, or names the catalog object.
func markdownPos(f finding.Finding, opts MarkdownOptions) string {
	if f.File == "" {
		if f.Object != "" {
			return "`" + strings.ReplaceAll(f.Object, "`", "'") + "`"
		}
		return "faultline"
	}
	file := prefixed(opts.PathPrefix, f.File)
	text := file
	target := opts.LinkBase + fileURI(file)
	if f.Line > 0 {
		text += ":" + strconv.Itoa(f.Line)
		target += "#L" + strconv.Itoa(f.Line)
	}
	return "[" + mdEscape(text) + "](" + target + ")"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// mdEscape escapes what Markdown would read as markup outside `code spans`,
// which are kept as they are, and | everywhere (a table cell ends there).
func mdEscape(s string) string {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 {
		// An unpaired backtick: no code spans at all.
		return strings.ReplaceAll(mdEscaper.Replace(s), "`", "\\`")
	}
	for i, p := range parts {
		if i%2 == 1 {
			parts[i] = strings.ReplaceAll(p, "|", "\\|")
			continue
		}
		parts[i] = mdEscaper.Replace(p)
	}
	return strings.Join(parts, "`")
}

var mdEscaper = strings.NewReplacer(
	`\`, `\\`, `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `<`, `&lt;`, `>`, `&gt;`, `|`, `\|`, `#`, `\#`, `~`, `\~`,
)
