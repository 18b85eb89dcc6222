package lifecycle_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/dbpoollint/dbpoollint/internal/lifecycle"
	"github.com/dbpoollint/dbpoollint/internal/scope"
	"github.com/dbpoollint/dbpoollint/internal/sqlapi"
	"github.com/dbpoollint/dbpoollint/internal/testroot"
)

var fates = map[lifecycle.Fate]string{
	lifecycle.Tracked:    "tracked",
	lifecycle.Discarded:  "discarded",
	lifecycle.HandedOver: "handed-over",
	lifecycle.Released:   "released",
}

var exits = map[lifecycle.ExitKind]string{
	lifecycle.Return:    "return",
	lifecycle.End:       "end",
	lifecycle.Reassign:  "reassign",
	lifecycle.Iteration: "iteration",
	lifecycle.Continue:  "continue",
}

// probe reports what the engine decided for every producing call, so that
// the cases read as "// want" comments.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report the lifecycle engine's decisions",
	Requires: []*analysis.Analyzer{scope.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, h := range lifecycle.Of(pass).Kinds(sqlapi.Rows, sqlapi.Row, sqlapi.Stmt, sqlapi.Tx, sqlapi.Conn) {
			facts := []string{h.Kind.String(), fates[h.Fate]}
			if h.OnTx {
				facts = append(facts, "on-tx")
			}
			if h.Escapes {
				facts = append(facts, "escapes")
			}
			for _, x := range h.Leaks {
				facts = append(facts, fmt.Sprintf("leak:%s@%d", exits[x.Kind], pass.Fset.Position(x.Pos).Line))
			}
			for _, d := range h.Drains {
				facts = append(facts, fmt.Sprintf("drain@%d", pass.Fset.Position(d.Pos).Line))
			}
			if h.Same != nil {
				facts = append(facts, fmt.Sprintf("same@%d", pass.Fset.Position(h.Same.Call.Pos()).Line))
			}
			if len(h.Releasers) > 0 {
				var names []string
				for _, r := range h.Releasers {
					names = append(names, r.Name())
				}
				facts = append(facts, "releasers:"+strings.Join(names, ","))
			}
			if h.DeferInLoop != nil {
				facts = append(facts, fmt.Sprintf("defer-in-loop@%d", pass.Fset.Position(h.DeferInLoop.Pos()).Line))
			}
			pass.Reportf(h.Call.Pos(), "%s", strings.Join(facts, " "))
		}
		return nil, nil
	},
}

// probes is one load of the packages the probe's tests check (see
// testroot.Load).
var probes = &testroot.Load{
	Analyzer: func() *analysis.Analyzer { return probe },
	Pkgs:     []string{"rowsclose/engine", "lifecycle/layers", "example.com/sqlc/db", "example.com/sqlc/pgdb"},
}

func TestEngineDecidesTheFateOfEveryProducedHandle(t *testing.T) {
	t.Parallel()
	probes.Check(t, "rowsclose/engine")
}

// Issue 21's layers: wrappers embedding a handle, close helpers taking an
// io.Closer, helpers returning release functions (with the handle or
// alone), constructors that fail without keeping a transaction.
func TestEngineFollowsHandlesThroughRepositoriesAndWrappers(t *testing.T) {
	t.Parallel()
	probes.Check(t, "lifecycle/layers")
}

// liveProbe reports the lines of every handle's live region, as ranges.
var liveProbe = &analysis.Analyzer{
	Name:     "liveprobe",
	Doc:      "report the lifecycle engine's live regions",
	Requires: []*analysis.Analyzer{scope.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, h := range lifecycle.Of(pass).Handles {
			var lines []int
			for n := range h.Live {
				lines = append(lines, pass.Fset.Position(n.Pos()).Line)
			}
			slices.Sort(lines)
			lines = slices.Compact(lines)
			var ranges []string
			for i := 0; i < len(lines); {
				j := i
				for j+1 < len(lines) && lines[j+1] <= lines[j]+1 {
					j++
				}
				ranges = append(ranges, fmt.Sprintf("%d-%d", lines[i], lines[j]))
				i = j + 1
			}
			pass.Reportf(h.Call.Pos(), "%s live:%s", h.Kind, strings.Join(ranges, ","))
		}
		return nil, nil
	},
}

func TestLiveRegionsRunFromTheProducerToTheRelease(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, testroot.TestData(), liveProbe, "lifecycle/live")
}
