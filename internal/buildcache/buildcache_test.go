package buildcache

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A build killed with its test (go test's timeout, ^C, kill -9) leaves its
// work directory and, with earlier versions, a partial <tool>.tmp: the next
// build removes them instead of tripping over them.
func TestBuildRemovesWhatAKilledBuildLeft(t *testing.T) {
	root := t.TempDir()
	t.Setenv("DBPOOLLINT_CACHE", root)
	path, err := Path("tool", "v1")
	if err != nil {
		t.Fatal(err)
	}
	// A process that has exited: its pid is free.
	done := exec.Command("true")
	if err := done.Run(); err != nil {
		t.Skip("no true(1) to get the pid of an exited process:", err)
	}
	dead := filepath.Join(root, "work", "tool-"+itoa(done.ProcessState.Pid())+"-123")
	alive := filepath.Join(root, "work", "tool-"+itoa(os.Getpid())+"-456")
	partial := filepath.Join(root, "tool-0123456789abcdef", "tool.tmp")
	for _, d := range []string{dead, alive, filepath.Dir(partial)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(partial, []byte("half a binary"), 0o755)

	err = Build(context.Background(), path, func(_ context.Context, work, out string) error {
		if !strings.HasPrefix(out, work+string(filepath.Separator)) || !strings.HasPrefix(work, filepath.Join(root, "work")) {
			t.Errorf("out %s, work %s: want out in work, under the cache's work directory", out, work)
		}
		return os.WriteFile(out, []byte("binary"), 0o755)
	})
	if err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(path); err != nil || string(data) != "binary" {
		t.Errorf("cached binary: %q, %v", data, err)
	}
	for _, gone := range []string{dead, partial, filepath.Dir(partial)} {
		if _, err := os.Stat(gone); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is still there after the next build", gone)
		}
	}
	if _, err := os.Stat(alive); err != nil {
		t.Errorf("the work directory of a running process was removed: %v", err)
	}
	works, _ := filepath.Glob(filepath.Join(root, "work", "tool-*"))
	if len(works) != 1 {
		t.Errorf("work directories left: %v, want only the live one", works)
	}
}

// A build that runs out of the test's time is interrupted, leaves nothing
// behind and says what to do.
func TestBuildOutOfTimeFailsCleanlyAndSaysToRaiseTheTimeout(t *testing.T) {
	root := t.TempDir()
	t.Setenv("DBPOOLLINT_CACHE", root)
	path, err := Path("tool", "v1")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = Build(ctx, path, func(ctx context.Context, work, out string) error {
		os.WriteFile(out, []byte("half"), 0o755)
		// A process that starts a child of its own, as the go command does.
		cmd := Command(ctx, "sh", "-c", "sleep 60 & sleep 60; wait")
		cmd.Env = append(os.Environ(), GoEnv(work)...)
		return cmd.Run()
	})
	if err == nil || !strings.Contains(err.Error(), "-timeout") {
		t.Fatalf("error %v, want one that says to give go test more -timeout", err)
	}
	if time.Since(start) > 30*time.Second {
		t.Errorf("the build was not stopped when its time ran out (%v)", time.Since(start))
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a binary is cached after a failed build")
	}
	if works, _ := filepath.Glob(filepath.Join(root, "work", "*")); len(works) != 0 {
		t.Errorf("work directories left: %v", works)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
