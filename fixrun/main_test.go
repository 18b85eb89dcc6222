package fixrun_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// bin is the dbpoollint binary built from the checkout above, once.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "fixrun-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "dbpoollint")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/dbpoollint")
	cmd.Dir = root()
	cmd.Env = append(os.Environ(), moduleEnv...)
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build ./cmd/dbpoollint: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// moduleEnv is a plain module build: the copies the tests build carry this
// module's go.sum, so the module cache that go test filled serves them.
var moduleEnv = []string{"GOWORK=off", "GOFLAGS=", "GOTOOLCHAIN=local", "GO111MODULE=on"}

// root returns the repository's root: the directory above this module.
func root() string {
	wd, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return filepath.Dir(wd)
}

type result struct {
	stdout, stderr string
	exit           int
}

// run runs name with args in dir, with env added to the environment.
func run(t *testing.T, env []string, dir, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		r.exit = exitErr.ExitCode()
	case err != nil:
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return r
}

// mustRun is run failing the test on a non-zero exit.
func mustRun(t *testing.T, env []string, dir, name string, args ...string) result {
	t.Helper()
	r := run(t, env, dir, name, args...)
	if r.exit != 0 {
		t.Fatalf("%s %s in %s: exit %d\n%s%s", name, strings.Join(args, " "), dir, r.exit, r.stdout, r.stderr)
	}
	return r
}

// fix runs dbpoollint -fix with args in dir: it exits 0 when every finding
// was fixed, 3 when findings without a fix remain.
func fix(t *testing.T, env []string, dir string, args ...string) {
	t.Helper()
	r := run(t, env, dir, bin, append([]string{"-fix"}, args...)...)
	if r.exit != 0 && r.exit != 3 {
		t.Fatalf("dbpoollint -fix %s: exit %d\n%s%s", strings.Join(args, " "), r.exit, r.stdout, r.stderr)
	}
}

// noFixLeft checks that dbpoollint -diff has nothing left to change.
func noFixLeft(t *testing.T, env []string, dir string, args ...string) {
	t.Helper()
	r := run(t, env, dir, bin, append([]string{"-diff"}, args...)...)
	if strings.Contains(r.stdout, "+++") {
		t.Errorf("dbpoollint -diff %s after -fix: edits left\n%s", strings.Join(args, " "), r.stdout)
	}
}

// copyTree copies the files of src below dst, but those skip rejects.
func copyTree(t *testing.T, src, dst string, skip func(rel string, d fs.DirEntry) bool) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if skip != nil && rel != "." && skip(rel, d) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
