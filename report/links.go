package report

import (
	"context"
	"net/url"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// SourceLinks say where a piece of evidence at file:line links to in the HTML
// report: a page of the repository's web host at one commit when Repo is set
// (GitRemoteLinks), else a path relative to the page.
type SourceLinks struct {
	// Repo is the repository's web address, e.g. https://github.com/o/r.
	Repo string
	// Rev is the commit the links show.
	Rev string
	// Dir is where the files' paths start: with Repo, the module root inside
	// the repository ("" at its top); without, the path from the page to the
	// module root ("" when the page is written there).
	Dir string
}

// URL is the link to line of file (relative to the module root, slash
// separated); "" for no file.
func (l *SourceLinks) URL(file string, line int) string {
	if file == "" {
		return ""
	}
	if l == nil {
		l = &SourceLinks{}
	}
	p := path.Join(l.Dir, file)
	if l.Repo == "" {
		u := (&url.URL{Path: p}).EscapedPath()
		if line > 0 {
			u += "#L" + strconv.Itoa(line)
		}
		return u
	}
	blob := "/blob/"
	if strings.Contains(l.Repo, "gitlab") {
		blob = "/-/blob/"
	}
	u := l.Repo + blob + url.PathEscape(l.Rev) + "/" + (&url.URL{Path: p}).EscapedPath()
	if line > 0 {
		u += "#L" + strconv.Itoa(line)
	}
	return u
}

// RelativeLinks are links from a page written in pageDir to the files of the
// module at root.
func RelativeLinks(root, pageDir string) *SourceLinks {
	rel, err := filepath.Rel(pageDir, root)
	if err != nil || rel == "." {
		rel = ""
	}
	return &SourceLinks{Dir: filepath.ToSlash(rel)}
}

// GitRemoteLinks returns links into the web pages of the repository that
// holds root, at its current commit, when `git remote get-url origin` (or the
// first remote) names one on a web host; nil when there is none.
func GitRemoteLinks(ctx context.Context, root string) *SourceLinks {
	git := func(args ...string) string {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, "git", append([]string{"-C", root}, args...)...).Output()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(out))
	}
	remote := git("remote", "get-url", "origin")
	if remote == "" {
		if first, _, _ := strings.Cut(git("remote"), "\n"); first != "" {
			remote = git("remote", "get-url", first)
		}
	}
	repo := WebURL(remote)
	rev := git("rev-parse", "HEAD")
	if repo == "" || rev == "" {
		return nil
	}
	prefix := strings.TrimSuffix(git("rev-parse", "--show-prefix"), "/")
	return &SourceLinks{Repo: repo, Rev: rev, Dir: prefix}
}

// WebURL turns a git remote (https://host/o/r.git, git@host:o/r.git,
// ssh://git@host/o/r.git) into the repository's web address, without any
// user name or password; "" for a local path or anything else.
func WebURL(remote string) string {
	remote = strings.TrimSpace(remote)
	var host, p string
	if u, err := url.Parse(remote); err == nil && u.Host != "" && (u.Scheme == "https" || u.Scheme == "http" || u.Scheme == "ssh" || u.Scheme == "git") {
		host, p = u.Hostname(), u.Path
	} else if at, rest, ok := strings.Cut(remote, "@"); ok && !strings.Contains(at, "/") {
		h, rp, ok := strings.Cut(rest, ":")
		if !ok {
			return ""
		}
		host, p = h, rp
	} else {
		return ""
	}
	p = strings.Trim(strings.TrimSuffix(strings.Trim(p, "/"), ".git"), "/")
	if host == "" || p == "" || strings.ContainsAny(host+p, " \"'<>\\") {
		return ""
	}
	return "https://" + host + "/" + p
}
