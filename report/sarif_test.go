package report

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/faultline/faultline/finding"
)

// testdata/sarif-schema-2.1.0.json is the official SARIF 2.1.0 JSON schema (OASIS,
// errata01: "id" https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json),
// unmodified, as published in github.com/oasis-tcs/sarif-spec at
// Schemata/sarif-schema-2.1.0.json (commit 0a8091f7d4057e57b6d8d9b56129e5f918747b34).
// It is test data, kept here so the test needs no network.

func sarifOf(t *testing.T, findings []finding.Finding, sum Summary, opts SARIFOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := SARIF(&buf, findings, sum, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func catalogSARIF(t *testing.T) []byte {
	findings, known := catalogFindings(), catalogKnown()
	return sarifOf(t, findings, summaryOf(findings, known), SARIFOptions{
		ToolVersion: "v0.1.0",
		Baseline:    true,
		Known:       known,
		AnchorFile:  "faultline.yaml",
		AnchorLine:  27,
	})
}

func TestSARIFGolden(t *testing.T) {
	golden(t, "catalog.sarif", catalogSARIF(t))
}

func validateSARIF(t *testing.T, out []byte) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatalf("compiling the SARIF schema: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("the output is not JSON: %v", err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Errorf("the output does not validate against the SARIF 2.1.0 schema:\n%v", err)
	}
}

func TestSARIFValidates(t *testing.T) {
	validateSARIF(t, catalogSARIF(t))
	// The smallest logs too: nothing found, no baseline, a prefix and a root.
	validateSARIF(t, sarifOf(t, nil, Summary{}, SARIFOptions{}))
	validateSARIF(t, sarifOf(t, catalogFindings(), Summary{}, SARIFOptions{PathPrefix: "services/catalog", SrcRoot: "file:///home/runner/work/shop/shop"}))
}

// sarifDoc is the part of a log the assertions below read.
type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID      string `json:"id"`
					HelpURI string `json:"helpUri"`
					Help    struct {
						Text string `json:"text"`
					} `json:"help"`
					FullDescription struct {
						Text string `json:"text"`
					} `json:"fullDescription"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		Results []struct {
			RuleID        string            `json:"ruleId"`
			RuleIndex     int               `json:"ruleIndex"`
			Level         string            `json:"level"`
			BaselineState string            `json:"baselineState"`
			Fingerprints  map[string]string `json:"partialFingerprints"`
			Suppressions  []struct {
				Kind          string `json:"kind"`
				Justification string `json:"justification"`
			} `json:"suppressions"`
			Locations []struct {
				PhysicalLocation *struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region *struct {
						StartLine   int `json:"startLine"`
						StartColumn int `json:"startColumn"`
					} `json:"region"`
				} `json:"physicalLocation"`
				LogicalLocations []struct {
					FullyQualifiedName string `json:"fullyQualifiedName"`
				} `json:"logicalLocations"`
			} `json:"locations"`
			Properties map[string]any `json:"properties"`
		} `json:"results"`
	} `json:"runs"`
}

func TestSARIFContent(t *testing.T) {
	var doc sarifDoc
	if err := json.Unmarshal(catalogSARIF(t), &doc); err != nil {
		t.Fatal(err)
	}
	run := doc.Runs[0]
	rules := run.Tool.Driver.Rules
	if len(rules) != len(finding.Kinds) {
		t.Errorf("%d rules, want one per kind (%d)", len(rules), len(finding.Kinds))
	}
	for i, r := range rules {
		if r.ID != string(finding.Kinds[i]) || r.HelpURI != "https://github.com/faultline/faultline#kind-"+r.ID || r.Help.Text == "" || r.FullDescription.Text == "" {
			t.Errorf("rule %d = %+v", i, r)
		}
	}
	if want := len(catalogFindings()) + len(catalogKnown()); len(run.Results) != want {
		t.Fatalf("%d results, want %d", len(run.Results), want)
	}
	states := map[string]int{}
	var suppressions []string
	for _, r := range run.Results {
		if rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("result of %s points at rule %d (%s)", r.RuleID, r.RuleIndex, rules[r.RuleIndex].ID)
		}
		states[r.BaselineState]++
		for _, s := range r.Suppressions {
			suppressions = append(suppressions, s.Kind)
		}
		fp := r.Fingerprints[fingerprintKey]
		if fp == "" || strings.Contains(fp, ":57") {
			t.Errorf("fingerprint %q: it must hold the key, not the line", fp)
		}
		loc := r.Locations[0]
		switch {
		case r.RuleID == string(finding.RuntimeCrossJoin):
			if len(loc.LogicalLocations) != 1 || loc.LogicalLocations[0].FullyQualifiedName != "pg_stat_statements.queryid=4215358233620195744" {
				t.Errorf("live finding location = %+v", loc)
			}
			if loc.PhysicalLocation == nil || loc.PhysicalLocation.ArtifactLocation.URI != "faultline.yaml" || loc.PhysicalLocation.Region.StartLine != 27 {
				t.Errorf("live finding is not anchored at faultline.yaml:27: %+v", loc.PhysicalLocation)
			}
		case loc.PhysicalLocation == nil || loc.PhysicalLocation.ArtifactLocation.URIBaseID != "%SRCROOT%" || loc.PhysicalLocation.Region.StartLine == 0:
			t.Errorf("result %s has location %+v", r.RuleID, loc)
		}
	}
	// Known: 5 unchanged; new: the failing findings but the stale entry and the
	// unused comment, which are faultline's own; no state: those two, the allowed,
	// the suppressed and the info finding.
	if states["unchanged"] != 5 || states["new"] != 13 || states[""] != 6 {
		t.Errorf("baseline states = %v", states)
	}
	if strings.Join(suppressions, " ") != "external inSource inSource" {
		t.Errorf("suppressions = %v, want two comments and one allow entry", suppressions)
	}

	// The same key twice: fingerprints differ by occurrence, not by line.
	dup := []finding.Finding{
		ff(finding.Import, finding.Error, "a", "b", "import of x", "a.go", 3, 1, "m", ""),
		ff(finding.Import, finding.Error, "a", "b", "import of x", "b.go", 9, 1, "m", ""),
	}
	var d sarifDoc
	json.Unmarshal(sarifOf(t, dup, Summary{}, SARIFOptions{PathPrefix: "svc/", SrcRoot: "file:///w"}), &d)
	rs := d.Runs[0].Results
	if rs[0].Fingerprints[fingerprintKey] != "import a->b import of x#1" || rs[1].Fingerprints[fingerprintKey] != "import a->b import of x#2" {
		t.Errorf("fingerprints = %v, %v", rs[0].Fingerprints, rs[1].Fingerprints)
	}
	if rs[0].BaselineState != "" {
		t.Errorf("baselineState without a baseline: %q", rs[0].BaselineState)
	}
	if u := rs[0].Locations[0].PhysicalLocation.ArtifactLocation.URI; u != "svc/a.go" {
		t.Errorf("prefixed uri = %q", u)
	}
	if u := d.Runs[0].OriginalURIBaseIDs["%SRCROOT%"].URI; u != "file:///w/" {
		t.Errorf("%%SRCROOT%% = %q", u)
	}
}

func TestFileURI(t *testing.T) {
	for in, want := range map[string]string{
		"internal/pricing/quote.go": "internal/pricing/quote.go",
		"db/my migrations/100%.sql": "db/my%20migrations/100%25.sql",
		"a#b?.go":                   "a%23b%3F.go",
		"é.sql":                     "%C3%A9.sql",
	} {
		if got := fileURI(in); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", in, got, want)
		}
	}
}
