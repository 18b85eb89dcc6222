//go:build !linux

package buildcache

import "os/exec"

// interruptWithParent does nothing where the kernel cannot signal a child
// when its parent dies.
func interruptWithParent(*exec.Cmd) {}
