// Package buildcache keeps the tool binaries that end-to-end tests build from
// the Go module cache (golangci-lint with the dbpoollint plugin, gopls with the
// suite) between test runs, keyed by everything they are built from, so that
// local runs after the first take seconds and a code change rebuilds.
package buildcache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// SourceHash hashes the module sources a build of the suite compiles: go.mod,
// go.sum and every non-test .go file under root, except testdata, examples and
// bench (its own module).
func SourceHash(root string) (string, error) {
	h := sha256.New()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			switch d.Name() {
			case "testdata", "examples", "bench", ".git":
				return filepath.SkipDir
			}
			return nil
		}
		if rel != "go.mod" && rel != "go.sum" && (!strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go")) {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		io.WriteString(h, filepath.ToSlash(rel)+"\x00")
		_, err = io.Copy(h, f)
		return err
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

// Path returns where the binary name built from the given key parts lives:
// <user cache dir>/dbpoollint/<name>-<hash of key>/<name>. DBPOOLLINT_CACHE,
// when set, replaces <user cache dir>/dbpoollint.
func Path(name string, key ...string) (string, error) {
	dir := os.Getenv("DBPOOLLINT_CACHE")
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(base, "dbpoollint")
	}
	h := sha256.Sum256([]byte(strings.Join(key, "\x00")))
	return filepath.Join(dir, name+"-"+hex.EncodeToString(h[:8]), name), nil
}

// Build returns the cached binary at path, or calls build to write it and
// moves it into place. build gets a work directory of its own, under the
// cache's "work" directory, and the file to write, in it; both are removed
// afterwards, whether build succeeds, fails or ctx ends. out is
// <work>/bin/<name>, and <work>/gotmp the go commands' temporary directory
// (GoEnv); the rest of work is build's. What a killed run
// leaves behind (a work directory whose process is gone, a partial binary
// named <name>.tmp by earlier versions) is removed by the next Build. Other
// cached versions of the same binary are removed, so the cache holds one per
// tool.
func Build(ctx context.Context, path string, build func(ctx context.Context, work, out string) error) error {
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		return nil
	}
	dir := filepath.Dir(path)
	root := filepath.Dir(dir)
	name := filepath.Base(path)
	sweep(root)
	works := filepath.Join(root, "work")
	if err := os.MkdirAll(works, 0o755); err != nil {
		return err
	}
	work, err := os.MkdirTemp(works, fmt.Sprintf("%s-%d-", name, os.Getpid()))
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	out := filepath.Join(work, "bin", name)
	for _, d := range []string{filepath.Dir(out), filepath.Join(work, "gotmp")} {
		if err := os.Mkdir(d, 0o755); err != nil {
			return err
		}
	}
	if err := build(ctx, work, out); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("building %s did not finish in the time the test has (%v): give go test more with -timeout, as the README's test command does; %w", name, context.Cause(ctx), err)
		}
		return err
	}
	if fi, err := os.Stat(out); err != nil || !fi.Mode().IsRegular() {
		return fmt.Errorf("building %s wrote no file %s", name, out)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.Rename(out, path); err != nil {
		return err
	}
	// Drop stale versions: <name>-<other hash>.
	siblings, _ := filepath.Glob(filepath.Join(root, name+"-*"))
	var errs []error
	for _, s := range siblings {
		if s != dir {
			errs = append(errs, os.RemoveAll(s))
		}
	}
	return errors.Join(errs...)
}

// sweep removes what killed builds left in the cache root: work
// directories whose process no longer runs, and the partial binaries
// (<tool>-<hash>/<tool>.tmp) of earlier versions of this package.
func sweep(root string) {
	works, _ := filepath.Glob(filepath.Join(root, "work", "*"))
	for _, w := range works {
		if !running(ownerPID(filepath.Base(w))) {
			os.RemoveAll(w)
		}
	}
	partial, _ := filepath.Glob(filepath.Join(root, "*", "*.tmp"))
	for _, p := range partial {
		os.Remove(p)
	}
}

// ownerPID returns the process id in a work directory's name,
// <name>-<pid>-<random>, or 0.
func ownerPID(base string) int {
	parts := strings.Split(base, "-")
	if len(parts) < 3 {
		return 0
	}
	pid, _ := strconv.Atoi(parts[len(parts)-2])
	return pid
}

// running reports whether a process with the id runs.
func running(pid int) bool {
	if pid <= 0 {
		return false
	}
	if pid == os.Getpid() {
		return true
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	if runtime.GOOS == "windows" {
		return true // FindProcess fails for a process that is gone
	}
	return p.Signal(syscall.Signal(0)) == nil
}

// TestContext returns a context that ends a minute before the test's
// deadline (go test -timeout), so that a build running out of time is
// stopped, fails the test with a message and cleans up, instead of go test
// panicking and leaving it half done.
func TestContext(t interface {
	Deadline() (time.Time, bool)
	Cleanup(func())
}) context.Context {
	deadline, ok := t.Deadline()
	if !ok {
		return context.Background()
	}
	margin := min(time.Minute, time.Until(deadline)/10)
	ctx, cancel := context.WithDeadlineCause(context.Background(), deadline.Add(-margin),
		errors.New("the test's deadline is near"))
	t.Cleanup(cancel)
	return ctx
}

// Command is exec.CommandContext for the go commands of a build: it and
// the processes it starts are killed when ctx ends (and, on Linux, when the
// calling process dies). Give it [GoEnv] of the build's work directory, so
// that what the killed go command leaves is removed with that directory.
func Command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	isolate(cmd)
	cmd.WaitDelay = 30 * time.Second
	return cmd
}

// GoEnv is the environment of the go commands of a build in work: their
// temporary directory (GOTMPDIR) is in it.
func GoEnv(work string) []string {
	return []string{"GOTMPDIR=" + filepath.Join(work, "gotmp")}
}

// CopyTree copies the directory src to dst, making every copy writable (the
// module cache is read-only).
func CopyTree(dst, src string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
