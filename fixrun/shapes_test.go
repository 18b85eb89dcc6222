package fixrun_test

// The fix shapes of shapes/, run before and after dbpoollint's fix against
// a real SQLite database: a fix keeps what the program does (its results
// and errors) and repairs only the mistake (a leaked connection, a context
// that never reached the query). The shapes where a fix would break a
// correct program get none; the fix dbpoollint used to offer there (the
// .oldfix files, its output before fixes were made safe) breaks them.

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// A shape's kind says what its fix must keep and what it must repair.
type kind int

const (
	// release: a release added for a leaked handle. The calls before the
	// leak shows give the same results; after the fix no call hangs and no
	// connection stays in use.
	release kind = iota
	// same: every call gives the same results and errors.
	same
	// withCtx: same, and the context now reaches the query: a call with a
	// cancelled context fails after the fix.
	withCtx
	// lifetime: same, and the pool no longer closes connections for age.
	lifetime
	// dsn: the DSN parses to the same configuration, and a password with
	// DSN syntax is kept whole.
	dsn
	// harmful: no fix is offered, and the old fix breaks the program.
	harmful
	// harmfulLeak: harmful, in a program that leaks (the finding is true):
	// the old fix changes its results instead of repairing the leak.
	harmfulLeak
)

// Module is this module's path: the shapes are built inside a copy of it.
const module = "github.com/dbpoollint/dbpoollint/fixrun"

var shapes = []struct {
	name string
	kind kind
	// broken is what the old fix (.oldfix) makes the program say: an error
	// or a result of one of its calls.
	broken string
}{
	{name: "rowsrelease", kind: release},
	{name: "txrelease", kind: release},
	{name: "connrelease", kind: release},
	{name: "exectwin", kind: release},
	{name: "stmtrelease", kind: same},
	{name: "ctxtwin", kind: withCtx},
	{name: "detached", kind: withCtx},
	{name: "errgroupouter", kind: same, broken: "context canceled"},
	{name: "seconds", kind: lifetime},
	{name: "dsn", kind: dsn},
	{name: "cachedstmt", kind: harmful, broken: "sql: statement is closed"},
	{name: "closurestmt", kind: harmful, broken: "sql: statement is closed"},
	{name: "errgroupctx", kind: harmful, broken: "context canceled"},
	{name: "usetx", kind: harmful, broken: "audit rows: 0"},
	{name: "scopedtx", kind: harmful, broken: "sql: transaction has already been committed or rolled back"},
	{name: "txrows", kind: harmfulLeak, broken: `"out":"[]"`},
}

// outcome mirrors harness.Outcome.
type outcome struct {
	Calls []struct {
		Out  string `json:"out"`
		Err  string `json:"err"`
		Hung bool   `json:"hung"`
	} `json:"calls"`
	Cancelled struct {
		Out  string `json:"out"`
		Err  string `json:"err"`
		Hung bool   `json:"hung"`
	} `json:"cancelled"`
	InUse             int   `json:"inUse"`
	Open              int   `json:"open"`
	MaxLifetimeClosed int64 `json:"maxLifetimeClosed"`
}

func (o outcome) hung() bool {
	for _, c := range o.Calls {
		if c.Hung {
			return true
		}
	}
	return false
}

// calls writes the calls made with a live context.
func (o outcome) calls() string {
	b, _ := json.Marshal(o.Calls)
	return string(b)
}

func (o outcome) String() string {
	b, _ := json.Marshal(o)
	return string(b)
}

func TestFixShapesKeepWhatTheProgramDoes(t *testing.T) {
	t.Parallel()
	here, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(here, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	copyTree(t, filepath.Join(here, "harness"), filepath.Join(dir, "harness"), nil)
	goOnly := func(rel string, d fs.DirEntry) bool { return !d.IsDir() && !strings.HasSuffix(rel, ".go") }
	copyTree(t, filepath.Join(here, "shapes"), filepath.Join(dir, "before"), goOnly)
	copyTree(t, filepath.Join(here, "shapes"), filepath.Join(dir, "after"), goOnly)
	if entries, _ := os.ReadDir(filepath.Join(here, "shapes")); len(entries) != len(shapes) {
		t.Fatalf("shapes/ holds %d shapes, the table %d: add the new one to the table", len(entries), len(shapes))
	}

	// The fixes, as a user applies them; and what the binary says of the
	// unfixed shapes.
	fix(t, moduleEnv, dir, "./after/...")
	noFixLeft(t, moduleEnv, dir, "./after/...")
	diff := run(t, moduleEnv, dir, bin, "-diff", "./before/...").stdout

	variants := []string{"before", "after"}
	for _, s := range shapes {
		before, _ := os.ReadFile(filepath.Join(dir, "before", s.name, s.name+".go"))
		after, _ := os.ReadFile(filepath.Join(dir, "after", s.name, s.name+".go"))
		if s.kind == harmful || s.kind == harmfulLeak {
			if string(after) != string(before) {
				t.Errorf("%s: dbpoollint -fix changed the shape where no fix is safe", s.name)
			}
			if strings.Contains(diff, filepath.Join("before", s.name)+"/") {
				t.Errorf("%s: dbpoollint -diff offers a fix where none is safe", s.name)
			}
		} else if string(after) == string(before) {
			t.Errorf("%s: dbpoollint -fix did not fix the shape", s.name)
		}
		if s.broken != "" {
			old, err := os.ReadFile(filepath.Join(here, "shapes", s.name, s.name+".go.oldfix"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(dir, "oldfix", s.name), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "oldfix", s.name, s.name+".go"), old, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	// One program runs any variant of any shape.
	var src strings.Builder
	src.WriteString("package main\n\nimport (\n\t\"os\"\n\n\t\"" + module + "/harness\"\n")
	var table []string
	for _, s := range shapes {
		vs := variants
		if s.broken != "" {
			vs = append(vs, "oldfix")
		}
		for _, v := range vs {
			alias := v + "_" + s.name
			fmt.Fprintf(&src, "\t%s %q\n", alias, module+"/"+v+"/"+s.name)
			table = append(table, fmt.Sprintf("\t%q: %s.Run,\n", v+"/"+s.name, alias))
		}
	}
	sort.Strings(table)
	src.WriteString(")\n\nvar runs = map[string]harness.Run{\n" + strings.Join(table, "") + "}\n\n")
	src.WriteString("func main() { harness.Main(runs[os.Args[1]], os.Args[2]) }\n")
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	prog := filepath.Join(dir, "shapes.bin")
	mustRun(t, moduleEnv, dir, "go", "build", "-o", prog, ".")

	observe := func(t *testing.T, variant string) outcome {
		t.Helper()
		db := t.TempDir()
		r := mustRun(t, nil, dir, prog, variant, db)
		var o outcome
		if err := json.Unmarshal([]byte(r.stdout), &o); err != nil {
			t.Fatalf("%s: %v\n%s", variant, err, r.stdout)
		}
		return o
	}

	for _, s := range shapes {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			b := observe(t, "before/"+s.name)
			a := observe(t, "after/"+s.name)
			if s.kind != harmfulLeak {
				check(t, s.kind, b, a)
			} else if !b.hung() && b.InUse == 0 {
				t.Errorf("the shape leaks nothing: it proves nothing\nbefore: %s", b)
			}
			if s.broken != "" {
				old := observe(t, "oldfix/"+s.name)
				if !strings.Contains(old.calls(), s.broken) {
					t.Errorf("the old fix does not break the shape as recorded (%q)\nbefore: %s\nold fix: %s", s.broken, b, old)
				}
				if strings.Contains(b.calls(), s.broken) {
					t.Errorf("the shape says %q before any fix\nbefore: %s", s.broken, b)
				}
			}
		})
	}
}

// check compares the outcomes before (b) and after (a) a fix of the kind.
func check(t *testing.T, k kind, b, a outcome) {
	t.Helper()
	if a.hung() || len(a.Calls) == 0 {
		t.Fatalf("a call hangs after the fix\nbefore: %s\nafter:  %s", b, a)
	}
	for _, c := range a.Calls {
		if c.Err != "" {
			t.Errorf("a call fails after the fix: %s\nbefore: %s\nafter:  %s", c.Err, b, a)
		}
	}
	if a.InUse != 0 {
		t.Errorf("%d connections stay in use after the fix\nafter: %s", a.InUse, a)
	}
	// The calls before the leak shows give the same results.
	for i, c := range b.Calls {
		if c.Hung {
			break
		}
		if i >= len(a.Calls) || a.Calls[i].Out != c.Out || a.Calls[i].Err != c.Err {
			t.Errorf("call %d differs after the fix\nbefore: %s\nafter:  %s", i+1, b, a)
		}
	}
	switch k {
	case release:
		if !b.hung() && b.InUse == 0 {
			t.Errorf("the shape leaks nothing before the fix: it proves nothing\nbefore: %s", b)
		}
	case same, withCtx, lifetime, harmful:
		if b.hung() || len(b.Calls) != len(a.Calls) {
			t.Errorf("the calls differ\nbefore: %s\nafter:  %s", b, a)
		}
	}
	switch k {
	case withCtx:
		if b.Cancelled.Err != "" || !strings.Contains(a.Cancelled.Err, "context canceled") {
			t.Errorf("the context does not reach the query after the fix (and only then)\nbefore: %s\nafter:  %s", b, a)
		}
	case lifetime:
		if b.MaxLifetimeClosed == 0 || a.MaxLifetimeClosed != 0 {
			t.Errorf("connections closed for age: %d before, %d after; want some, then none", b.MaxLifetimeClosed, a.MaxLifetimeClosed)
		}
	case dsn:
		const want = "user=app passwd=secret addr=db:3306 db=payments; user=app passwd=p@ss/w?rd addr=db:3306 db=payments; "
		if a.Calls[0].Out != want {
			t.Errorf("after the fix the DSNs parse to\n%s\nwant\n%s", a.Calls[0].Out, want)
		}
	}
}
