package buildcache

import (
	"os/exec"
	"syscall"
)

// isolate runs cmd in a process group of its own, killed whole when ctx
// ends, and has the kernel kill cmd when the process that started it dies
// (go test's timeout, kill -9), so that a go command and the compilers it
// runs do not build on, orphaned.
func isolate(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
