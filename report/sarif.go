package report

import (
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/faultline/faultline/baseline"
	"github.com/faultline/faultline/finding"
	"github.com/faultline/faultline/suppress"
)

// The SARIF 2.1.0 types are written here rather than taken from a library: the
// output needs a handful of objects, and github.com/owenrumney/go-sarif/v3 writes
// every empty array of every object. Field order follows the specification.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifact `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult            `json:"results"`
	Properties         *sarifRunProperties      `json:"properties,omitempty"`
}

type sarifRunProperties struct {
	Summary Summary `json:"summary"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string          `json:"id"`
	Name             string          `json:"name"`
	ShortDescription sarifText       `json:"shortDescription"`
	FullDescription  sarifText       `json:"fullDescription"`
	Help             sarifMultiText  `json:"help"`
	HelpURI          string          `json:"helpUri"`
	Properties       sarifRuleFields `json:"properties"`
}

type sarifRuleFields struct {
	Tags []string `json:"tags"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMultiText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifArtifact struct {
	URI         string     `json:"uri,omitempty"`
	Description *sarifText `json:"description,omitempty"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           int                `json:"ruleIndex"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	BaselineState       string             `json:"baselineState,omitempty"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          sarifResultFields  `json:"properties"`
}

type sarifResultFields struct {
	Key       string   `json:"key"`
	From      string   `json:"from"`
	To        string   `json:"to"`
	Subject   string   `json:"subject"`
	Fix       string   `json:"fix,omitempty"`
	Object    string   `json:"object,omitempty"`
	Access    string   `json:"access,omitempty"`
	Tables    []string `json:"tables,omitempty"`
	Columns   []string `json:"columns,omitempty"`
	Calls     int64    `json:"calls,omitempty"`
	TotalMS   float64  `json:"totalMs,omitempty"`
	AllowedBy string   `json:"allowedBy,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

type sarifLogical struct {
	Name               string `json:"name,omitempty"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind,omitempty"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification"`
}

// SARIFOptions control the SARIF output.
type SARIFOptions struct {
	// ToolVersion is faultline's version, written as the driver's version when set.
	ToolVersion string
	// PathPrefix is put before every file path (slash-separated, no trailing
	// slash needed) when faultline.yaml is below the repository root: code scanning
	// resolves URIs against the root.
	PathPrefix string
	// SrcRoot, when set, is the absolute file:// URI of the directory the paths are
	// relative to (the repository root); it is written as %SRCROOT%. Leave it empty
	// for output that does not depend on where the checkout is.
	SrcRoot string
	// Baseline says a baseline was applied. Results it could have known then carry
	// baselineState "new", and Known, the findings it let through, are written too,
	// with baselineState "unchanged". Without it no result has a baselineState.
	Baseline bool
	Known    []finding.Finding
	// AnchorFile and AnchorLine give findings without a file (catalog objects of a
	// live database) a physical location besides their logical one: GitHub code
	// scanning drops results that have none. faultline.yaml and the line of
	// sql.database are the natural anchor. Empty: logical locations only.
	AnchorFile string
	AnchorLine int
}

// fingerprintKey names faultline's partial fingerprint: the finding key and its
// occurrence among the findings of that key, in file order.
const fingerprintKey = "faultlineKey/v1"

// SARIF writes a SARIF 2.1.0 log of one run: a rule for every kind, with its
// description, help and the README section as helpUri, and a result for every
// finding given (and for opts.Known).
//
// What is a result: all findings, info ones as level "note". Findings an allow
// entry or a faultline:ignore comment covers are results with a suppression
// (kind "external" for faultline.yaml, "inSource" for a comment, with the reason
// as justification), so code scanning closes them rather than forgetting them.
// Locations are relative URIs under %SRCROOT% with the start line and column;
// a catalog object of a live database is a logical location. partialFingerprints
// carry the finding key (no line), so an alert follows its coupling when lines
// move. Results are sorted by position; the output is deterministic.
func SARIF(w io.Writer, findings []finding.Finding, sum Summary, opts SARIFOptions) error {
	type item struct {
		f     finding.Finding
		known bool
	}
	items := make([]item, 0, len(findings)+len(opts.Known))
	for _, f := range findings {
		items = append(items, item{f, false})
	}
	if opts.Baseline {
		for _, f := range opts.Known {
			items = append(items, item{f, true})
		}
	}
	slices.SortStableFunc(items, func(a, b item) int { return finding.Compare(a.f, b.f) })

	kinds := slices.Clone(finding.Kinds)
	for _, it := range items {
		if !slices.Contains(kinds, it.f.Kind) {
			kinds = append(kinds, it.f.Kind)
		}
	}
	index := map[finding.Kind]int{}
	rules := make([]sarifRule, len(kinds))
	for i, k := range kinds {
		index[k] = i
		d, _ := finding.Lookup(k)
		rules[i] = sarifRule{
			ID:               string(k),
			Name:             d.Rule,
			ShortDescription: sarifText{d.Short},
			FullDescription:  sarifText{d.Full},
			Help:             sarifMultiText{Text: plainText(d.HelpText()), Markdown: d.HelpText()},
			HelpURI:          HelpURI(k),
			Properties:       sarifRuleFields{Tags: ruleTags(k)},
		}
	}

	seen := map[string]int{}
	results := make([]sarifResult, 0, len(items))
	for _, it := range items {
		f := it.f
		key := f.Key()
		seen[key]++
		r := sarifResult{
			RuleID:              string(f.Kind),
			RuleIndex:           index[f.Kind],
			Level:               sarifLevel(f.Severity),
			Message:             sarifText{f.Message},
			Locations:           []sarifLocation{sarifLocate(f, opts)},
			PartialFingerprints: map[string]string{fingerprintKey: key + "#" + strconv.Itoa(seen[key])},
			Properties: sarifResultFields{
				Key: key, From: f.From, To: f.To, Subject: f.Subject, Fix: f.Fix, Object: f.Object,
				Access: string(f.Access), Tables: f.Tables, Columns: f.Columns,
				Calls: f.Calls, TotalMS: f.TotalMillis, AllowedBy: f.AllowedBy,
			},
		}
		switch {
		case it.known:
			r.BaselineState = "unchanged"
		case opts.Baseline && baseline.Eligible(f):
			r.BaselineState = "new"
		}
		if f.AllowedBy != "" {
			s := sarifSuppression{Kind: "external", Status: "accepted", Justification: f.AllowedBy}
			if suppress.IsSuppressed(f) {
				s.Kind = "inSource"
			}
			r.Suppressions = []sarifSuppression{s}
		}
		results = append(results, r)
	}

	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "faultline",
			Version:        opts.ToolVersion,
			InformationURI: "https://github.com/faultline/faultline",
			Rules:          rules,
		}},
		Results:    results,
		Properties: &sarifRunProperties{Summary: sum},
	}
	if opts.SrcRoot != "" {
		root := opts.SrcRoot
		if !strings.HasSuffix(root, "/") {
			root += "/"
		}
		run.OriginalURIBaseIDs = map[string]sarifArtifact{"%SRCROOT%": {URI: root}}
	}
	if run.Properties.Summary.ByKind == nil {
		run.Properties.Summary.ByKind = map[string]int{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{
		Schema:  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	})
}

func sarifLevel(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	}
	return "note"
}

func sarifLocate(f finding.Finding, opts SARIFOptions) sarifLocation {
	var loc sarifLocation
	file, line, col := f.File, f.Line, f.Column
	if file == "" && f.Object != "" {
		loc.LogicalLocations = []sarifLogical{{Name: lastPart(f.Object), FullyQualifiedName: f.Object}}
		file, line, col = opts.AnchorFile, opts.AnchorLine, 0
	}
	if file == "" {
		return loc
	}
	loc.PhysicalLocation = &sarifPhysical{ArtifactLocation: sarifArtifactLocation{URI: fileURI(prefixed(opts.PathPrefix, file)), URIBaseID: "%SRCROOT%"}}
	if line > 0 {
		loc.PhysicalLocation.Region = &sarifRegion{StartLine: line, StartColumn: col}
	}
	return loc
}

func lastPart(s string) string {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// prefixed puts prefix before a relative slash path.
func prefixed(prefix, file string) string {
	prefix = strings.Trim(prefix, "/")
	if prefix == "" || prefix == "." || strings.HasPrefix(file, "/") {
		return file
	}
	return prefix + "/" + file
}

// fileURI escapes what a relative URI reference cannot hold (spaces, %, #, ?).
func fileURI(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`%#?"<>\^`+"`{|}[]", c) >= 0 {
			b.WriteString("%" + strings.ToUpper(strconv.FormatUint(uint64(c)|0x100, 16)[1:]))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// ruleTags classify a kind for code scanning's filters.
func ruleTags(k finding.Kind) []string {
	switch k {
	case finding.Import, finding.Private, finding.Cycle:
		return []string{"architecture", "bounded-context", "code"}
	case finding.ForeignTable, finding.CrossJoin, finding.CrossTransaction:
		return []string{"architecture", "bounded-context", "sql"}
	case finding.ForeignKey, finding.Trigger, finding.View, finding.Function, finding.Sequence, finding.SharedTable, finding.UnownedTable:
		return []string{"architecture", "bounded-context", "schema"}
	case finding.RuntimeCrossJoin, finding.Drift:
		return []string{"architecture", "bounded-context", "database"}
	}
	return []string{"faultline"}
}

// plainText drops Markdown's code backticks for the plain help text.
func plainText(md string) string { return strings.ReplaceAll(md, "`", "") }
