#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The default root file system (scripts/mkrootfs.sh) boots to a shell
# that runs what is typed on the console and powers off when left.

. "$(dirname "$0")/../lib.sh"

if ! sh "$REPO/scripts/mkrootfs.sh" "$SCRATCH" >"$SCRATCH/mkrootfs.out" 2>&1; then
	fail "rootfs: scripts/mkrootfs.sh builds the images" "$(tail -n 1 "$SCRATCH/mkrootfs.out")"
	exit 0
fi
pass "rootfs: scripts/mkrootfs.sh builds the images"
check "rootfs: rootfs.img is a clean ext4 file system" \
	sh -c "e2fsck -fn '$SCRATCH/rootfs.img' >/dev/null 2>&1"

# Typed input waits until the shell can have started.
(sleep 2; printf 'echo typed-$((6 * 7)); cat /proc/mounts\n'; sleep 1; printf 'exit\n') |
	timeout -k 5 60 "$LINUX" initrd="$SCRATCH/rootfs.cpio" >"$SCRATCH/boot.out" 2>&1
status=$?
check "rootfs: the console shell runs typed commands" grep -q "typed-42" "$SCRATCH/boot.out"
check "rootfs: init mounted proc, sysfs, devtmpfs, tmpfs, cgroup2" \
	sh -c "for fs in proc sysfs devtmpfs tmpfs cgroup2; do grep -q \" \$fs \" '$SCRATCH/boot.out' || exit 1; done"
check "rootfs: leaving the shell powers off (status 0)" test "$status" = 0

# Root on the block driver; a host SIGTERM powers it off in order (init
# takes busybox's poweroff signal) and leaves a clean file system.
"$LINUX" ubd0="$SCRATCH/rootfs.img" </dev/null >"$SCRATCH/term.out" 2>&1 &
kpid=$!
echo $kpid >"$SCRATCH/term.pid"
n=0
while ! grep -q "hostlinux: busybox root" "$SCRATCH/term.out" && [ $n -lt 300 ]; do
	sleep 0.1
	n=$((n + 1))
done
sleep 1
kill -TERM $kpid
n=0
while kill -0 $kpid 2>/dev/null && [ $n -lt 300 ]; do
	sleep 0.1
	n=$((n + 1))
done
kill -KILL $kpid 2>/dev/null
wait $kpid
status=$?
check "rootfs: on ubd0, host SIGTERM powers off in order (status 143)" test "$status" = 143
check "rootfs: and leaves the ext4 root clean" \
	sh -c "e2fsck -fn '$SCRATCH/rootfs.img' >/dev/null 2>&1"
