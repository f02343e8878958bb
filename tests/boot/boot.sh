#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Boot tests: the kernel initialises completely, reaches the start of
# init, and ends the way its documentation says.

. "$(dirname "$0")/../lib.sh"

# With an empty tmpfs as root there is no init: the kernel's own panic.
boot "$SCRATCH/noinit" 60 root=none rootfstype=tmpfs
check "boot: printk from the first line" \
	grep -q "Linux version 6.12" "$SCRATCH/noinit"
check "boot: console registered as tty" \
	grep -q "console \[tty0\] enabled" "$SCRATCH/noinit"
check "boot: timekeeping on the host clock" \
	grep -q "Switched to clocksource host" "$SCRATCH/noinit"
check "boot: root file system mounted" \
	grep -q "VFS: Mounted root (tmpfs filesystem)" "$SCRATCH/noinit"
check "boot: kernel reaches init" \
	grep -q "Run /sbin/init as init process" "$SCRATCH/noinit"
check "boot: no init ends in the kernel's panic" \
	grep -q "Kernel panic - not syncing: No working init found" "$SCRATCH/noinit"
check "boot: panic exits with status 1" \
	test "$(status_of "$SCRATCH/noinit")" = 1
check "boot: no oops or warning before the panic" \
	sh -c "! sed -n '/Kernel panic/q;p' '$SCRATCH/noinit' |
	       grep -qE 'BUG:|WARNING:|Oops|Call Trace'"

# The same as an unprivileged user, from a copy only that user can run.
if id nobody >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	cp "$LINUX" "$SCRATCH/linux" && chmod 755 "$SCRATCH/linux"
	timeout -k 5 60 setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$SCRATCH/linux" root=none rootfstype=tmpfs \
		</dev/null >"$SCRATCH/nobody" 2>&1
	echo $? >"$SCRATCH/nobody.status"
	check "non-root: boots to the init panic" \
		grep -q "No working init found" "$SCRATCH/nobody"
	check "non-root: panic status" test "$(status_of "$SCRATCH/nobody")" = 1
elif [ "$(id -u)" != 0 ]; then
	boot "$SCRATCH/nobody" 60 root=none rootfstype=tmpfs
	check "non-root: boots to the init panic" \
		grep -q "No working init found" "$SCRATCH/nobody"
	check "non-root: panic status" test "$(status_of "$SCRATCH/nobody")" = 1
else
	fail "non-root" "no user 'nobody' to run as"
fi

# An idle kernel, waiting for a root device that never comes; stopped
# by signals, and waited for (10 s at most): its exit status.
start_idle() {
	"$LINUX" root=/dev/absent rootwait </dev/null >"$SCRATCH/$1" 2>&1 &
	pid=$!
	echo $pid >"$SCRATCH/$1.pid"
}
stop_idle() {
	for sig in "$@"; do kill -"$sig" $pid 2>/dev/null; done
	i=0
	while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	wait $pid
}

# It must sleep in the host, and SIGTERM must power it off in order.
start_idle idle
sleep 2
ticks0=$(awk '{print $14 + $15}' /proc/$pid/stat 2>/dev/null || echo 0)
sleep 3
ticks1=$(awk '{print $14 + $15}' /proc/$pid/stat 2>/dev/null || echo 999)
# Three seconds are 300 ticks; an idle kernel uses almost none of them.
check "idle: sleeps in the host (<5% CPU)" test $((ticks1 - ticks0)) -le 15
stop_idle TERM
st=$?
check "SIGTERM: orderly poweroff, exit 128+15" test "$st" = 143
check "SIGTERM: kernel powered off" grep -q "reboot: Power down" "$SCRATCH/idle"
check "SIGTERM: no process left" sh -c "! kill -0 $pid 2>/dev/null"

# The host's CPU time limit past its soft value (SIGXCPU, again every
# CPU second until the hard limit): an orderly poweroff, however often.
start_idle xcpu
sleep 1
stop_idle XCPU XCPU
st=$?
check "SIGXCPU: orderly poweroff, exit 128+24" test "$st" = 152
check "SIGXCPU: kernel powered off, a second one notwithstanding" \
	grep -q "reboot: Power down" "$SCRATCH/xcpu"

# Bad command lines: one line on stderr, status 2, nothing booted.
"$LINUX" mem=lots >"$SCRATCH/bad.out" 2>"$SCRATCH/bad.err"
st=$?
check "bad mem=: exit status 2" test "$st" = 2
check "bad mem=: one line error" test "$(wc -l <"$SCRATCH/bad.err")" = 1
check "bad mem=: nothing booted" test ! -s "$SCRATCH/bad.out"
"$LINUX" con0=fd:99 >"$SCRATCH/badcon.out" 2>"$SCRATCH/badcon.err"
check "bad con0=: exit status 2" test "$?" = 2
"$LINUX" --help >"$SCRATCH/help" 2>&1
check "--help: exit 0" test "$?" = 0
check "--help: documents exit statuses" grep -q "Exit status" "$SCRATCH/help"
"$LINUX" --version >"$SCRATCH/version" 2>&1
check "--version: names the kernel" grep -q "Linux 6.12" "$SCRATCH/version"

# initrd=FILE: a cpio with busybox; the kernel unpacks it and runs a
# guest shell as init, which powers the machine off.
mkdir -p "$SCRATCH/initrd/bin"
cp /bin/busybox "$SCRATCH/initrd/bin/"
for applet in sh echo poweroff; do ln -s busybox "$SCRATCH/initrd/bin/$applet"; done
(cd "$SCRATCH/initrd" && find . | cpio -o -H newc --quiet) >"$SCRATCH/initrd.cpio"
boot "$SCRATCH/initrd.out" 60 initrd="$SCRATCH/initrd.cpio" rdinit=/bin/sh \
	-- -c 'echo guest says $((6 * 7)); exec poweroff -f'
check "initrd=: unpacked" grep -q "Freeing initrd memory" "$SCRATCH/initrd.out"
check "initrd=: /bin/sh runs as init" grep -q "Run /bin/sh as init process" "$SCRATCH/initrd.out"
check "guest: a shell computes and prints" grep -q "guest says 42" "$SCRATCH/initrd.out"
check "guest: poweroff -f powers off" grep -q "reboot: Power down" "$SCRATCH/initrd.out"
check "guest: poweroff exits with status 0" test "$(status_of "$SCRATCH/initrd.out")" = 0
"$LINUX" initrd="$SCRATCH/absent.cpio" >"$SCRATCH/noinitrd.out" 2>"$SCRATCH/noinitrd.err"
check "initrd=: missing file is exit 2" test "$?" = 2
check "initrd=: missing file named in one line" \
	sh -c "test \$(wc -l <'$SCRATCH/noinitrd.err') = 1 && grep -q absent.cpio '$SCRATCH/noinitrd.err'"

# mem= sizes the kernel's memory.
boot "$SCRATCH/mem" 60 mem=64M root=none rootfstype=tmpfs
avail=$(sed -n 's/.*Memory: \([0-9]*\)K\/.*/\1/p' "$SCRATCH/mem")
check "mem=64M: kernel has 60-64 MiB to give out" \
	test "${avail:-0}" -gt 61440 -a "${avail:-0}" -le 65536
