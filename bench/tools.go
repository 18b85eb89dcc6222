package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

const (
	keyFloor      = "floor"
	keyDBPoolLint = "dbpoollint"
	keyFloorFacts = "floor-facts"
	keyUnqueryvet = "unqueryvet"
)

// tool is one checker binary the bench builds and runs.
type tool struct {
	key   string // name in flags and tables
	title string // what it is, for the report
	root  bool   // built from the repository root (else from bench/)
	pkg   string // package to build, relative to its module
	bin   string // built binary
}

func allTools() []*tool {
	return []*tool{
		{key: keyFloor, title: "no-op multichecker (the floor: load + type-check only)", pkg: "./drivers/noop"},
		{key: keyDBPoolLint, title: "dbpoollint, this checkout (whole suite)", root: true, pkg: "./cmd/dbpoollint"},
		{key: keyFloorFacts, title: "no-op analyzer declaring one FactTypes entry", pkg: "./drivers/noopfacts"},
		{key: "sqlclosecheck", title: "github.com/ryanrolds/sqlclosecheck (defer-only, as golangci-lint runs it)", pkg: "./drivers/sqlclosecheck"},
		{key: "rowserrcheck", title: "github.com/jingyugao/rowserrcheck (database/sql only, its default)", pkg: "./drivers/rowserrcheck"},
		{key: "noctx", title: "github.com/sonatard/noctx", pkg: "./drivers/noctx"},
		{key: keyUnqueryvet, title: "github.com/MirrexOne/unqueryvet (its defaults, transaction-leak and N+1 checks on; only those findings are triaged)", pkg: "./drivers/unqueryvet"},
	}
}

// buildTools builds every tool into tmp: dbpoollint with the repository's
// own go.mod, the floor and the peers with bench/go.mod. Both must resolve
// the same golang.org/x/tools, or the comparison measures two drivers.
func buildTools(tools []*tool, rootDir, benchDir, tmp string) error {
	rootX, err := moduleVersion(rootDir, "golang.org/x/tools")
	if err != nil {
		return err
	}
	benchX, err := moduleVersion(benchDir, "golang.org/x/tools")
	if err != nil {
		return err
	}
	if rootX != benchX {
		return fmt.Errorf("golang.org/x/tools differs: %s in the repository, %s in bench/go.mod; pin bench to the repository's version", rootX, benchX)
	}
	for _, t := range tools {
		dir := benchDir
		if t.root {
			dir = rootDir
		}
		t.bin = filepath.Join(tmp, t.key)
		start := time.Now()
		if _, err := goCmd(dir, "build", "-o", t.bin, t.pkg); err != nil {
			return fmt.Errorf("building %s: %v", t.key, err)
		}
		logf("built %s (%s)", t.key, time.Since(start).Round(time.Millisecond))
	}
	return nil
}

func moduleVersion(dir, path string) (string, error) {
	out, err := goCmd(dir, "list", "-m", "-f", "{{.Version}}", path)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// environment is what the report says about where it was measured.
type environment struct {
	date      string
	goVersion string
	cores     int
	memory    string
	cpu       string
	checkout  string
	xtools    string
	peers     []string
	load      string
}

func describeEnv(rootDir, benchDir string) (*environment, error) {
	e := &environment{
		date:  time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		cores: runtime.NumCPU(),
	}
	out, err := goCmd(benchDir, "env", "GOVERSION", "GOOS", "GOARCH")
	if err != nil {
		return nil, err
	}
	e.goVersion = strings.Join(strings.Fields(string(out)), " ")
	e.memory, e.cpu = "unknown", "unknown"
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		for _, line := range strings.Split(string(data), "\n") {
			if _, err := fmt.Sscanf(line, "MemTotal: %d kB", &kb); err == nil {
				e.memory = fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
				break
			}
		}
	}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				e.cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		e.load = strings.Join(strings.Fields(string(data))[:3], " ")
	}
	e.checkout = gitDescribe(rootDir)
	if e.xtools, err = moduleVersion(rootDir, "golang.org/x/tools"); err != nil {
		return nil, err
	}
	for _, p := range peerModules {
		v, err := moduleVersion(benchDir, p)
		if err != nil {
			return nil, err
		}
		e.peers = append(e.peers, p+" "+v)
	}
	return e, nil
}

// gitDescribe names the checkout: commit and whether the tree has changes.
// It only reads the repository.
func gitDescribe(dir string) string {
	rev, err := runOut(dir, "git", "rev-parse", "--short", "HEAD")
	if err != nil {
		return "unknown (not a git checkout)"
	}
	rev = strings.TrimSpace(rev)
	if st, err := runOut(dir, "git", "status", "--porcelain", "--untracked-files=no"); err == nil && strings.TrimSpace(st) != "" {
		rev += " + uncommitted changes"
	}
	return rev
}
