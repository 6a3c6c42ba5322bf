//go:build unix

package safefile

import "syscall"

// nonblock keeps open from blocking on a named pipe swapped in after Stat.
const nonblock = syscall.O_NONBLOCK
