// Command unqueryvet runs github.com/MirrexOne/unqueryvet (the version
// pinned in bench/go.mod) as a standalone checker built against the same
// x/tools as dbpoollint, with its own default settings and its
// transaction-leak and N+1 checks on (its -tx-leak and -n1 flags;
// golangci-lint's check-tx-leaks and check-n1-queries). Its SELECT * and
// SQL injection findings are out of the bench's triage (report.go keeps
// the transaction-leak and N+1 ones only).
package main

import (
	"github.com/MirrexOne/unqueryvet"
	"github.com/MirrexOne/unqueryvet/pkg/config"
	"golang.org/x/tools/go/analysis/singlechecker"
)

func main() {
	cfg := config.DefaultSettings()
	cfg.N1DetectionEnabled = true
	cfg.TxLeakDetectionEnabled = true
	singlechecker.Main(unqueryvet.NewWithConfig(&cfg))
}
