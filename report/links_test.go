package report

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestWebURL(t *testing.T) {
	for remote, want := range map[string]string{
		"https://github.com/faultline/faultline.git":        "https://github.com/faultline/faultline",
		"https://user:secret@gitlab.com/group/sub/repo.git": "https://gitlab.com/group/sub/repo",
		"git@github.com:faultline/faultline.git":            "https://github.com/faultline/faultline",
		"ssh://git@gitlab.example.com:2222/team/app.git":    "https://gitlab.example.com/team/app",
		"/srv/git/app.git":                    "",
		"../app":                              "",
		"file:///srv/git/app.git":             "",
		"":                                    "",
		`https://github.com/o/"><script>.git`: "",
	} {
		if got := WebURL(remote); got != want {
			t.Errorf("WebURL(%q) = %q, want %q", remote, got, want)
		}
	}
}

func TestSourceLinksURL(t *testing.T) {
	cases := []struct {
		links *SourceLinks
		want  string
	}{
		{nil, "internal/pricing/quote.go#L21"},
		{&SourceLinks{Dir: "../catalog"}, "../catalog/internal/pricing/quote.go#L21"},
		{&SourceLinks{Repo: "https://github.com/o/r", Rev: "abc", Dir: "testdata/catalog"}, "https://github.com/o/r/blob/abc/testdata/catalog/internal/pricing/quote.go#L21"},
		{&SourceLinks{Repo: "https://gitlab.com/o/r", Rev: "abc"}, "https://gitlab.com/o/r/-/blob/abc/internal/pricing/quote.go#L21"},
	}
	for _, c := range cases {
		if got := c.links.URL("internal/pricing/quote.go", 21); got != c.want {
			t.Errorf("%+v: %q, want %q", c.links, got, c.want)
		}
	}
	if got := (&SourceLinks{}).URL("", 3); got != "" {
		t.Errorf("no file: %q", got)
	}
	if got := (&SourceLinks{}).URL("db/a b#.sql", 0); got != "db/a%20b%23.sql" {
		t.Errorf("escaped: %q", got)
	}
}

// TestGitRemoteLinks makes a repository with a remote and a module below its
// top: links point at the commit and the module's directory.
func TestGitRemoteLinks(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	git("commit", "-q", "--allow-empty", "-m", "first")
	root := filepath.Join(repo, "services", "shop")
	if err := exec.Command("mkdir", "-p", root).Run(); err != nil {
		t.Fatal(err)
	}
	if l := GitRemoteLinks(context.Background(), root); l != nil {
		t.Errorf("links without a remote: %+v", l)
	}
	git("remote", "add", "origin", "git@github.com:acme/shop.git")
	l := GitRemoteLinks(context.Background(), root)
	rev := git("rev-parse", "HEAD")
	if l == nil || l.Repo != "https://github.com/acme/shop" || l.Rev != rev || l.Dir != "services/shop" {
		t.Fatalf("links %+v", l)
	}
	if got, want := l.URL("a.go", 3), "https://github.com/acme/shop/blob/"+rev+"/services/shop/a.go#L3"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}

// FuzzWebURL: any remote gives "" or an https address with nothing that could
// break out of an attribute.
func FuzzWebURL(f *testing.F) {
	for _, s := range []string{"https://github.com/o/r.git", "git@host:o/r", "ssh://u@h:1/p", "", "@:", "http://[::1]/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, remote string) {
		u := WebURL(remote)
		if u != "" && (!strings.HasPrefix(u, "https://") || strings.ContainsAny(u, " \"'<>\\\n")) {
			t.Errorf("WebURL(%q) = %q", remote, u)
		}
	})
}
