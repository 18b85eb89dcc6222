// Package buildcache keeps the tool binaries that end-to-end tests build from
// the Go module cache (golangci-lint with the dbpoollint plugin, gopls with the
// suite) between test runs, keyed by everything they are built from, so that
// local runs after the first take seconds and a code change rebuilds.
package buildcache

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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

// Build returns the cached binary at path, or calls build to write it to a
// temporary file and moves it into place. Other cached versions of the same
// binary are removed, so the cache holds one per tool.
func Build(path string, build func(out string) error) error {
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		return nil
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := build(tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	// Drop stale versions: <name>-<other hash>.
	name := filepath.Base(path)
	siblings, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), name+"-*"))
	var errs []error
	for _, s := range siblings {
		if s != dir {
			errs = append(errs, os.RemoveAll(s))
		}
	}
	return errors.Join(errs...)
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
