//go:build !linux

package buildcache

import "os/exec"

// isolate kills cmd when ctx ends (elsewhere than on Linux, its children
// may outlive it).
func isolate(cmd *exec.Cmd) {
	cmd.Cancel = func() error { return cmd.Process.Kill() }
}
