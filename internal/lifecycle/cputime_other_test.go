//go:build !unix

package lifecycle_test

import "time"

// cpuTime falls back to the wall clock where getrusage is not available.
func cpuTime() time.Duration { return time.Duration(time.Now().UnixNano()) }
