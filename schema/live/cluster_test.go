package live

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// A throwaway cluster, started once per test binary for the tests that need what the
// shared server does not give: pg_stat_statements loaded at start, and password
// authentication. It runs as the postgres user when the tests run as root (initdb
// refuses root), listens on a free port of 127.0.0.1 (password auth) and on a unix
// socket in its own directory (trust), and is stopped by TestMain.

type cluster struct {
	dir, data, sock string
	port            int
	bindir          string
	asPostgres      bool
}

var (
	clusterOnce sync.Once
	theCluster  *cluster
	clusterErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if theCluster != nil {
		theCluster.stop()
	}
	os.Exit(code)
}

// throwawayCluster returns the shared throwaway cluster, starting it on first use.
// Without PostgreSQL's server binaries the test fails under CI and is skipped
// elsewhere.
func throwawayCluster(t testing.TB) *cluster {
	t.Helper()
	clusterOnce.Do(func() { theCluster, clusterErr = startCluster() })
	if clusterErr != nil {
		missing(t, "no throwaway PostgreSQL cluster: %v", clusterErr)
	}
	return theCluster
}

// serverBindir finds initdb, pg_ctl and postgres: FAULTLINE_PG_BINDIR, else the
// newest /usr/lib/postgresql/*/bin, else pg_config --bindir.
func serverBindir() (string, error) {
	has := func(dir string) bool {
		for _, b := range []string{"initdb", "pg_ctl", "postgres"} {
			if _, err := os.Stat(filepath.Join(dir, b)); err != nil {
				return false
			}
		}
		return true
	}
	if d := os.Getenv("FAULTLINE_PG_BINDIR"); d != "" {
		if !has(d) {
			return "", fmt.Errorf("FAULTLINE_PG_BINDIR=%s has no initdb, pg_ctl and postgres", d)
		}
		return d, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int {
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(a)))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(b)))
		return vb - va
	})
	for _, d := range dirs {
		if has(d) {
			return d, nil
		}
	}
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		if d := strings.TrimSpace(string(out)); has(d) {
			return d, nil
		}
	}
	return "", fmt.Errorf("PostgreSQL server binaries (initdb, pg_ctl, postgres) not found; install the server package or set FAULTLINE_PG_BINDIR")
}

// ownerFile holds, in a cluster's directory, the pid of the test binary that started it.
const ownerFile = "owner.pid"

// sweepClusters stops and removes the clusters of test binaries that died without
// stopping theirs (a panic or a timeout skips TestMain's cleanup).
func sweepClusters(bindir string) {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "faultline-pg-*"))
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, ownerFile))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 || syscall.Kill(pid, 0) != syscall.ESRCH {
			continue // alive, or not ours to judge
		}
		c := &cluster{dir: dir, data: filepath.Join(dir, "data"), bindir: bindir, asPostgres: os.Geteuid() == 0}
		c.stop()
	}
}

func startCluster() (*cluster, error) {
	bindir, err := serverBindir()
	if err != nil {
		return nil, err
	}
	sweepClusters(bindir)
	if out, err := exec.Command(filepath.Join(bindir, "pg_config"), "--sharedir").Output(); err == nil {
		ctl := filepath.Join(strings.TrimSpace(string(out)), "extension", "pg_stat_statements.control")
		if _, err := os.Stat(ctl); err != nil {
			return nil, fmt.Errorf("pg_stat_statements is not installed with the server (%s missing); install the contrib package", ctl)
		}
	}
	dir, err := os.MkdirTemp("", "faultline-pg-")
	if err != nil {
		return nil, err
	}
	c := &cluster{dir: dir, data: filepath.Join(dir, "data"), sock: filepath.Join(dir, "sock"), bindir: bindir, asPostgres: os.Geteuid() == 0}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return nil, err
	}
	if err := os.Mkdir(c.sock, 0o700); err != nil {
		return nil, err
	}
	if c.asPostgres {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root, and there is no postgres user to run the server as: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		for _, p := range []string{dir, c.sock} {
			if err := os.Chown(p, uid, gid); err != nil {
				return nil, err
			}
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	c.port = l.Addr().(*net.TCPAddr).Port
	l.Close()

	if out, err := c.run("initdb", "-D", c.data, "-U", "postgres", "-E", "UTF8", "--no-sync",
		"--auth-local=trust", "--auth-host=scram-sha-256"); err != nil {
		c.remove()
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	opts := fmt.Sprintf("-c port=%d -c listen_addresses=127.0.0.1 -k %s -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all -c fsync=off -c max_connections=50",
		c.port, c.sock)
	if out, err := c.run("pg_ctl", "-D", c.data, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "-o", opts, "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		c.remove()
		return nil, fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	return c, nil
}

// run runs a server binary, as postgres when the tests run as root.
func (c *cluster) run(bin string, args ...string) ([]byte, error) {
	path := filepath.Join(c.bindir, bin)
	var cmd *exec.Cmd
	if c.asPostgres {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = c.dir
	return cmd.CombinedOutput()
}

func (c *cluster) stop() {
	c.run("pg_ctl", "-D", c.data, "stop", "-m", "immediate")
	c.remove()
}

func (c *cluster) remove() { os.RemoveAll(c.dir) }

// socketURL is the DSN of database db as user over the unix socket (trust auth).
func (c *cluster) socketURL(user, db string) string {
	return fmt.Sprintf("host=%s port=%d user=%s dbname=%s sslmode=disable", c.sock, c.port, user, db)
}

// tcpURL is the DSN of database db as user with password over TCP (scram auth).
func (c *cluster) tcpURL(user, password, db string) string {
	return fmt.Sprintf("postgres://%s:%s@127.0.0.1:%d/%s?sslmode=disable", user, password, c.port, db)
}

// exec runs statements as postgres in database db of the cluster.
func (c *cluster) exec(t testing.TB, db string, sqls ...string) {
	t.Helper()
	execSQL(t, c.socketURL("postgres", db), sqls...)
}

// ensureRole creates a login role unless it exists (roles are cluster-wide and the
// cluster is shared by the tests).
func (c *cluster) ensureRole(t testing.TB, name, password string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.socketURL("postgres", "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = $1)", name).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	ident := pgx.Identifier{name}.Sanitize()
	if !exists {
		if _, err := conn.Exec(ctx, "CREATE ROLE "+ident+" LOGIN"); err != nil {
			t.Fatal(err)
		}
	}
	if password != "" {
		if _, err := conn.Exec(ctx, fmt.Sprintf("ALTER ROLE %s PASSWORD '%s'", ident, strings.ReplaceAll(password, "'", "''"))); err != nil {
			t.Fatal(err)
		}
	}
}
