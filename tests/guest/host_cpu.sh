#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A guest program that sleeps leaves the host idle.  The seccomp stub
# spins for the kernel's answer as long as answers have taken lately
# (up to ~1 ms): a program sleeping 3 ms at a time must teach it not to
# spin, or a sleeping guest keeps a host CPU busy.  Measured on the host:
# the CPU time of ./linux and of its stubs over two seconds of sleeps.

. "$(dirname "$0")/../lib.sh"

root=$SCRATCH/root
mkdir -p "$root"
cat >"$SCRATCH/sleeper.c" <<'PROG'
#include <stdio.h>
#include <sys/reboot.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct timespec nap = { 0, 3000000 }, start, now;

	printf("sleeping\n");
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		nanosleep(&nap, NULL);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec - start.tv_sec < 5);
	printf("slept\n");
	fflush(stdout);
	reboot(RB_POWER_OFF);
	return 0;
}
PROG
if ! gcc -static -O2 -Wall -Wextra -Werror -o "$root/init" "$SCRATCH/sleeper.c"; then
	fail "host CPU: build the sleeper" "gcc failed"
	exit 0
fi
cpio_of "$root" "$SCRATCH/root.cpio"

out=$SCRATCH/sleeper.out
timeout -k 5 60 "$LINUX" mem=64M initrd="$SCRATCH/root.cpio" </dev/null \
	>"$out" 2>&1 &
pid=$!
echo $pid >"$SCRATCH/sleeper.pid"

# utime + stime of ./linux (the timeout's child) and of its stubs, in ticks
ticks_of_tree() {
	kernel=$(pgrep -P "$1" | head -n 1)
	[ -n "$kernel" ] || { echo 0; return; }
	for p in "$kernel" $(pgrep -P "$kernel"); do
		awk '{ print $14 + $15 }' /proc/"$p"/stat 2>/dev/null
	done | awk '{ sum += $1 } END { print sum + 0 }'
}

n=0
while ! grep -q "^sleeping" "$out" && [ $n -lt 300 ]; do
	sleep 0.1
	n=$((n + 1))
done
check "host CPU: the sleeper runs" grep -q "^sleeping" "$out"
# A second to learn, then two seconds measured: 200 ticks of one CPU.
sleep 1
ticks0=$(ticks_of_tree $pid)
sleep 2
ticks1=$(ticks_of_tree $pid)
wait $pid
st=$?
used=$((ticks1 - ticks0))
check "host CPU: a guest sleeping 3 ms at a time keeps it under 13% ($used of 200 ticks)" \
	test "$used" -le 26
check "host CPU: the sleeper finished and powered off" test "$st" = 0
check "host CPU: it slept to the end" grep -q "^slept" "$out"
