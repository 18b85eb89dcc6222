//go:build unix

package lifecycle_test

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used (user and system):
// unlike the wall clock, it does not grow when other processes share the
// machine's cores.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
