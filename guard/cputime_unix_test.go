//go:build unix

package guard_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used: on a busy machine, wall time
// per operation says more about the neighbours than about the guard.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
