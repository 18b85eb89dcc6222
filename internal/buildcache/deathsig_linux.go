package buildcache

import (
	"os/exec"
	"syscall"
)

// interruptWithParent makes the kernel interrupt cmd when the process that
// started it dies, killed or not (go test's timeout, kill -9): the go
// command then stops its children and removes its temporary directory
// instead of building on, orphaned.
func interruptWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGINT}
}
